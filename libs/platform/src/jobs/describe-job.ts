import { readFailure } from './job-failure';
import type { JobResult } from './job-processor';
import type { BullJob } from './job-queue';
import type { JobStatusDto, JobStatusName } from './job-status.dto';

/** BullMQ's states as a client needs them: waiting in any form is `queued`; a retry waits (`delayed`) too. */
const STATUS: Record<string, JobStatusName> = {
  waiting: 'queued',
  prioritized: 'queued',
  delayed: 'queued',
  'waiting-children': 'queued',
  active: 'running',
  completed: 'succeeded',
  failed: 'failed',
};

/** A job as GET /api/v1/jobs/{id} shows it; `state` is BullMQ's (job.getState()). */
export function describeJob(job: BullJob, state: string): JobStatusDto {
  const status = STATUS[state] ?? 'queued';
  const self = `/api/v1/jobs/${job.id}`;
  const link = status === 'succeeded' ? resultLink(job.returnvalue) : undefined;
  return {
    id: job.id!,
    queue: job.queueName,
    name: job.name,
    status,
    progress: typeof job.progress === 'number' ? job.progress : status === 'succeeded' ? 100 : 0,
    attempts: job.attemptsStarted,
    maxAttempts: job.opts.attempts ?? 1,
    createdAt: new Date(job.timestamp).toISOString(),
    ...(job.processedOn ? { startedAt: new Date(job.processedOn).toISOString() } : {}),
    ...(job.finishedOn && (status === 'succeeded' || status === 'failed') ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
    links: link ? { self, result: link } : { self },
    ...(status === 'failed' ? { error: readFailure(job.failedReason, job.attemptsMade) } : {}),
  };
}

/** Only a path of this api: a result is data a processor wrote, and the status route must not point anywhere else. */
function resultLink(result: unknown): string | undefined {
  const link = (result as JobResult | null | undefined)?.link;
  return typeof link === 'string' && /^\/api\/v1\/[^\s?#]*$/.test(link) ? link : undefined;
}
