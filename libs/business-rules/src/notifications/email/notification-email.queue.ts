import { JobQueue } from '@quorum/platform';

export interface NotificationEmailInput {
  to: string;
  subject: string;
  text: string;
}

/**
 * One notification e-mail to one recipient, retried with backoff while the SMTP server is down or
 * answers a temporary failure; keyed by the notification, so notifying again does not mail again.
 */
export class NotificationEmailQueue extends JobQueue<NotificationEmailInput, void> {
  static readonly definition = { name: 'notification-email', attempts: 6, backoffMs: 5000 };
}
