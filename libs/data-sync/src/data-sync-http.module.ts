import { Module } from '@nestjs/common';
import { SyncConflictsController } from './conflicts/sync-conflicts.controller';
import { DataSyncModule } from './data-sync.module';
import { InboundSignatureGuard } from './inbound/inbound-signature.guard';
import { InboundWebhooksController } from './inbound/inbound-webhooks.controller';
import { SyncRunsController } from './runs/sync-runs.controller';
import { SyncSourcesController } from './sources/sync-sources.controller';

/** The routes of data sync, over DataSyncModule; the api imports this. */
@Module({
  imports: [DataSyncModule],
  controllers: [SyncSourcesController, SyncRunsController, SyncConflictsController, InboundWebhooksController],
  providers: [InboundSignatureGuard],
})
export class DataSyncHttpModule {}
