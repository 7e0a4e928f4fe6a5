import { Module } from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';
import { AppConfig } from '../config';
import { assignRequestId } from './request-id';
import { responseBytes } from './response-bytes.middleware';
import { traceLogFields } from './trace-context';

/** Paths probed every few seconds by orchestrators; logging them would drown everything else. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready']);

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
];

/** Request-scoped fields added by later modules (auth sets user and tenant). */
export interface LogContext {
  userId?: string;
  tenantId?: string;
}

/** pino-http options shared by the request logger (installed first in the Express stack) and nestjs-pino. */
export function buildPinoHttpOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    genReqId: assignRequestId,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    // On the request's child logger, so every line of the request carries the caller's trace (W3C traceparent).
    customProps: (req) => traceLogFields(req),
    serializers: {
      req: (req: { method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
        method: req.method,
        url: req.url,
        ip: req.remoteAddress,
        userAgent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customSuccessObject: (req, res, value: Record<string, unknown>) => ({ ...value, ...requestFacts(req as unknown as Request, res) }),
    customErrorObject: (req, res, _error, value: Record<string, unknown>) => ({
      ...value,
      ...requestFacts(req as unknown as Request, res),
    }),
    // originalUrl is Express's; a request that never reached Express only has Node's url.
    customSuccessMessage: (req, res) => `${req.method} ${(req as Partial<Request>).originalUrl ?? req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${(req as Partial<Request>).originalUrl ?? req.url} ${res.statusCode}`,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
  };
}

/**
 * The request logger, to be the first Express middleware so that every
 * response (body-parser errors and unknown routes included) is logged once
 * under its request id.
 */
export function createRequestLogger(config: AppConfig, destination?: DestinationStream): RequestHandler {
  const logger: HttpLogger = pinoHttp(buildPinoHttpOptions(config), destination);
  return (req, res, next) =>
    logger(req, res, () => {
      // pino-http's quiet request logger carries only the request id; the trace belongs on every line too.
      const trace = traceLogFields(req);
      if (trace.traceId) req.log = req.log.child(trace);
      next();
    });
}

/**
 * nestjs-pino for application logs. `useExisting` binds each request's logger
 * (from createRequestLogger) instead of installing a second middleware, which
 * with a global prefix would run twice for excluded routes.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: buildPinoHttpOptions(config), useExisting: true }),
    }),
  ],
})
export class LoggingModule {}

function requestFacts(req: Request, res: unknown): Record<string, unknown> {
  const context = (req as Request & { logContext?: LogContext }).logContext ?? {};
  return {
    route: (req.route as { path?: string } | undefined)?.path ? `${req.baseUrl}${(req.route as { path: string }).path}` : undefined,
    bytes: responseBytes(res),
    ...context,
  };
}
