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
    const found = await Promise.all(this.registry.queues.map((queue) => queue.find(id)));
    const job = found.find((candidate) => candidate?.data.principal?.tenantId === tenantId);
    if (!job) throw notFound(`Job ${id} was not found.`);
    return describeJob(job, await job.getState());
  }
}
