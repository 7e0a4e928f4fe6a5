import { Logger } from '@nestjs/common';
import { resolveDatabase, runProcess, serve } from '@quorum/platform';
import { createApp } from './create-app';

runProcess(async (config, logger) => {
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
});
