import { Module } from '@nestjs/common';
import { BusinessRulesModule } from './business-rules.module';
import { InsightsController } from './insights/insights.controller';
import { MeetingQualityController } from './quality/meeting-quality.controller';
import { QualityAnalyticsController } from './quality/quality-analytics.controller';
import { NotificationPreferencesController } from './notifications/notification-preferences.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { RulesController } from './rules/rules.controller';

/** The routes of business rules, notifications and data quality, over BusinessRulesModule; the api imports this. */
@Module({
  imports: [BusinessRulesModule],
  controllers: [
    MeetingQualityController,
    QualityAnalyticsController,
    InsightsController,
    NotificationPreferencesController,
    NotificationsController,
    WebhooksController,
    RulesController,
  ],
  providers: [],
})
export class BusinessRulesHttpModule {}
