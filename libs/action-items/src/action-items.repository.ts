import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  type KeysetOrder,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import { type DeepPartial, In, type SelectQueryBuilder } from 'typeorm';
import { type ListActionItemsQuery } from './dto/list-action-items.query';
import { OPEN_ACTION_ITEM_STATUSES } from './entities/action-item-fields';
import { ActionItem } from './entities/action-item.entity';

/** The filters of an action-item list, `assignee` already resolved to a user id. */
export type ActionItemFilters = Omit<ListActionItemsQuery, 'sort' | 'limit' | 'cursor'>;

/** What a list sorts by (ids break ties); items without a due date come last in both directions of dueAt. */
const ORDERS: Record<'createdAt' | 'dueAt' | 'priority', Omit<KeysetOrder<ActionItem>, 'direction'>> = {
  createdAt: { key: 'a.createdAt', id: 'a.id', kind: 'timestamp', position: (a) => ({ value: a.createdAt.toISOString(), id: a.id }) },
  dueAt: {
    key: 'a.dueAt',
    id: 'a.id',
    kind: 'timestamp',
    nullsLast: true,
    position: (a) => ({ value: a.dueAt?.toISOString() ?? null, id: a.id }),
  },
  priority: { key: 'a.priorityRank', id: 'a.id', kind: 'number', position: (a) => ({ value: a.priorityRank, id: a.id }) },
};

/** Action items of the current tenant. */
@Injectable()
export class ActionItemsRepository {
  constructor(
    @InjectTenantRepository(ActionItem) private readonly items: TenantRepository<ActionItem>,
    private readonly transactions: Transactions,
  ) {}

  /** A new, unsaved item of the current tenant. */
  create(data: DeepPartial<ActionItem>): ActionItem {
    return this.items.create(data);
  }

  save(item: ActionItem): Promise<ActionItem> {
    return this.items.save(item);
  }

  remove(item: ActionItem): Promise<void> {
    return this.items.remove(item);
  }

  /** 404 for a missing item and another tenant's alike. */
  /**
   * The next `limit` rows changed after `after` (by updated_at, then id), oldest first: how data sync finds what to
   * push. Changes land in updated_at order within a tenant's writes, so a cursor walks them without missing one.
   */
  changedSince(after: { at: Date; id: string } | null, limit: number): Promise<ActionItem[]> {
    const query = this.items.query('x').orderBy('x.updatedAt', 'ASC').addOrderBy('x.id', 'ASC').take(limit);
    if (after) query.andWhere('(x.updatedAt, x.id) > (:at, :id)', { at: after.at, id: after.id });
    return query.getMany();
  }

  /**
   * A meeting's items, at most `limit`, soonest due first (undated last), then in the order they were made: an
   * analysis makes its items in one transaction, so their creation alone would leave them in no useful order.
   */
  ofMeeting(meetingId: string, limit: number): Promise<ActionItem[]> {
    return this.items
      .query('a')
      .andWhere('a.meetingId = :meetingId', { meetingId })
      .orderBy('a.dueAt', 'ASC', 'NULLS LAST')
      .addOrderBy('a.createdAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .take(limit)
      .getMany();
  }

  getById(id: string): Promise<ActionItem> {
    return this.items.getById(id);
  }

  /** The item locked until the transaction ends; 404 as getById. */
  getForUpdate(id: string): Promise<ActionItem> {
    return this.items.getForUpdate(id);
  }

  /** Those of `ids` that exist, locked until the transaction ends, in id order (so overlapping bulk changes cannot deadlock). */
  findForUpdate(ids: string[]): Promise<ActionItem[]> {
    return this.items.find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * The items an analysis made for a meeting, locked until the transaction ends. The advisory lock
   * serialises two replacements for one meeting, which row locks alone cannot do when there are no
   * rows yet to lock.
   */
  async lockAiItemsOfMeeting(meetingId: string): Promise<ActionItem[]> {
    await this.transactions.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('ai-action-items:' || $1, 0))`, [meetingId]);
    return this.items.find({
      where: { meetingId, origin: 'ai' },
      order: { createdAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** A page of items, filtered and sorted. */
  page<T>(
    filters: ActionItemFilters,
    sort: keyof typeof ORDERS,
    descending: boolean,
    request: PageRequest,
    map: (item: ActionItem) => T,
  ): Promise<Page<T>> {
    return keysetPage(this.filtered(filters), request, {
      limits: PAGE_LIMITS.standard,
      order: { ...ORDERS[sort], direction: descending ? 'DESC' : 'ASC' },
      map,
    });
  }

  private filtered(filters: ActionItemFilters): SelectQueryBuilder<ActionItem> {
    const qb = this.items.query('a');
    if (filters.status?.length) qb.andWhere('a.status IN (:...statuses)', { statuses: filters.status });
    if (filters.priority?.length) qb.andWhere('a.priority IN (:...priorities)', { priorities: filters.priority });
    if (filters.assignee) qb.andWhere('a.assigneeUserId = :assignee', { assignee: filters.assignee });
    if (filters.meetingId) qb.andWhere('a.meetingId = :meetingId', { meetingId: filters.meetingId });
    if (filters.overdue === true)
      qb.andWhere('(a.dueAt < now() AND a.status IN (:...openStatuses))', { openStatuses: OPEN_ACTION_ITEM_STATUSES });
    if (filters.overdue === false)
      qb.andWhere('(a.dueAt IS NULL OR a.dueAt >= now() OR a.status NOT IN (:...openStatuses))', {
        openStatuses: OPEN_ACTION_ITEM_STATUSES,
      });
    if (filters.dueFrom) qb.andWhere('a.dueAt >= :dueFrom', { dueFrom: filters.dueFrom });
    if (filters.dueTo) qb.andWhere('a.dueAt < :dueTo', { dueTo: filters.dueTo });
    return qb;
  }
}
