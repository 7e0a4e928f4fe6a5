import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule, TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { NotificationEmailProcessor } from './email/notification-email.processor';
import { NotificationEmailQueue } from './email/notification-email.queue';
import { NotificationMailer } from './email/notification-mailer';
import { NotificationPreference } from './entities/notification-preference.entity';
import { Notification } from './entities/notification.entity';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Notifications: the service other modules call to notify members, preferences, e-mail and its job; no routes. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification, NotificationPreference]),
    TenantRepositoryModule.forFeature([
      { entity: Notification, resourceName: 'Notification' },
      { entity: NotificationPreference, resourceName: 'Notification preference' },
    ]),
    JobsModule.forFeature({ queues: [NotificationEmailQueue] }),
    TenantsModule,
  ],
  providers: [
    NotificationsService,
    NotificationsRepository,
    NotificationPreferencesService,
    NotificationPreferencesRepository,
    NotificationMailer,
    NotificationEmailProcessor,
  ],
  exports: [NotificationsService, NotificationPreferencesService],
})
export class NotificationsModule {}
