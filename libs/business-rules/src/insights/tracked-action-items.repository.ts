import { Injectable } from '@nestjs/common';
import type { ActionItemDto } from '@quorum/action-items';
import { Transactions } from '@quorum/platform';

/** The `insight_action_items` rows, written from action-item events only. */
@Injectable()
export class TrackedActionItemsRepository {
  constructor(private readonly transactions: Transactions) {}

  /**
   * Insert or update from an event's payload; a moved due date (one that was set and now differs) is appended to
   * the item's history. An event older than the stored version changes nothing, so a late or repeated event cannot
   * rewind the item or count a move twice.
   */
  async record(tenantId: string, item: ActionItemDto, occurredAt: string): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO insight_action_items AS t (action_item_id, tenant_id, meeting_id, title, assignee_user_id, assignee_name, status, due_at, version, due_changes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '[]')
       ON CONFLICT (action_item_id) DO UPDATE SET
         meeting_id = excluded.meeting_id, title = excluded.title, assignee_user_id = excluded.assignee_user_id,
         assignee_name = excluded.assignee_name, status = excluded.status, due_at = excluded.due_at, version = excluded.version,
         due_changes = CASE WHEN t.due_at IS NOT NULL AND excluded.due_at IS DISTINCT FROM t.due_at
           THEN t.due_changes || jsonb_build_array(jsonb_build_object('from', t.due_at, 'to', excluded.due_at, 'at', $10::timestamptz, 'version', excluded.version))
           ELSE t.due_changes END
       WHERE t.tenant_id = excluded.tenant_id AND t.version < excluded.version`,
      [
        item.id,
        tenantId,
        item.meetingId,
        item.title,
        item.assigneeUserId,
        item.assigneeName,
        item.status,
        item.dueAt,
        item.version,
        occurredAt,
      ],
    );
  }

  async remove(tenantId: string, actionItemId: string): Promise<void> {
    await this.transactions.manager.query('DELETE FROM insight_action_items WHERE tenant_id = $1 AND action_item_id = $2', [
      tenantId,
      actionItemId,
    ]);
  }
}
