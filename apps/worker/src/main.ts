import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { resolveDatabase, runProcess, serve } from '@quorum/platform';
import { Logger as PinoLogger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

runProcess(async (config, logger) => {
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
});
