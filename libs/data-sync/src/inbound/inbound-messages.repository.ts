import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';

/** What the inbound route needs of a source before it knows the tenant. */
export interface InboundSource {
  id: string;
  tenantId: string;
  kind: string;
  enabled: boolean;
  credentials: string | null;
  createdBy: string | null;
}

/**
 * How long an accepted message id is remembered. Longer than the 5-minute timestamp tolerance on purpose: senders
 * retry a message they saw no 2xx for with the same `webhook-id` and a fresh timestamp, for a day or more (Svix:
 * about 28 hours), so a lost answer must still be recognised then.
 */
export const INBOUND_MESSAGE_RETENTION_HOURS = 72;
/** Expired rows pruned per accepted message: bounded work on the request path, and the table still shrinks. */
const PRUNE_BATCH = 100;

/** sync_inbound_messages, and the one read of a source made before its tenant is known. */
@Injectable()
export class InboundMessagesRepository {
  constructor(private readonly transactions: Transactions) {}

  /** A source by id in any tenant (no tenant scope: the id in the path is what names the tenant; a system read). */
  async findSource(id: string): Promise<InboundSource | null> {
    const [row] = await this.transactions.manager.query<
      (
        { id: string; tenant_id: string; kind: string; enabled: boolean; credentials: string | null; created_by: string | null } | undefined
      )[]
    >(`SELECT id, tenant_id, kind, enabled, credentials, created_by FROM sync_sources WHERE id = $1`, [id]);
    return row
      ? {
          id: row.id,
          tenantId: row.tenant_id,
          kind: row.kind,
          enabled: row.enabled,
          credentials: row.credentials,
          createdBy: row.created_by,
        }
      : null;
  }

  /**
   * Records the message as accepted; false when it was already. Inside the transaction that applies it: a concurrent
   * copy waits on the primary key until this one commits (then finds it) or rolls back (then takes it over).
   */
  async claim(tenantId: string, sourceId: string, messageId: string): Promise<boolean> {
    const rows = await this.transactions.manager.query<unknown[]>(
      `INSERT INTO sync_inbound_messages (tenant_id, source_id, message_id) VALUES ($1, $2, $3)
       ON CONFLICT (source_id, message_id) DO NOTHING RETURNING message_id`,
      [tenantId, sourceId, messageId],
    );
    return rows.length > 0;
  }

  /** Drops some of this source's message ids older than the retention. */
  async prune(sourceId: string): Promise<void> {
    await this.transactions.manager.query(
      `DELETE FROM sync_inbound_messages WHERE (source_id, message_id) IN (
         SELECT source_id, message_id FROM sync_inbound_messages
         WHERE source_id = $1 AND received_at < now() - make_interval(hours => $2)
         LIMIT $3 FOR UPDATE SKIP LOCKED)`,
      [sourceId, INBOUND_MESSAGE_RETENTION_HOURS, PRUNE_BATCH],
    );
  }

  /**
   * Serialises, until the transaction ends, the messages that write one record of a source: two messages creating the
   * same new external id at once would otherwise both create a meeting.
   */
  async lockRecord(sourceId: string, stream: string, externalId: string): Promise<void> {
    await this.transactions.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `sync-inbound:${sourceId}:${stream}:${externalId}`,
    ]);
  }
}
