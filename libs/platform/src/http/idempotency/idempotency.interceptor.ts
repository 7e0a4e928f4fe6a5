import { randomUUID } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable, of } from 'rxjs';
import { AppConfig } from '../../config';
import { ProblemException } from '../../errors/problem.exception';
import { RequestContext } from '../../tenancy/request-context';
import { isAnsweredByDeadline } from '../answered-by-deadline';
import { NO_TIMEOUT } from '../request-deadline.guard';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { IdempotencyKeysRepository, type IdempotencyScope, type KeyHolder } from './idempotency-keys.repository';

/** How long an answer is kept for retries under its key. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/** A route without a deadline (uploads) may run this long before a retry may take over its key. */
const UNTIMED_LEASE_MS = 15 * 60_000;
/** A key released or expired between a lost claim and the read that follows is claimed again, a few times at most. */
const CLAIM_ATTEMPTS = 3;

/**
 * Makes a creating route safe to retry (`@Idempotent()`): a request with an `Idempotency-Key` header runs once per
 * key, and a retry with the same key and the same request gets the first answer again, marked
 * `Idempotent-Replayed: true`, instead of making a second meeting, document or upload. A retry while the first is
 * still running gets 409 (the client waits and retries), the same key on a different request 422. A request that
 * fails leaves nothing under its key, so the retry runs again; answers are kept for 24 hours. Without the header the
 * route behaves as before.
 *
 * The key is claimed in PostgreSQL before the handler runs and the answer stored after it, in statements of their
 * own: a process that dies in between leaves a claim whose lease (the request deadline and 30 s) lapses, after which
 * a retry runs the request again. That retry can repeat work the dead process had committed, a window of one crash.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Http');

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const key = parseIdempotencyKey(req.headers['idempotency-key']);
    const principal = RequestContext.principal();
    if (key === undefined || !principal) return next.handle();

    const scope: IdempotencyScope = { tenantId: principal.tenantId, userId: principal.userId, key };
    const fingerprint = requestFingerprint(req);
    const claim = randomUUID();
    const untimed = this.reflector.get<boolean>(NO_TIMEOUT, context.getHandler());
    const leaseMs = untimed ? UNTIMED_LEASE_MS : this.config.requestTimeoutMs + 30_000;

    for (let attempt = 1; ; attempt++) {
      if (await this.keys.claim(scope, fingerprint, claim, leaseMs, IDEMPOTENCY_KEY_TTL_MS)) break;
      const holder = await this.keys.holder(scope);
      if (holder) return of(this.answerFrom(holder, fingerprint, context.switchToHttp().getResponse<Response>()));
      if (attempt === CLAIM_ATTEMPTS) throw inUse();
    }
    this.keys.pruneExpired().catch((error: Error) => this.logger.warn({ err: error }, 'could not prune expired idempotency keys'));

    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        await this.keys
          .complete(scope, claim, {
            // Past the deadline the client got 504 and the status says so; the retry should get what the route answers.
            status: isAnsweredByDeadline(res) ? this.routeStatus(context, req) : res.statusCode,
            location: headerValue(res.getHeader('Location')),
            body: value === undefined ? '' : JSON.stringify(value),
          })
          .catch((error: Error) => this.logger.error({ err: error }, 'could not store the answer under its Idempotency-Key'));
        return value;
      }),
      catchError((error: unknown) =>
        from(
          this.keys
            .release(scope, claim)
            .catch((releaseError: Error) => this.logger.error({ err: releaseError }, 'could not release an Idempotency-Key'))
            .then(() => {
              throw error;
            }),
        ),
      ),
    );
  }

  private answerFrom(holder: KeyHolder, fingerprint: string, res: Response): unknown {
    if (holder.fingerprint !== fingerprint) {
      throw new ProblemException({
        status: 422,
        slug: 'idempotency-key-reused',
        title: 'Idempotency-Key reused',
        detail: `This ${IDEMPOTENCY_KEY_HEADER} was used for a different request (another path, query or body) in the last 24 hours. Use a new key for a new request.`,
      });
    }
    if (holder.state === 'running') throw inUse();
    const { answer } = holder;
    res.status(answer.status);
    res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    if (answer.location) res.setHeader('Location', answer.location);
    return answer.body === '' ? undefined : JSON.parse(answer.body);
  }

  private routeStatus(context: ExecutionContext, req: Request): number {
    return this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
  }
}

function inUse(): ProblemException {
  return new ProblemException({
    status: 409,
    slug: 'idempotency-key-in-use',
    title: 'Idempotency-Key in use',
    detail: `A request with this ${IDEMPOTENCY_KEY_HEADER} is still running. Retry after it has answered to get its answer.`,
    headers: { 'Retry-After': '1' },
  });
}

function headerValue(value: number | string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}
