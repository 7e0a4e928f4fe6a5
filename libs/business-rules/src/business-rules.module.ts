import { Module } from '@nestjs/common';
import { InsightsModule } from './insights/insights.module';
import { QualityModule } from './quality/quality.module';
import { NotificationsModule } from './notifications/notifications.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { RulesModule } from './rules/rules.module';

/**
 * Business rules, notifications and data quality (issue 12), without routes (BusinessRulesHttpModule adds them), so
 * the worker runs their jobs without serving the api. Each part is a module of its own imported here.
 */
@Module({
  imports: [QualityModule, InsightsModule, NotificationsModule, WebhooksModule, RulesModule],
  exports: [QualityModule, InsightsModule, NotificationsModule, WebhooksModule, RulesModule],
})
export class BusinessRulesModule {}
