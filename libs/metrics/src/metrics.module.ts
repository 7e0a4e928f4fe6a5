import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { DashboardRepository } from './dashboard.repository';

/** Read models over the other modules' data: dashboards now, Prometheus metrics later. */
@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsService, DashboardRepository],
  exports: [AnalyticsService],
})
export class MetricsModule {}
