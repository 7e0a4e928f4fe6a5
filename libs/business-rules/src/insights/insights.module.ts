import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobsModule, TenantRepositoryModule } from '@quorum/platform';
import { ActionItemHistoryListener } from './action-item-history.listener';
import { Insight } from './entities/insight.entity';
import { TrackedActionItem } from './entities/tracked-action-item.entity';
import { InsightsProcessor } from './insights.processor';
import { InsightsQueue } from './insights.queue';
import { InsightsRepository } from './insights.repository';
import { InsightsScheduler } from './insights.scheduler';
import { InsightsService } from './insights.service';
import { TrackedActionItemsRepository } from './tracked-action-items.repository';

/** Insights per tenant, computed daily and on request, over the quality rows and the action items' history (docs/quality.md). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Insight, TrackedActionItem]),
    TenantRepositoryModule.forFeature([{ entity: Insight, resourceName: 'Insight' }]),
    JobsModule.forFeature({ queues: [InsightsQueue] }),
  ],
  providers: [
    InsightsRepository,
    TrackedActionItemsRepository,
    ActionItemHistoryListener,
    InsightsService,
    InsightsProcessor,
    InsightsScheduler,
  ],
  exports: [InsightsService],
})
export class InsightsModule {}
