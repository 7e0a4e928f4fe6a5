import { Logger, NotFoundException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_TRANSCRIPT_BYTES } from '@quorum/meetings';
import {
  AdmissionGate,
  type AppConfig,
  compressionWhenAccepted,
  corsWhenCrossOrigin,
  countResponseBytes,
  createRequestLogger,
  ErrorReporter,
  HttpMetrics,
  MetricsRegistry,
  ProblemException,
  refuseDeeplyNestedJson,
  rejectMalformedPath,
  RequestContext,
  ROOT_LOGGER,
  securityHeaders,
  sendProblem,
  sendRefusal,
  setVersionETags,
} from '@quorum/platform';
import compression from 'compression';
import cors, { type CorsOptions } from 'cors';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

const TRANSCRIPT_IMPORT_PATH = '/api/v1/meetings/:id/transcript';
const transcriptText = express.text({ type: () => true, limit: MAX_TRANSCRIPT_BYTES });
const INBOUND_WEBHOOK_PATH = '/api/v1/sync/inbound/:sourceId';
const JSON_TYPES = ['application/json', 'application/*+json'];

/** Express-level concerns, in the order a request meets them. */
export function setupHttp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.set('x-powered-by', false);
  // Once, on the app's response prototype: nothing per request.
  const expressApp = app.getHttpAdapter().getInstance() as Express;
  countResponseBytes(expressApp);
  setVersionETags(expressApp);
  // Timed from the first middleware on; the route template is read once the response is done.
  app.use(app.get(HttpMetrics).middleware);
  // Then, so that every response, body-parser errors and unknown routes included, is logged under its request id.
  app.use(createRequestLogger(app.get(ROOT_LOGGER)));
  // Then, before anything is built for it, the request waits for its turn (bodiless API requests; see AdmissionGate).
  app.use('/api', admissionGate(app, config).middleware);
  // Gives the rest of the request an async context the auth guard fills with the verified principal.
  app.use(RequestContext.middleware);
  app.use(rejectMalformedPath);
  app.use(securityHeaders());
  app.use(compressionWhenAccepted(compression()));
  const corsOptions: CorsOptions = {
    origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins.length ? config.corsOrigins : false,
    // Credentials only ever go to named origins: browsers refuse them with "*", and so do we.
    credentials: !config.corsOrigins.includes('*'),
    exposedHeaders: [
      'X-Request-Id',
      'ETag',
      'Location',
      'Retry-After',
      'Idempotent-Replayed',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ],
    maxAge: 600,
  };
  app.use(corsWhenCrossOrigin(cors(corsOptions)));
  // Transcript imports may be 10 MB in any of their formats; they are parsed as text (JSON too, so
  // syntax errors can name a line), and the JSON parser below then leaves them alone.
  app.use(TRANSCRIPT_IMPORT_PATH, (req: Request, res: Response, next: NextFunction) =>
    req.method === 'POST' ? transcriptText(req, res, next) : next(),
  );
  // Inbound webhooks are signed over their exact bytes: kept as a Buffer (same types and limit as any JSON body) for
  // the route's guard to verify, then parse; the JSON parser below leaves them alone.
  const inboundRaw = express.raw({ type: JSON_TYPES, limit: config.bodyLimitBytes, verify: refuseDeeplyNestedJson });
  app.use(INBOUND_WEBHOOK_PATH, (req: Request, res: Response, next: NextFunction) =>
    req.method === 'POST' ? inboundRaw(req, res, next) : next(),
  );
  app.use(express.json({ limit: config.bodyLimitBytes, type: JSON_TYPES, verify: refuseDeeplyNestedJson }));
  const logger = new Logger('Http');
  const reporter = app.get(ErrorReporter);
  // Body-parser errors (413, malformed JSON, bad charset) and malformed paths happen before Nest sees the request.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    sendProblem(req, res, error, config, logger, reporter);
  });
}

/** The gate of setupHttp, with its queue and refusals on /metrics; it sheds what still waits when the server closes. */
function admissionGate(app: NestExpressApplication, config: AppConfig): AdmissionGate {
  const metrics = app.get(MetricsRegistry);
  const shed = metrics.counter('quorum_http_shed_requests_total', 'API requests refused with 503 overloaded after waiting for a turn.');
  const gate = new AdmissionGate({ maxInFlight: config.httpMaxInFlight, maxWaitMs: config.httpQueueTimeoutMs }, (req, res) => {
    shed.inc();
    sendRefusal(
      req,
      res,
      new ProblemException({
        status: 503,
        slug: 'overloaded',
        title: 'Overloaded',
        detail: `The server had no turn free for this request within ${config.httpQueueTimeoutMs} ms. Try again shortly.`,
        headers: { 'Retry-After': '1' },
      }),
      config,
    );
  });
  metrics.gauge('quorum_http_queued_requests', 'API requests waiting for their turn to enter the pipeline.', {
    collect: (gauge) => gauge.set(gate.queued),
  });
  app.getHttpServer().once('close', () => gate.close());
  return gate;
}

/** Runs after app.init(), behind every route: unknown paths and methods get a problem, not Express's HTML page. */
export function setupFallback(app: NestExpressApplication, config: AppConfig): void {
  const logger = new Logger('Http');
  const reporter = app.get(ErrorReporter);
  app.use((req: Request, res: Response) => sendProblem(req, res, new NotFoundException(), config, logger, reporter));
}
