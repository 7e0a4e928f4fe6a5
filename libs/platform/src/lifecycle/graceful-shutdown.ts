import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';
import { AppConfig } from '../config';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { ShutdownState } from '../health/shutdown-state';

export interface GracefulShutdownOptions {
  config: AppConfig;
  logger: LoggerService;
  /** Stopped last, after every connection to it is closed. */
  embedded?: EmbeddedPostgres;
}

/**
 * SIGTERM/SIGINT: readiness turns 503 at once, the server stops accepting
 * connections, in-flight requests finish (bounded by SHUTDOWN_TIMEOUT_MS),
 * then Nest's shutdown hooks close sockets, queues, Redis and the database,
 * and the process exits 0. We drive this ourselves instead of
 * enableShutdownHooks() because Nest would close providers while requests
 * are still running.
 */
export function installGracefulShutdown(app: INestApplication, { config, logger, embedded }: GracefulShutdownOptions): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Whatever happens below, never hang: a stuck close must not block a redeploy.
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${config.shutdownTimeoutMs + 10_000} ms; exiting anyway`, undefined, 'Shutdown');
      process.exit(1);
    }, config.shutdownTimeoutMs + 10_000).unref();

    logger.log(`${signal} received: not ready any more, draining in-flight requests`, 'Shutdown');
    await app.get(ShutdownState).begin();
    await drainHttp(app.getHttpServer() as Server, config.shutdownTimeoutMs, logger);
    try {
      await app.close();
      await embedded?.stop();
      logger.log('shutdown complete', 'Shutdown');
      process.exit(0);
    } catch (error) {
      logger.error(`error while shutting down: ${(error as Error).message}`, (error as Error).stack, 'Shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

async function drainHttp(server: Server, timeoutMs: number, logger: LoggerService): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections that go idle after their last response are closed as they free up.
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), timeoutMs);
  });
  const expired = await Promise.race([closed.then(() => false), timedOut]);
  clearInterval(sweeper);
  clearTimeout(timer);
  if (expired) {
    logger.warn(`in-flight requests still running after ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); closing their connections`, 'Shutdown');
    server.closeAllConnections();
    await closed;
  }
}
