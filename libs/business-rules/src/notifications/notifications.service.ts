import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { domainEvent, DomainEvents, notFound, type Page, RequestContext, Transactions } from '@quorum/platform';
import { type Membership, TenantsService } from '@quorum/tenants';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { NotificationDto, ReadAllResultDto, UnreadCountDto } from './dto/notification.dto';
import { Notification } from './entities/notification.entity';
import { NotificationEvents } from './notification-events';
import { NotificationsRepository } from './notifications.repository';
import { NotificationEmailQueue } from './email/notification-email.queue';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type NotifyRequest } from './notify-request';

/** Longest title and body stored; callers (rules) build them from user data, so they are cut rather than refused. */
const TITLE_MAX = 300;
const BODY_MAX = 10_000;

/** In-app notifications: made by other modules through `notify`, read by their recipients over REST and Socket.IO. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly tenants: TenantsService,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly preferences: NotificationPreferencesService,
    private readonly emails: NotificationEmailQueue,
  ) {}

  /**
   * Notifies the members named by id or role, once per (recipient, dedupeKey), and announces each new
   * notification to its recipient's sockets after the commit. Returns the notifications it created
   * (none for recipients already notified under that key). Works inside or outside a request, in
   * the tenant the request names.
   */
  async notify(request: NotifyRequest): Promise<NotificationDto[]> {
    const members = await this.tenants.membersOf(request.tenantId, { userIds: request.userIds, roles: request.roles });
    if (!members.length) return [];
    const allowed = new Set(request.channels ?? NOTIFICATION_CHANNELS);
    const wanted = await this.preferences.channelsFor(
      request.tenantId,
      members.map((m) => m.userId),
      request.type,
    );
    const by = (channel: NotificationChannel) => members.filter((m) => allowed.has(channel) && wanted.get(m.userId)?.has(channel));
    const title = request.title.slice(0, TITLE_MAX);
    const body = (request.body ?? '').slice(0, BODY_MAX);
    const created = await this.transactions.run(async () => {
      const rows = await this.notifications.insertNew(
        request.tenantId,
        by('in_app').map((member) => ({
          userId: member.userId,
          type: request.type,
          title,
          body,
          data: request.data ?? {},
          link: request.link ?? null,
          dedupeKey: request.dedupeKey ?? null,
        })),
      );
      const dtos = rows.map(NotificationDto.from);
      await this.events.publish(...rows.map((n, i) => createdEvent(n, dtos[i])));
      return dtos;
    });
    await this.email(request, by('email'), title, body);
    return created;
  }

  /**
   * Queues one e-mail per recipient. With a dedupe key the job's key makes a repeat a no-op while the
   * job is kept (7 days after it succeeds); without one every call mails.
   */
  private async email(request: NotifyRequest, recipients: Membership[], subject: string, body: string): Promise<void> {
    for (const member of recipients) {
      const to = member.user?.email;
      if (!to) continue;
      const text = request.link ? `${body}\n\n${request.link}\n` : `${body}\n`;
      await this.emails.enqueue(
        { to, subject, text },
        { key: ['notification', request.type, member.userId, request.dedupeKey ?? randomUUID()], as: null },
      );
    }
  }

  list(query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    const { unread, limit, cursor } = query;
    return this.notifications.page(RequestContext.caller().userId, unread, { limit, cursor }, NotificationDto.from);
  }

  async unreadCount(): Promise<UnreadCountDto> {
    return { unread: await this.notifications.countUnread(RequestContext.caller().userId) };
  }

  /** Idempotent: reading a read notification keeps the time it was first read. */
  async markRead(id: string): Promise<NotificationDto> {
    const notification = await this.notifications.findOwn(RequestContext.caller().userId, id);
    if (!notification) throw notFound(`Notification ${id} was not found.`);
    if (notification.readAt) return NotificationDto.from(notification);
    notification.readAt = new Date();
    return NotificationDto.from(await this.notifications.save(notification));
  }

  async markAllRead(): Promise<ReadAllResultDto> {
    return { marked: await this.notifications.markAllRead(RequestContext.caller().userId, new Date()) };
  }
}

function createdEvent(notification: Notification, data: NotificationDto) {
  return domainEvent({
    type: NotificationEvents.created,
    tenantId: notification.tenantId,
    entityId: notification.id,
    version: 1,
    actorUserId: RequestContext.actorUserId(),
    data,
  });
}
