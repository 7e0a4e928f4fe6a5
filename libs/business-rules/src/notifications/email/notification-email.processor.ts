import { Injectable } from '@nestjs/common';
import { JobProcessor, type RunningJob, UnrecoverableError } from '@quorum/platform';
import { NotificationMailer } from './notification-mailer';
import { type NotificationEmailInput, NotificationEmailQueue } from './notification-email.queue';

/**
 * Sends one notification e-mail. A permanent refusal by the SMTP server (5xx, e.g. an unknown
 * mailbox) ends the job; connection failures and temporary ones (4xx) are retried.
 */
@Injectable()
export class NotificationEmailProcessor extends JobProcessor<NotificationEmailInput> {
  readonly queue = NotificationEmailQueue;
  override readonly concurrency = 2;

  constructor(private readonly mailer: NotificationMailer) {
    super();
  }

  async process(job: RunningJob<NotificationEmailInput>): Promise<void> {
    const { to, subject, text } = job.input;
    if (!this.mailer.enabled) throw new UnrecoverableError('e-mail is off: SMTP_URL is not set');
    try {
      await this.mailer.send(to, subject, text);
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw new UnrecoverableError(`the SMTP server refused the message (${code})`);
      throw error;
    }
  }
}
