import { Injectable } from '@nestjs/common';
import { JobProcessor, type RunningJob, UnrecoverableError } from '@quorum/platform';
import { type InsightsJobInput, type InsightsJobResult, InsightsQueue } from './insights.queue';
import { InsightsService } from './insights.service';

/** Runs a tenant's insights, or every tenant's on the daily schedule; findings are replaced whole, so a repeat is harmless. */
@Injectable()
export class InsightsProcessor extends JobProcessor<InsightsJobInput, InsightsJobResult> {
  readonly queue = InsightsQueue;

  constructor(private readonly insights: InsightsService) {
    super();
  }

  async process(job: RunningJob<InsightsJobInput>): Promise<InsightsJobResult> {
    if (job.input.kind === 'sweep') return this.insights.computeAll();
    if (!job.tenantId) throw new UnrecoverableError('a tenant insights job needs a tenant');
    const findings = await this.insights.compute(job.tenantId);
    return { link: '/api/v1/insights', tenants: 1, findings };
  }
}
