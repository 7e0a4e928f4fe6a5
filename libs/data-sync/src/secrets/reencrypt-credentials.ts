import type { Client } from 'pg';
import type { SecretBox } from './secret-box';

export interface ReencryptOutcome {
  /** Sources whose credentials were sealed again with the first key. */
  reencrypted: number;
  /** Already under the first key. */
  current: number;
  /** Sealed with a key SYNC_SECRETS_KEY no longer lists, or altered: left as they are, named for the operator. */
  unreadable: { sourceId: string; reason: string }[];
}

/** Rows handled per transaction. */
const BATCH = 200;

/**
 * Rotation's second half (`npm run sync:reencrypt`): seals every source's credentials again under SYNC_SECRETS_KEY's
 * first key, so the old key can be dropped from the list. Each batch runs in a transaction with the rows locked, so a
 * run that saves a source meanwhile waits, and a second command skips what the first holds. Idempotent: a row under
 * the first key is left alone; interrupted, it picks up where it stopped.
 */
export async function reencryptCredentials(client: Client, box: SecretBox, primaryKeyId: string): Promise<ReencryptOutcome> {
  const outcome: ReencryptOutcome = { reencrypted: 0, current: 0, unreadable: [] };
  const skip = new Set<string>();
  for (;;) {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{ id: string; tenant_id: string; credentials: string }>(
        `SELECT id, tenant_id, credentials FROM sync_sources
          WHERE credentials IS NOT NULL AND split_part(credentials, '.', 2) <> $1 AND NOT (id = ANY($2::uuid[]))
          ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [primaryKeyId, [...skip], BATCH],
      );
      for (const row of rows) {
        try {
          const sealed = box.seal(box.open(row.credentials, row.tenant_id), row.tenant_id);
          await client.query('UPDATE sync_sources SET credentials = $2 WHERE id = $1', [row.id, sealed]);
          outcome.reencrypted++;
        } catch (error) {
          skip.add(row.id);
          outcome.unreadable.push({ sourceId: row.id, reason: (error as Error).message });
        }
      }
      await client.query('COMMIT');
      if (rows.length < BATCH) break;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM sync_sources WHERE credentials IS NOT NULL AND split_part(credentials, '.', 2) = $1`,
    [primaryKeyId],
  );
  outcome.current = Number(rows[0].n) - outcome.reencrypted;
  return outcome;
}
