import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config';
import { ErrorReporter } from '../observability/error-reporter';
import { allowedMethods } from './allowed-methods';
import { ProblemException } from './problem.exception';
import { toProblem } from './to-problem';
import { isAnsweredByDeadline } from '../http/answered-by-deadline';
import { logAsRefusal } from '../logging/request-logger';

/**
 * The single exit for every HTTP error: whatever was thrown becomes an
 * `application/problem+json` body carrying the request id. 5xx errors are
 * logged with their stack and reported (ErrorReporter); clients only see
 * internals outside production.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly config: AppConfig,
    private readonly reporter: ErrorReporter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    sendProblem(http.getRequest<Request>(), http.getResponse<Response>(), exception, this.config, this.logger, this.reporter);
  }
}

/** Also used by the Express error middleware that guards the body parsers. */
export function sendProblem(
  req: Request,
  res: Response,
  exception: unknown,
  config: AppConfig,
  logger: Logger,
  reporter: ErrorReporter,
): void {
  // The request deadline has answered 504 already; what the abandoned handler throws afterwards is not news.
  if (isAnsweredByDeadline(res)) return;
  const problem = problemFor(req, res, unknownRouteProblem(req, exception) ?? exception, config);
  const { requestId } = problem.body;

  if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
    const log = (req as { log?: { error(obj: object, msg: string): void } }).log;
    if (log) log.error({ err: exception, requestId }, 'request failed');
    else logger.error({ err: exception, requestId }, 'request failed');
    // Only the server's failures: a 4xx is the client's to fix, and would drown the ones that matter.
    reporter.captureRequestError(exception, req, { status: problem.status, requestId });
  }
  writeProblem(res, problem);
}

/**
 * A refusal the server chose (load shedding): the same problem body, without
 * the error log and report a failure gets, which would flood both exactly
 * when the server is busiest. The request log records it at warn.
 */
export function sendRefusal(req: Request, res: Response, refusal: ProblemException, config: AppConfig): void {
  logAsRefusal(res);
  writeProblem(res, problemFor(req, res, refusal, config));
}

/** The problem document for `exception`, naming the request's path and id. */
function problemFor(req: Request, res: Response, exception: unknown, config: AppConfig): ReturnType<typeof toProblem> {
  // The request logger assigns the id first; a request that failed before it still gets whatever header there is.
  const requestId = String((req as Partial<Request>).id ?? res.getHeader('x-request-id') ?? '');
  return toProblem(exception, { instance: req.originalUrl.split('?')[0], requestId, exposeInternals: !config.isProduction });
}

function writeProblem(res: Response, problem: ReturnType<typeof toProblem>): void {
  if (res.headersSent) {
    // Too late for a problem body; cut the connection so the client sees a failure rather than a truncated success.
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.body));
}

/**
 * Nest answers unmatched routes with a NotFoundException "Cannot METHOD /path"
 * from its catch-all; our own fallback throws one with no route matched.
 */
function unknownRouteProblem(req: Request, exception: unknown): ProblemException | undefined {
  if (!(exception instanceof NotFoundException) || exception instanceof ProblemException) return undefined;
  if (req.route && !/^Cannot [A-Z]+ \//.test(exception.message)) return undefined;
  // Full path: inside Nest's catch-all `req.path` is relative to the /api mount.
  const path = req.originalUrl.split('?')[0];
  const allow = allowedMethods(req.app, path);
  if (allow.length > 0 && !allow.includes(req.method)) {
    return new ProblemException({
      status: 405,
      detail: `${req.method} is not allowed on ${path}; use ${allow.join(', ')}.`,
      headers: { Allow: allow.join(', ') },
    });
  }
  return new ProblemException({
    status: 404,
    slug: 'route-not-found',
    title: 'Route not found',
    detail: `No route matches ${req.method} ${path}.`,
  });
}
