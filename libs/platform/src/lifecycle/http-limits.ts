import type { Server } from 'node:http';
import { type AppConfig } from '../config';
import { answerClientErrors } from '../http/client-error.handler';

/**
 * What a client may take before its request reaches Express: the headers and
 * the whole request must arrive within REQUEST_TIMEOUT_MS (the
 * RequestDeadlineGuard then bounds the handler by the same figure), and the
 * request line plus headers must fit Node's --max-http-header-size (16 KB by
 * default). Breaches are answered as problems by answerClientErrors.
 */
export function applyHttpLimits(server: Server, config: AppConfig): void {
  server.requestTimeout = config.requestTimeoutMs;
  // Node requires headersTimeout <= requestTimeout; headers get no more time than the whole request.
  server.headersTimeout = config.requestTimeoutMs;
  // Node enforces both deadlines only on this tick (30 s by default, read when listening starts), so a
  // slow client was held up to that much longer; a tenth of the timeout keeps the overshoot small.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1000,
    Math.max(100, Math.floor(config.requestTimeoutMs / 10)),
  );
  answerClientErrors(server);
}
