import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config';
import { ProblemException } from '../../errors/problem.exception';
import { RequestContext } from '../../tenancy/request-context';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { IdempotencyKeysRepository, type IdempotencyScope, type KeyHolder, type StoredAnswer } from './idempotency-keys.repository';

/** How long an answer is kept for retries under its key. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/** A route without a deadline (uploads, answers that take a model's time) may run this long before a retry may take over its key. */
const UNTIMED_LEASE_MS = 15 * 60_000;
/** A key released or expired between a lost claim and the read that follows is claimed again, a few times at most. */
const CLAIM_ATTEMPTS = 3;

/** What a request with (or without) an `Idempotency-Key` is to do. */
export type Admission =
  /** No key (or no caller): run as usual. */
  | { kind: 'none' }
  /** An earlier request with the key answered: its status and headers are set on the response; send `body`. */
  | { kind: 'replayed'; body: unknown }
  /** The key is this request's: run it, then store its answer, or release the key if it fails. */
  | { kind: 'claimed'; complete(answer: StoredAnswer): Promise<void>; release(): Promise<void> };

/**
 * Runs a request once per `Idempotency-Key` (see IdempotencyInterceptor, which routes use through `@Idempotent()`;
 * a route that writes its own response asks here itself). A request with a key claims it in PostgreSQL before it
 * runs; a retry with the same key and request gets the stored answer, one while the first still runs a 409, the same
 * key on another request a 422. Claim, answer and release are statements of their own: a process that dies in
 * between leaves a claim whose lease (the request deadline and 30 s) lapses, after which a retry runs the request
 * again, which may repeat work the dead process had committed, a window of one crash.
 */
@Injectable()
export class IdempotentRequests {
  private readonly logger = new Logger('Http');

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    private readonly config: AppConfig,
  ) {}

  /** `untimed`: the route has no request deadline (`@NoTimeout()`). */
  async admit(req: Request, res: Response, untimed: boolean): Promise<Admission> {
    const key = parseIdempotencyKey(req.headers['idempotency-key']);
    const principal = RequestContext.principal();
    if (key === undefined || !principal) return { kind: 'none' };

    const scope: IdempotencyScope = { tenantId: principal.tenantId, userId: principal.userId, key };
    const fingerprint = requestFingerprint(req);
    const claim = randomUUID();
    const leaseMs = untimed ? UNTIMED_LEASE_MS : this.config.requestTimeoutMs + 30_000;
    for (let attempt = 1; ; attempt++) {
      if (await this.keys.claim(scope, fingerprint, claim, leaseMs, IDEMPOTENCY_KEY_TTL_MS)) break;
      const holder = await this.keys.holder(scope);
      if (holder) return { kind: 'replayed', body: replay(holder, fingerprint, res) };
      if (attempt === CLAIM_ATTEMPTS) throw inUse();
    }
    this.keys.pruneExpired().catch((error: Error) => this.logger.warn({ err: error }, 'could not prune expired idempotency keys'));
    return {
      kind: 'claimed',
      complete: (answer) =>
        this.keys
          .complete(scope, claim, answer)
          .catch((error: Error) => this.logger.error({ err: error }, 'could not store the answer under its Idempotency-Key')),
      release: () =>
        this.keys.release(scope, claim).catch((error: Error) => this.logger.error({ err: error }, 'could not release an Idempotency-Key')),
    };
  }
}

/** The stored answer of `holder`, its status and headers set on `res`; a problem if it is not this request's. */
function replay(holder: KeyHolder, fingerprint: string, res: Response): unknown {
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

function inUse(): ProblemException {
  return new ProblemException({
    status: 409,
    slug: 'idempotency-key-in-use',
    title: 'Idempotency-Key in use',
    detail: `A request with this ${IDEMPOTENCY_KEY_HEADER} is still running. Retry after it has answered to get its answer.`,
    headers: { 'Retry-After': '1' },
  });
}
