import { Module } from '@nestjs/common';
import { BusinessRulesModule } from './business-rules.module';
import { InsightsController } from './insights/insights.controller';
import { MeetingQualityController } from './quality/meeting-quality.controller';
import { QualityAnalyticsController } from './quality/quality-analytics.controller';

/** The routes of business rules, notifications and data quality, over BusinessRulesModule; the api imports this. */
@Module({
  imports: [BusinessRulesModule],
  controllers: [MeetingQualityController, QualityAnalyticsController, InsightsController],
  providers: [],
})
export class BusinessRulesHttpModule {}
