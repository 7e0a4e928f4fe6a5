import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type AppConfig } from '@quorum/platform';
import { setupRealtime } from '@quorum/realtime';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { setupDocs } from './bootstrap/setup-docs';
import { setupFallback, setupHttp } from './bootstrap/setup-http';
import { setupRouting } from './bootstrap/setup-routing';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** More modules for the api: the end-to-end tests add their own queues and processors this way. */
  imports?: DynamicModule['imports'];
}

/** Builds the api exactly as production runs it; main.ts and the end-to-end tests both call this. */
export async function createApp({ config, databaseUrl, imports = [] }: CreateAppOptions): Promise<NestExpressApplication> {
  const root = AppModule.forRoot({ config, databaseUrl });
  const app = await NestFactory.create<NestExpressApplication>(
    { ...root, imports: [...(root.imports ?? []), ...imports] },
    {
      bufferLogs: true,
      bodyParser: false,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(Logger));
  setupHttp(app, config);
  setupRouting(app);
  setupDocs(app, config);
  setupRealtime(app);
  await app.init();
  setupFallback(app, config);
  return app;
}
