import type { Role } from '@quorum/platform';

export const NOTIFICATION_CHANNELS = ['in_app', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** What NotificationsService.notify takes: who (by id, by role, or both), what, and a key that makes it happen once. */
export interface NotifyRequest {
  tenantId: string;
  /** Members to notify; ids that are not members of the tenant are skipped. */
  userIds?: string[];
  /** Every member holding one of these roles. */
  roles?: Role[];
  /** `family.event`, e.g. `action_item.overdue`: what preferences are set per. */
  type: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
  link?: string | null;
  /**
   * Makes the notification happen once per recipient: notifying again with the same key (a retried
   * job, a replayed event) adds nothing and sends nothing. Without one, every call notifies.
   */
  dedupeKey?: string;
  /** Which channels may carry it (default both); each recipient's preferences narrow them further. */
  channels?: NotificationChannel[];
}
