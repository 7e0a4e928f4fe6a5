import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '@quorum/meetings';
import { JobsModule, OutboundHttp, TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { ConnectorRegistry } from './connectors/connector-registry';
import { ICalConnector } from './connectors/ical/ical.connector';
import { WebhookConnector } from './connectors/webhook/webhook.connector';
import { SourceHttpFactory } from './connectors/source-http.factory';
import { SyncRecord } from './entities/sync-record.entity';
import { SyncRun } from './entities/sync-run.entity';
import { SyncSource } from './entities/sync-source.entity';
import { SyncStreamState } from './entities/sync-stream-state.entity';
import { SyncMetrics } from './runs/sync-metrics';
import { SyncRunProcessor } from './runs/sync-run.processor';
import { SyncRunQueue } from './runs/sync-run.queue';
import { SyncRunner } from './runs/sync-runner.service';
import { SyncRunsService } from './runs/sync-runs.service';
import { SyncSchedules } from './runs/sync-schedules';
import { SecretBox } from './secrets/secret-box';
import { SyncSourcesService } from './sources/sync-sources.service';
import { SyncRepository } from './sync.repository';
import { InboundMessagesRepository } from './inbound/inbound-messages.repository';
import { InboundWebhooksService } from './inbound/inbound-webhooks.service';

/** Data sync (issue 13): sources, runs, state, connectors (iCalendar), the run queue and its processor; no routes. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SyncSource, SyncRun, SyncStreamState, SyncRecord]),
    TenantRepositoryModule.forFeature([
      { entity: SyncSource, resourceName: 'Sync source' },
      { entity: SyncRun, resourceName: 'Sync run' },
      { entity: SyncStreamState, resourceName: 'Sync stream state' },
      { entity: SyncRecord, resourceName: 'Sync record' },
    ]),
    JobsModule.forFeature({ queues: [SyncRunQueue] }),
    TenantsModule,
    MeetingsModule,
  ],
  providers: [
    SyncRepository,
    SecretBox,
    OutboundHttp,
    SourceHttpFactory,
    ICalConnector,
    WebhookConnector,
    ConnectorRegistry,
    SyncMetrics,
    SyncRunner,
    SyncRunProcessor,
    SyncSchedules,
    SyncSourcesService,
    SyncRunsService,
    InboundMessagesRepository,
    InboundWebhooksService,
  ],
  exports: [SyncSourcesService, SyncRunsService, InboundWebhooksService, InboundMessagesRepository, SecretBox],
})
export class DataSyncModule {}
