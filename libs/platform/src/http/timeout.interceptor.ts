import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable } from 'rxjs';
import { AppConfig } from '../config';
import { ProblemException } from '../errors/problem.exception';
import { RequestContext } from '../tenancy/request-context';

export const NO_TIMEOUT = 'quorum:noTimeout';
/** For long-lived responses (streams) that must not be cut by the request timeout. */
export const NoTimeout = (): MethodDecorator => SetMetadata(NO_TIMEOUT, true);

/** Bounds how long a handler may take (REQUEST_TIMEOUT_MS); past it the client gets 504. */
@Injectable()
export class TimeoutInterceptor implements NestInterceptor {
  constructor(
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || this.reflector.get<boolean>(NO_TIMEOUT, context.getHandler())) return next.handle();
    const ms = this.config.requestTimeoutMs;
    // One timer and one subscription, rather than rxjs's timeout() and catchError() on every request.
    return new Observable((subscriber) => {
      const timer = setTimeout(() => {
        const problem = new ProblemException({
          status: 504,
          slug: 'request-timeout',
          title: 'Request timeout',
          detail: `The request took longer than ${ms} ms and was abandoned.`,
        });
        // The handler is still running; work that checks RequestContext.signal() stops and rolls back.
        RequestContext.abort(problem);
        subscriber.error(problem);
      }, ms);
      const handled = next.handle().subscribe({
        next: (value) => {
          clearTimeout(timer);
          subscriber.next(value);
        },
        error: (error: unknown) => {
          clearTimeout(timer);
          subscriber.error(error);
        },
        complete: () => subscriber.complete(),
      });
      return () => {
        clearTimeout(timer);
        handled.unsubscribe();
      };
    });
  }
}
