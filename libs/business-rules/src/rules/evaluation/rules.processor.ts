import { Injectable } from '@nestjs/common';
import { JobProcessor, JobQueue, type RunningJob, UnrecoverableError } from '@quorum/platform';
import { RuleEvaluationService } from './rule-evaluation.service';
import { RuleEventTrail } from './rule-event-trail';
import { type RulesJobInput, type RulesJobResult, RulesQueue } from './rules.queue';

@Injectable()
export class RulesProcessor extends JobProcessor<RulesJobInput, RulesJobResult> {
  readonly queue = RulesQueue;

  constructor(
    private readonly evaluation: RuleEvaluationService,
    private readonly trail: RuleEventTrail,
  ) {
    super();
  }

  async process(job: RunningJob<RulesJobInput>): Promise<RulesJobResult> {
    const input = job.input;
    if (input.kind === 'prune') return { pruned: await this.trail.prune(job.signal) };
    if (!job.tenantId) throw new UnrecoverableError('a rules job needs a tenant');
    if (input.kind === 'event') return this.evaluation.runEvent(job.tenantId, input.eventId);
    // The tick the scheduler made this job for: the same on every worker and retry, so the firing window is too.
    const tick = JobQueue.scheduledAt(job.id) ?? Date.now();
    return this.evaluation.runSchedule(job.tenantId, input.ruleId, input.versionId, tick, job.signal);
  }
}
