import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionItemsModule } from '@quorum/action-items';
import { NotificationsModule } from '@quorum/business-rules';
import { MeetingsModule } from '@quorum/meetings';
import { InboundMessagesRepository } from './inbound/inbound-messages.repository';
import { InboundWebhooksService } from './inbound/inbound-webhooks.service';
import { SyncConflictNotifier } from './conflicts/sync-conflict.notifier';
import { SyncConflictsService } from './conflicts/sync-conflicts.service';
import { ActionItemEntities } from './local/action-item-entities';
import { LocalEntityRegistry } from './local/local-entity-registry';
import { MeetingEntities } from './local/meeting-entities';
import { JobsModule, OutboundHttp, TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { ConnectorRegistry } from './connectors/connector-registry';
import { GoogleCalendarConnector } from './connectors/google/google-calendar.connector';
import { GraphCalendarConnector } from './connectors/graph/graph-calendar.connector';
import { CalDavConnector } from './connectors/caldav/caldav.connector';
import { GitHubConnector } from './connectors/github/github.connector';
import { ICalConnector } from './connectors/ical/ical.connector';
import { JiraConnector } from './connectors/jira/jira.connector';
import { WebhookConnector } from './connectors/webhook/webhook.connector';
import { SourceHttpFactory } from './connectors/source-http.factory';
import { SyncConflict } from './entities/sync-conflict.entity';
import { SyncRecord } from './entities/sync-record.entity';
import { SyncRun } from './entities/sync-run.entity';
import { SyncSource } from './entities/sync-source.entity';
import { SyncStreamState } from './entities/sync-stream-state.entity';
import { SyncLagReader } from './runs/sync-lag.reader';
import { SyncMetrics } from './runs/sync-metrics';
import { SyncRunProcessor } from './runs/sync-run.processor';
import { SyncRunQueue } from './runs/sync-run.queue';
import { SyncRunner } from './runs/sync-runner.service';
import { SyncRunsService } from './runs/sync-runs.service';
import { SyncSchedules } from './runs/sync-schedules';
import { SecretBox } from './secrets/secret-box';
import { SyncSourcesService } from './sources/sync-sources.service';
import { SyncRepository } from './sync.repository';

/** Data sync: sources, runs, state, connectors, conflicts, the run queue and its processor; no routes. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SyncSource, SyncRun, SyncStreamState, SyncRecord, SyncConflict]),
    TenantRepositoryModule.forFeature([
      { entity: SyncSource, resourceName: 'Sync source' },
      { entity: SyncRun, resourceName: 'Sync run' },
      { entity: SyncStreamState, resourceName: 'Sync stream state' },
      { entity: SyncRecord, resourceName: 'Sync record' },
      { entity: SyncConflict, resourceName: 'Sync conflict' },
    ]),
    JobsModule.forFeature({ queues: [SyncRunQueue] }),
    TenantsModule,
    MeetingsModule,
    ActionItemsModule,
    NotificationsModule,
  ],
  providers: [
    SyncRepository,
    SecretBox,
    OutboundHttp,
    SourceHttpFactory,
    ICalConnector,
    CalDavConnector,
    GraphCalendarConnector,
    GoogleCalendarConnector,
    GitHubConnector,
    JiraConnector,
    WebhookConnector,
    InboundMessagesRepository,
    InboundWebhooksService,
    ConnectorRegistry,
    SyncLagReader,
    SyncMetrics,
    SyncRunner,
    SyncRunProcessor,
    SyncSchedules,
    SyncSourcesService,
    SyncRunsService,
    MeetingEntities,
    ActionItemEntities,
    LocalEntityRegistry,
    SyncConflictNotifier,
    SyncConflictsService,
  ],
  exports: [SyncSourcesService, SyncRunsService, SyncConflictsService, InboundWebhooksService, InboundMessagesRepository, SecretBox],
})
export class DataSyncModule {}
