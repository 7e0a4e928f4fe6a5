import { Logger } from '@nestjs/common';
import {
  type ErrorReporter,
  exitAfterFailedStart,
  loadConfigOrExit,
  resolveDatabase,
  serve,
  startErrorReporting,
  useBootstrapLogger,
} from '@quorum/platform';
import { createApp } from './create-app';

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
  if (config.jwtSecretGenerated)
    logger.warn('JWT_SECRET is not set: using a random secret for this run; tokens will not survive a restart.');
  logger.log(
    config.redisUrl
      ? 'REDIS_URL is set: cache, rate limits and realtime are shared through Redis'
      : 'REDIS_URL is not set: single-instance mode with in-memory cache, rate limits and realtime',
  );

  const database = await resolveDatabase(config);
  try {
    const app = await createApp({ config, databaseUrl: database.url });
    await serve(app, { port: config.port, config, logger: new Logger(), embedded: database.embedded });
    logger.log(`api listening on port ${config.port}; docs at /api/docs`);
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
}

bootstrap().catch((error: Error) => exitAfterFailedStart(error, reporter));
