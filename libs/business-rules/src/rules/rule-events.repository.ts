import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, TenantRepository, Transactions } from '@quorum/platform';
import { RuleEvent } from './entities/rule-event.entity';

/** The trail of rule-relevant domain events (rule_events). */
@Injectable()
export class RuleEventsRepository {
  constructor(
    @InjectTenantRepository(RuleEvent) private readonly events: TenantRepository<RuleEvent>,
    private readonly transactions: Transactions,
  ) {}

  /** Logs an event; the same event logged twice (two listeners, a retry) stays one row. */
  async append(event: Omit<RuleEvent, 'tenant'>): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO rule_events (id, tenant_id, type, entity_id, actor_user_id, occurred_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (id) DO NOTHING`,
      [event.id, event.tenantId, event.type, event.entityId, event.actorUserId, event.occurredAt, JSON.stringify(event.data)],
    );
  }

  /** Deletes events that happened before `before`, at most `limit` of them (a bounded statement); returns how many. */
  async pruneBefore(before: Date, limit: number): Promise<number> {
    const [, deleted]: [unknown[], number] = await this.transactions.manager.query(
      `DELETE FROM rule_events WHERE id IN (SELECT id FROM rule_events WHERE occurred_at < $1 LIMIT $2)`,
      [before, limit],
    );
    return deleted;
  }

  find(tenantId: string, id: string): Promise<RuleEvent | null> {
    return this.events.forTenant(tenantId).findById(id);
  }

  /** The events of these types in [from, to), oldest first, at most `limit` (one more tells the caller there were more). */
  between(tenantId: string, types: string[], from: Date, to: Date, limit: number): Promise<RuleEvent[]> {
    return this.events
      .forTenant(tenantId)
      .query('e')
      .andWhere('e.type IN (:...types)', { types })
      .andWhere('e.occurredAt >= :from AND e.occurredAt < :to', { from, to })
      .orderBy('e.occurredAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit)
      .getMany();
  }
}
