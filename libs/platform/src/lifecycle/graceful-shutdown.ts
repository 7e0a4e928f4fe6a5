import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';
import { type AppConfig } from '../config';
import { type EmbeddedPostgres } from '../database/embedded-postgres';
import { ShutdownState } from '../health/shutdown-state';
import { ConnectionDrain } from './connection-drain';

export interface GracefulShutdownOptions {
  config: AppConfig;
  logger: LoggerService;
  /** Stopped last, after every connection to it is closed. */
  embedded?: EmbeddedPostgres;
}

/**
 * SIGTERM/SIGINT: readiness turns 503 at once and every response from then
 * on carries Connection: close; the server stops accepting connections;
 * requests in flight finish, streams included (bounded by
 * SHUTDOWN_TIMEOUT_MS), and each connection is closed as it goes idle (see
 * ConnectionDrain); then Nest's shutdown hooks close sockets, queues, Redis
 * and the database, and the process exits 0. We drive this ourselves
 * instead of enableShutdownHooks() because Nest would close providers while
 * requests are still running.
 *
 * Call before app.listen(), so that every connection is tracked.
 */
export function installGracefulShutdown(app: INestApplication, { config, logger, embedded }: GracefulShutdownOptions): void {
  const state = app.get(ShutdownState);
  const connections = new ConnectionDrain(app.getHttpServer() as Server, () => state.shuttingDown);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Whatever happens below, never hang: a stuck close must not block a redeploy.
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${config.shutdownTimeoutMs + 10_000} ms; exiting anyway`, undefined, 'Shutdown');
      process.exit(1);
    }, config.shutdownTimeoutMs + 10_000).unref();

    logger.log(`${signal} received: not ready any more, draining connections`, 'Shutdown');
    await state.begin();
    const drained = await connections.drain(config.shutdownTimeoutMs);
    if (drained.destroyed > 0) {
      logger.warn(
        `requests still in flight after ${config.shutdownTimeoutMs} ms (SHUTDOWN_TIMEOUT_MS); destroyed ${drained.destroyed} connection(s)`,
        'Shutdown',
      );
    } else {
      logger.log(`all connections closed after ${drained.durationMs} ms`, 'Shutdown');
    }
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
