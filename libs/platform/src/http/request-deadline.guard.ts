import { type CanActivate, type ExecutionContext, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppConfig } from '../config';
import { ProblemException } from '../errors/problem.exception';
import { sendProblem } from '../errors/problem-details.filter';
import { ErrorReporter } from '../observability/error-reporter';
import { RequestContext } from '../tenancy/request-context';
import { markAnsweredByDeadline } from './answered-by-deadline';

export const NO_TIMEOUT = 'quorum:noTimeout';
/** For long-lived responses (streams) that must not be cut by the request timeout. */
export const NoTimeout = (): MethodDecorator => SetMetadata(NO_TIMEOUT, true);

/**
 * Bounds how long a request may take once routed (REQUEST_TIMEOUT_MS); past
 * it the client gets 504 and the request's work is aborted
 * (`RequestContext.signal()`), so long work stops and rolls back.
 *
 * A guard rather than an interceptor on purpose: with no global interceptor,
 * Nest calls every handler without an rxjs pipeline (measured at about 4 % of
 * the api's CPU per request). The guard arms one timer, which the response's
 * `close` clears; when it fires, it answers, then mutes the response's
 * `send`, so the abandoned handler's late answer is dropped, as an
 * interceptor's unsubscription dropped it.
 */
@Injectable()
export class RequestDeadlineGuard implements CanActivate {
  private readonly logger = new Logger('Http');

  constructor(
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
    private readonly reporter: ErrorReporter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || this.reflector.get<boolean>(NO_TIMEOUT, context.getHandler())) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const timer = setTimeout(() => this.expire(req, res), this.config.requestTimeoutMs);
    res.once('close', () => clearTimeout(timer));
    return true;
  }

  private expire(req: Request, res: Response): void {
    if (res.headersSent) return;
    const ms = this.config.requestTimeoutMs;
    const problem = new ProblemException({
      status: 504,
      slug: 'request-timeout',
      title: 'Request timeout',
      detail: `The request took longer than ${ms} ms and was abandoned.`,
    });
    // The timer runs in the request's async context: work that checks RequestContext.signal() stops and rolls back.
    RequestContext.abort(problem);
    sendProblem(req, res, problem, this.config, this.logger, this.reporter);
    markAnsweredByDeadline(res);
    // Nest ends a handler's answer in res.json or res.send (json calls send): both reach this no-op.
    res.send = function (this: Response) {
      return this;
    };
  }
}
