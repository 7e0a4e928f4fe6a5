import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transactions';

/** Whose key it is: keys are per user within a tenant, so two callers never see each other's answers. */
export interface IdempotencyScope {
  tenantId: string;
  userId: string;
  key: string;
}

/** The answer a completed request left under its key. */
export interface StoredAnswer {
  status: number;
  location: string | null;
  body: string;
}

/** What is under a key that could not be claimed. */
export type KeyHolder =
  { state: 'running'; fingerprint: string; lockedUntil: Date } | { state: 'completed'; fingerprint: string; answer: StoredAnswer };

/** Expired keys deleted per new key, so the table stays the size of a day's keys without a job of its own. */
const PRUNE_BATCH = 20;

/**
 * idempotency_keys: one row per key while its request runs (`claim`, `locked_until`) and, once it answered, its
 * answer until `expires_at`. Every statement names the tenant and the user.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly tx: Transactions) {}

  /**
   * Claims the key for a request: true when the key was free, expired, or held by a request of the same
   * fingerprint whose lease has lapsed (its process died); false when someone else holds it. The conflicting row is
   * locked by the upsert, so two racing claims of a free key cannot both win.
   */
  async claim(scope: IdempotencyScope, fingerprint: string, claim: string, leaseMs: number, ttlMs: number): Promise<boolean> {
    const rows = await this.tx.query<{ claim: string }>(
      `INSERT INTO idempotency_keys (tenant_id, user_id, key, fingerprint, claim, locked_until, expires_at)
       VALUES (:tenantId, :userId, :key, :fingerprint, :claim,
               now() + make_interval(secs => :leaseSeconds), now() + make_interval(secs => :ttlSeconds))
       ON CONFLICT (tenant_id, user_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, claim = EXCLUDED.claim, locked_until = EXCLUDED.locked_until,
             response_status = NULL, response_location = NULL, response_body = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()
            OR (idempotency_keys.claim IS NOT NULL AND idempotency_keys.locked_until <= now()
                AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
       RETURNING claim`,
      { ...scope, fingerprint, claim, leaseSeconds: leaseMs / 1000, ttlSeconds: ttlMs / 1000 },
    );
    return rows.length === 1;
  }

  /** Who holds the key now, or undefined when it was released (or expired) meanwhile. */
  async holder(scope: IdempotencyScope): Promise<KeyHolder | undefined> {
    const rows = await this.tx.query<{
      fingerprint: string;
      claim: string | null;
      locked_until: Date | null;
      response_status: number | null;
      response_location: string | null;
      response_body: string | null;
    }>(
      `SELECT fingerprint, claim, locked_until, response_status, response_location, response_body
       FROM idempotency_keys
       WHERE tenant_id = :tenantId AND user_id = :userId AND key = :key AND expires_at > now()`,
      { ...scope },
    );
    const row = rows.at(0);
    if (!row) return undefined;
    if (row.claim !== null) return { state: 'running', fingerprint: row.fingerprint, lockedUntil: row.locked_until! };
    return {
      state: 'completed',
      fingerprint: row.fingerprint,
      answer: { status: row.response_status!, location: row.response_location, body: row.response_body! },
    };
  }

  /** Stores the answer under the key, if this claim still holds it. */
  async complete(scope: IdempotencyScope, claim: string, answer: StoredAnswer): Promise<void> {
    await this.tx.query(
      `UPDATE idempotency_keys
       SET claim = NULL, locked_until = NULL,
           response_status = :status, response_location = :location, response_body = :body
       WHERE tenant_id = :tenantId AND user_id = :userId AND key = :key AND claim = :claim`,
      { ...scope, claim, status: answer.status, location: answer.location, body: answer.body },
    );
  }

  /** Frees the key after a failed request, so the client's retry runs again. */
  async release(scope: IdempotencyScope, claim: string): Promise<void> {
    await this.tx.query(
      `DELETE FROM idempotency_keys WHERE tenant_id = :tenantId AND user_id = :userId AND key = :key AND claim = :claim`,
      { ...scope, claim },
    );
  }

  /** Deletes a few expired keys of any tenant, skipping rows another request has locked. */
  async pruneExpired(): Promise<void> {
    await this.tx.query(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE expires_at <= now() LIMIT :batch FOR UPDATE SKIP LOCKED)`,
      { batch: PRUNE_BATCH },
    );
  }
}
