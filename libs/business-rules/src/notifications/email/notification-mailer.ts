import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@quorum/platform';
import { createTransport, type Transporter } from 'nodemailer';

/** The SMTP transport of notification e-mails (SMTP_URL, SMTP_FROM), or none when SMTP_URL is unset. */
@Injectable()
export class NotificationMailer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly transport?: Transporter;

  constructor(private readonly config: AppConfig) {
    // nodemailer connects per message (no pool), so building the transport touches no network.
    if (config.smtp) this.transport = createTransport(config.smtp.url);
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  onModuleInit(): void {
    if (!this.enabled) this.logger.log('e-mail notifications are off: SMTP_URL is not set');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(to: string, subject: string, text: string): Promise<void> {
    if (!this.transport) throw new Error('e-mail is off: SMTP_URL is not set');
    await this.transport.sendMail({ from: this.config.smtp!.from, to, subject, text });
  }
}
