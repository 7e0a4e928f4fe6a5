import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type ErrorReporter,
  exitAfterFailedStart,
  loadConfigOrExit,
  resolveDatabase,
  serve,
  startErrorReporting,
  useBootstrapLogger,
} from '@quorum/platform';
import { Logger as PinoLogger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** Started first thing, so that a failure to start is reported too. */
let reporter: ErrorReporter | undefined;

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  useBootstrapLogger(config);
  const logger = new Logger('Bootstrap');
  // First, so that a process crash from here on is reported; the app's ErrorReporter is this same one.
  reporter = startErrorReporting(config);
  if (config.sentryDsn)
    logger.log(`SENTRY_DSN is set: unexpected errors are reported to Sentry (${config.sentryEnvironment}, ${config.sentryRelease})`);
  logger.log(
    config.redisUrl
      ? 'REDIS_URL is set: cache and counters shared through Redis'
      : 'REDIS_URL is not set: single-instance mode, everything in memory',
  );
  const database = await resolveDatabase(config);
  try {
    const app = await NestFactory.create<NestExpressApplication>(WorkerModule.forRoot({ config, databaseUrl: database.url }), {
      bufferLogs: true,
      abortOnError: false,
    });
    app.useLogger(app.get(PinoLogger));
    await serve(app, { port: config.workerPort, config, logger: new Logger(), embedded: database.embedded });
    logger.log(`worker started; health on port ${config.workerPort}`);
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
}

bootstrap().catch((error: Error) => exitAfterFailedStart(error, reporter));
