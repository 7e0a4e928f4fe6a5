import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import { isAnsweredByDeadline } from '../answered-by-deadline';
import { NO_TIMEOUT } from '../request-deadline.guard';
import { IdempotentRequests } from './idempotent-requests';

/**
 * Makes a creating route safe to retry (`@Idempotent()`): a request with an `Idempotency-Key` header runs once per
 * key, and a retry with the same key and the same request gets the first answer again, marked
 * `Idempotent-Replayed: true`, instead of making a second meeting, document or upload (IdempotentRequests has the
 * rules). The answer stored is what the handler returns, as Nest sends it. Without the header the route behaves as
 * before.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly requests: IdempotentRequests,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const [req, res] = [http.getRequest<Request>(), http.getResponse<Response>()];
    const admission = await this.requests.admit(req, res, Boolean(this.reflector.get<boolean>(NO_TIMEOUT, context.getHandler())));
    if (admission.kind === 'none') return next.handle();
    if (admission.kind === 'replayed') return of(admission.body);
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        await admission.complete({
          // Past the deadline the client got 504 and the status says so; the retry should get what the route answers.
          status: isAnsweredByDeadline(res) ? this.routeStatus(context, req) : res.statusCode,
          location: headerValue(res.getHeader('Location')),
          body: value === undefined ? '' : JSON.stringify(value),
        });
        return value;
      }),
      catchError((error: unknown) =>
        from(
          admission.release().then(() => {
            throw error;
          }),
        ),
      ),
    );
  }

  private routeStatus(context: ExecutionContext, req: Request): number {
    return this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
  }
}

function headerValue(value: number | string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
