import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfigOrExit, serve, useBootstrapLogger } from '@quorum/platform';
import { Logger as PinoLogger } from 'nestjs-pino';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { ProbeJobsModule } from './probe-jobs.module';

/** The worker app, as apps/worker/src/main.ts runs it, with the probe queue's processor: a real process a test can kill. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  useBootstrapLogger(config);
  const root = WorkerModule.forRoot({ config, databaseUrl: config.databaseUrl! });
  const app = await NestFactory.create<NestExpressApplication>(
    { ...root, imports: [...(root.imports ?? []), ProbeJobsModule] },
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(PinoLogger));
  await serve(app, { port: config.workerPort, config, logger: new Logger() });
}

main().catch((error: Error) => {
  process.stderr.write(`probe worker failed to start: ${error.stack}\n`);
  process.exit(1);
});
