import { Injectable } from '@nestjs/common';
import { notFound } from '../errors/problems';
import { RequestContext } from '../tenancy/request-context';
import { describeJob } from './describe-job';
import { JobRegistry } from './job-registry';
import type { JobStatusDto } from './job-status.dto';

/** A job's status for its tenant. */
@Injectable()
export class JobStatusService {
  constructor(private readonly registry: JobRegistry) {}

  /**
   * Ids are UUIDs, unique across queues, so the job is looked for in each queue this process knows
   * (a handful, one keyed read each). Another tenant's job, or one of no tenant, is not found, alike.
   */
  async status(id: string): Promise<JobStatusDto> {
    const tenantId = RequestContext.tenantId();
    const queues = this.registry.queues;
    const found = await Promise.all(queues.map((queue) => queue.find(id)));
    const index = found.findIndex((candidate) => candidate?.data.principal?.tenantId === tenantId);
    if (index < 0) throw notFound(`Job ${id} was not found.`);
    const state = await found[index]!.getState();
    // The job may have finished between the two reads: its result and finish time are read again after the state says so.
    const job = state === 'completed' || state === 'failed' ? ((await queues[index].find(id)) ?? found[index]!) : found[index]!;
    return describeJob(job, state);
  }
}
