import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { Notification } from './entities/notification.entity';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Notifications: the service other modules call to notify members, and its storage; no routes. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Notification]),
    TenantRepositoryModule.forFeature([{ entity: Notification, resourceName: 'Notification' }]),
    TenantsModule,
  ],
  providers: [NotificationsService, NotificationsRepository],
  exports: [NotificationsService],
})
export class NotificationsModule {}
