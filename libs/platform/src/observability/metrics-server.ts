import { Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import express, { type Request, type Response } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppConfig } from '../config';
import { sendProblem } from '../errors/problem-details.filter';
import { ErrorReporter } from './error-reporter';
import { MetricsRegistry } from './metrics-registry';
import { authorizeScrape } from './scrape-auth';

/**
 * With METRICS_PORT set, /metrics is served by this small server on that port
 * instead of the main one (which then answers 404), so it can stay off the
 * public ingress. It starts with the app and stops with it.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly config: AppConfig,
    private readonly reporter: ErrorReporter,
  ) {}

  /** The port it listens on, once started (the tests ask for port 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    const app = express();
    app.set('x-powered-by', false);
    app.get('/metrics', (req: Request, res: Response) => {
      try {
        authorizeScrape(req.headers.authorization, this.config.metricsToken);
      } catch (error) {
        return sendProblem(req, res, error, this.config, this.logger, this.reporter);
      }
      this.metrics.scrape().then(
        (body) => res.set('Cache-Control', 'no-store').type(this.metrics.contentType).send(body),
        (error: unknown) => sendProblem(req, res, error, this.config, this.logger, this.reporter),
      );
    });
    app.use((req: Request, res: Response) => sendProblem(req, res, new NotFoundException(), this.config, this.logger, this.reporter));
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics on port ${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
