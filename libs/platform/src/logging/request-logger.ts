import { performance } from 'node:perf_hooks';
import type { Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import { assignRequestId } from './request-id';
import { responseBytes } from './response-bytes';
import { traceLogFields } from './trace-context';

/** Paths probed every few seconds by orchestrators; logging them would drown everything else. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready']);

/** Request-scoped fields added by later modules (auth sets user and tenant). */
export interface LogContext {
  userId?: string;
  tenantId?: string;
}

type LoggedRequest = Request & { logContext?: LogContext };

const STARTED = Symbol('requestLogStarted');
const REFUSAL = Symbol('refusal');
type TimedResponse = Response & { [STARTED]?: number; [REFUSAL]?: true };

/**
 * Marks a 5xx the server gave by choice (load shedding) to be logged at warn,
 * like a 429: at error, an overload would write an error line per refusal.
 */
export function logAsRefusal(res: Response): void {
  (res as TimedResponse)[REFUSAL] = true;
}

/**
 * The request logger, to be installed before everything that can answer, so
 * that every response (body-parser errors and unknown routes included) gets
 * its request id and one line when it is done: info, warn for 4xx, error for
 * 5xx, and warn with status 499 for a response the client did not wait for.
 * The line is assembled only when its level is enabled, so at `warn` a 200
 * costs its close listener and nothing more.
 */
export function createRequestLogger(logger: Logger): RequestHandler {
  // One listener for every response ('close' calls it with the response as `this`): no closure per request.
  function onClose(this: TimedResponse): void {
    logResponse(logger, this.req, this, this[STARTED]!);
  }
  return (req, res, next) => {
    (res as TimedResponse)[STARTED] = performance.now();
    (req as { id?: string }).id = assignRequestId(req, res);
    // For code below that logs through the request (the problem filter); the mixin adds the request's fields.
    (req as { log?: Logger }).log = logger;
    res.on('close', onClose);
    next();
  };
}

function logResponse(logger: Logger, req: LoggedRequest, res: Response, started: number): void {
  const status = res.writableFinished ? res.statusCode : 499;
  const level: Level = status >= 500 && !(res as TimedResponse)[REFUSAL] ? 'error' : status >= 400 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  // originalUrl is Express's; a request that never reached Express only has Node's url.
  const url = (req as Partial<Request>).originalUrl ?? req.url;
  if (QUIET_PATHS.has(url.split('?')[0])) return;
  const route = (req.route as { path?: unknown } | undefined)?.path;
  logger[level](
    {
      requestId: (req as { id?: string }).id,
      ...traceLogFields(req),
      req: { method: req.method, url, ip: req.ip, userAgent: req.headers['user-agent'] },
      res: { statusCode: status },
      durationMs: Math.round(performance.now() - started),
      route: typeof route === 'string' ? `${req.baseUrl}${route}` : undefined,
      bytes: responseBytes(res),
      ...req.logContext,
    },
    `${req.method} ${url} ${status}`,
  );
}
