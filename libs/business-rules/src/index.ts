export * from './business-rules.module';
export * from './business-rules-http.module';
export * from './notifications/dto/notification.dto';
export * from './notifications/notification-events';
export * from './notifications/notifications.service';
export * from './notifications/notify-request';
