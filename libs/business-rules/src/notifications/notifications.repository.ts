import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  byCreation,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import { In, IsNull, Not } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Notification } from './entities/notification.entity';

/** What a new notification holds; the tenant comes from the repository's binding. */
export type NewNotification = Pick<Notification, 'userId' | 'type' | 'title' | 'body' | 'data' | 'link' | 'dedupeKey'>;

/** Notifications, always read as one recipient's within a tenant. */
@Injectable()
export class NotificationsRepository {
  constructor(
    @InjectTenantRepository(Notification) private readonly notifications: TenantRepository<Notification>,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Inserts the rows into `tenantId`, skipping those whose (recipient, dedupe key) exists already,
   * and returns the ones it inserted: `ON CONFLICT DO NOTHING`, so concurrent inserts of one key
   * leave one row and one winner.
   */
  async insertNew(tenantId: string, rows: NewNotification[]): Promise<Notification[]> {
    if (!rows.length) return [];
    const result = await this.transactions.manager
      .createQueryBuilder()
      .insert()
      .into(Notification)
      .values(rows.map((row) => ({ ...row, tenantId })) as QueryDeepPartialEntity<Notification>[])
      .orIgnore()
      .returning(['id'])
      .execute();
    const ids = (result.raw as { id: string }[]).map((row) => row.id);
    if (!ids.length) return [];
    return this.notifications.forTenant(tenantId).find({ where: { id: In(ids) }, order: { userId: 'ASC' } });
  }

  /** One of the recipient's notifications, or null (another member's is as missing as one that never was). */
  findOwn(userId: string, id: string): Promise<Notification | null> {
    return this.notifications.findOne({ where: { id, userId } });
  }

  save(notification: Notification): Promise<Notification> {
    return this.notifications.save(notification);
  }

  countUnread(userId: string): Promise<number> {
    return this.notifications.count({ userId, readAt: IsNull() });
  }

  /** Marks every unread notification of the recipient read at `at`; returns how many. */
  async markAllRead(userId: string, at: Date): Promise<number> {
    const result = await this.transactions.manager
      .getRepository(Notification)
      .update({ tenantId: this.notifications.tenantId, userId, readAt: IsNull() }, { readAt: at });
    return result.affected ?? 0;
  }

  /** The recipient's notifications, newest first. */
  page<T>(userId: string, unread: boolean | undefined, request: PageRequest, map: (n: Notification) => T): Promise<Page<T>> {
    const qb = this.notifications.query('n').andWhere('n.userId = :userId', { userId });
    if (unread !== undefined) qb.andWhere({ readAt: unread ? IsNull() : Not(IsNull()) });
    return keysetPage(qb, request, {
      limits: PAGE_LIMITS.standard,
      order: byCreation('n'),
      map,
    });
  }
}
