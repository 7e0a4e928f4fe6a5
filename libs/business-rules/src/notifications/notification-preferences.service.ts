import { Injectable } from '@nestjs/common';
import { RequestContext, Transactions } from '@quorum/platform';
import { NotificationChannelsDto, NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationMailer } from './email/notification-mailer';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { type NotificationChannel } from './notify-request';

/** Members' choice of channels per notification type, and which channels this deployment has at all. */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly preferences: NotificationPreferencesRepository,
    private readonly mailer: NotificationMailer,
    private readonly transactions: Transactions,
  ) {}

  async get(): Promise<NotificationPreferencesDto> {
    const rows = await this.preferences.ofUser(RequestContext.caller().userId);
    return { preferences: rows.map(({ type, inApp, email }) => ({ type, inApp, email })) };
  }

  /** Replaces the caller's choices whole; a type named twice keeps its last entry. */
  async replace(dto: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const byType = new Map(dto.preferences.map((p) => [p.type, { type: p.type, inApp: p.inApp, email: p.email }]));
    await this.transactions.run(() => this.preferences.replace(RequestContext.caller().userId, [...byType.values()]));
    return this.get();
  }

  channels(): NotificationChannelsDto {
    return {
      channels: [
        { channel: 'in_app', enabled: true, reason: null },
        { channel: 'email', enabled: this.mailer.enabled, reason: this.mailer.enabled ? null : 'SMTP_URL is not set' },
      ],
    };
  }

  /**
   * For each member, the channels `type` reaches them by: the type's own entry, else `*`, else both.
   * E-mail only when this deployment sends e-mail.
   */
  async channelsFor(tenantId: string, userIds: string[], type: string): Promise<Map<string, Set<NotificationChannel>>> {
    const rows = await this.preferences.forDelivery(tenantId, userIds, type);
    const result = new Map<string, Set<NotificationChannel>>();
    for (const userId of userIds) {
      const own = rows.find((r) => r.userId === userId && r.type === type) ?? rows.find((r) => r.userId === userId && r.type === '*');
      const channels = new Set<NotificationChannel>();
      if (own?.inApp ?? true) channels.add('in_app');
      if ((own?.email ?? true) && this.mailer.enabled) channels.add('email');
      result.set(userId, channels);
    }
    return result;
  }
}
