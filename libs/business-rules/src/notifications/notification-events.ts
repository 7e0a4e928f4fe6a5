import type { NotificationDto } from './dto/notification.dto';

/** Domain event types of notifications; realtime sends `notification.*` to the room of `data.userId`. */
export const NotificationEvents = {
  created: 'notification.created',
} as const;

declare module '@quorum/platform' {
  interface DomainEventMap {
    'notification.created': NotificationDto;
  }
}
