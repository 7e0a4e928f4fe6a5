import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionItemsModule } from '@quorum/action-items';
import { AnalysisModule } from '@quorum/ai';
import { MeetingsModule } from '@quorum/meetings';
import { JobsModule, TenantRepositoryModule } from '@quorum/platform';
import { TenantsModule } from '@quorum/tenants';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { RuleActionsService } from './actions/rule-actions.service';
import { Rule } from './entities/rule.entity';
import { RuleApplication } from './entities/rule-application.entity';
import { RuleEvent } from './entities/rule-event.entity';
import { RuleVersion } from './entities/rule-version.entity';
import { RuleEvaluationService } from './evaluation/rule-evaluation.service';
import { RuleEventTrail } from './evaluation/rule-event-trail';
import { RuleEventsListener } from './evaluation/rule-events.listener';
import { RuleMetrics } from './evaluation/rule-metrics';
import { RulesProcessor } from './evaluation/rules.processor';
import { RulesQueue } from './evaluation/rules.queue';
import { RuleFactsService } from './facts/rule-facts.service';
import { RuleApplicationsRepository } from './rule-applications.repository';
import { RuleEventsRepository } from './rule-events.repository';
import { RulesRepository } from './rules.repository';
import { RulesService } from './rules.service';
import { RuleSchedules } from './schedules/rule-schedules';

/** Business rules: definitions and versions, evaluation on events and schedules, applications (docs/rules.md). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Rule, RuleVersion, RuleApplication, RuleEvent]),
    TenantRepositoryModule.forFeature([
      { entity: Rule, resourceName: 'Rule' },
      { entity: RuleVersion, resourceName: 'Rule version' },
      { entity: RuleApplication, resourceName: 'Rule application' },
      { entity: RuleEvent, resourceName: 'Event' },
    ]),
    JobsModule.forFeature({ queues: [RulesQueue] }),
    ActionItemsModule,
    MeetingsModule,
    AnalysisModule,
    TenantsModule,
    NotificationsModule,
    WebhooksModule,
  ],
  providers: [
    RulesRepository,
    RuleApplicationsRepository,
    RuleEventsRepository,
    RuleFactsService,
    RuleActionsService,
    RuleEvaluationService,
    RuleMetrics,
    RulesProcessor,
    RuleEventsListener,
    RuleEventTrail,
    RuleSchedules,
    RulesService,
  ],
  exports: [RulesService],
})
export class RulesModule {}
