import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, TenantRepository } from '@quorum/platform';
import { In } from 'typeorm';
import { NotificationPreference } from './entities/notification-preference.entity';

/** Members' channel choices per notification type. */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(@InjectTenantRepository(NotificationPreference) private readonly preferences: TenantRepository<NotificationPreference>) {}

  ofUser(userId: string): Promise<NotificationPreference[]> {
    return this.preferences.find({ where: { userId }, order: { type: 'ASC' } });
  }

  /** The rows that decide `type` for these members of `tenantId`: the type's own and `*`. */
  forDelivery(tenantId: string, userIds: string[], type: string): Promise<NotificationPreference[]> {
    if (!userIds.length) return Promise.resolve([]);
    return this.preferences.forTenant(tenantId).find({ where: { userId: In(userIds), type: In([type, '*']) } });
  }

  /** Replaces the member's choices with `rows` (in the caller's transaction). */
  async replace(userId: string, rows: Pick<NotificationPreference, 'type' | 'inApp' | 'email'>[]): Promise<void> {
    await this.preferences.delete({ userId });
    for (const row of rows) await this.preferences.save(this.preferences.create({ ...row, userId }));
  }
}
