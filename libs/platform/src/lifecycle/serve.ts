import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { type GracefulShutdownOptions, installGracefulShutdown } from './graceful-shutdown';
import { applyHttpLimits } from './http-limits';

export interface ServeOptions extends GracefulShutdownOptions {
  port: number;
}

/** Listens the way every Quorum process does, api and worker alike: the platform's HTTP limits, then graceful shutdown. */
export async function serve(app: INestApplication, { port, ...shutdown }: ServeOptions): Promise<Server> {
  const server = app.getHttpServer() as Server;
  applyHttpLimits(server, shutdown.config);
  // Before listening, so the drain knows every connection.
  installGracefulShutdown(app, shutdown);
  await app.listen(port);
  return server;
}
