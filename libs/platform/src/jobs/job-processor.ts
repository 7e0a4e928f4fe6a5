import type { JobQueue, QueueHandle } from './job-queue';
import type { QueueDefinition } from './queue-definition';

/** A queue class as JobsModule.forFeature takes it: constructible from a handle, with its definition. */
export type JobQueueClass<I = unknown, R = unknown> = (new (handle: QueueHandle) => JobQueue<I, R>) & {
  readonly definition: QueueDefinition;
};

/** One attempt at a job, as its processor sees it. */
export interface RunningJob<I> {
  id: string;
  name: string;
  input: I;
  /** The tenant the job works for (it also runs in that caller's RequestContext), or null. */
  tenantId: string | null;
  actorUserId: string | null;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the process must stop before the job is done: the job goes back to the queue, so stop early. */
  signal: AbortSignal;
  /** Shown as `progress` by GET /api/v1/jobs/{id}; 0 to 100. */
  reportProgress(percent: number): Promise<void>;
}

/**
 * Runs the jobs of one queue. A provider of the module that owns the queue
 * (which imports JobsModule.forFeature({ queues })); JobProcessorExplorer finds it:
 *
 *   @Injectable()
 *   export class AnalysisProcessor extends JobProcessor<AnalysisInput, AnalysisResult> {
 *     readonly queue = AnalysisQueue;
 *     async process(job: RunningJob<AnalysisInput>): Promise<AnalysisResult> { … }
 *   }
 *
 * Whether this process runs it depends on JOB_PROCESSING (JobWorkers). A job
 * may run more than once (a retry, a worker that died mid-job), so `process`
 * must be safe to repeat. Throw UnrecoverableError (or a 4xx ProblemException)
 * for input that can never succeed: the job fails at once, and the message is
 * what the tenant reads. Any other error is retried with backoff, and after
 * the last attempt reported as an unexpected failure.
 *
 * Return `{ link }` (a path under /api/v1) when the result lives at a URL:
 * the job's status then points there.
 */
export abstract class JobProcessor<I, R extends JobResult | void = void> {
  abstract readonly queue: JobQueueClass<I, R>;
  /** How many jobs of this queue one process runs at once. */
  readonly concurrency: number = 1;

  abstract process(job: RunningJob<I>): Promise<R>;
}

/** What a processor may return: anything JSON, with `link` read by the status route. */
export interface JobResult {
  link?: string;
}
