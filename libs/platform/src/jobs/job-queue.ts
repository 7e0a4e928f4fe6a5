import { randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { Logger } from '@nestjs/common';
import { problemType } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { type Principal, RequestContext } from '../tenancy/request-context';
import { JOB_BACKOFF_TYPE } from './job-backoff';
import { type JobEnvelope } from './job-envelope';
import { deriveJobId } from './job-id';
import type { JobToQueue } from './job-spool.repository';
import { assertQueueName, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, type QueueDefinition } from './queue-definition';

/** The BullMQ queue under a JobQueue, whichever backend holds it. */
export type BullQueue = Queue<JobEnvelope<unknown>, unknown, string, JobEnvelope<unknown>, unknown, string, never, unknown>;
export type BullJob = Job<JobEnvelope<unknown>, unknown, string>;

/** How long enqueueing may take before the caller gets 503: the store is down, and the request should not hang on it. */
const ENQUEUE_TIMEOUT_MS = 5000;
/** Finished jobs stay readable (GET /api/v1/jobs/{id}, and deduplication by id) this long, in seconds, as BullMQ counts. */
const KEEP_SUCCEEDED = { age: 7 * 86_400, count: 10_000 };
const KEEP_FAILED = { age: 30 * 86_400, count: 10_000 };

export interface EnqueueOptions {
  /** The kind of job within the queue, one of a fixed few (a metrics label); default: the queue's name. */
  name?: string;
  /**
   * The inputs that make this job unique (a meeting id and its transcript's version, say): the id is
   * derived from them, with the queue, name and tenant, so enqueueing the same key again, while the
   * job waits, runs or is kept after finishing, returns that job instead of adding another.
   * Without a key every call adds a job with a random id.
   */
  key?: readonly (string | number)[];
  /**
   * With a key: a job of that key that has finished (succeeded or failed) is replaced by a new run,
   * while one that waits or runs is still returned as it is. For work a user may ask for again
   * ("analyse this meeting again") but that must never run twice at once.
   */
  replaceFinished?: boolean;
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
  /** Overrides the queue's attempts for this job. */
  attempts?: number;
  /** Who the job works for: default the caller of the current request; null for work of no tenant. */
  as?: Principal | null;
  /**
   * When the store does not answer (503 `jobs-unavailable`), keep the job in PostgreSQL and queue it once the store
   * is back (JobSpoolRelay), instead of failing. For work that follows a committed change, such as a domain event's
   * listener, where nobody is there to try again; a request that can answer 503 should let its client retry.
   */
  orLater?: boolean;
}

/** What a module hands back to its caller (a 202 body, a Location header). */
export interface EnqueuedJob {
  id: string;
  queue: string;
  name: string;
  /** Where its status is read. */
  location: string;
}

/**
 * What JobsModule.forFeature gives a queue class: the queue's definition and the BullMQ queue made
 * for it, on first use (not when the module is built: at that point the app's migrations, which make
 * the PostgreSQL backend's schema, may not have run yet), and a way to start over with a fresh one.
 */
export interface QueueHandle {
  definition: QueueDefinition;
  readonly bull: BullQueue;
  /** Drops the BullMQ queue, so the next use makes a new one (see JobQueue.store). */
  reset(): Promise<void>;
  /** Takes the scheduler's change lock in the caller's transaction (see scheduleChangeLock). */
  lockScheduleChange(schedulerId: string): Promise<void>;
  /** Keeps a job the store would not take, to be queued once it answers again (EnqueueOptions.orLater). */
  spool(job: JobToQueue): Promise<void>;
}

/**
 * The advisory lock a transaction that declares or removes a job scheduler holds until it ends. BullMQ queues a
 * scheduler's first job at once, in its store (Redis, or its own connections to PostgreSQL), before the transaction that
 * made the change commits; a worker that took it then would read the state from before the change (a rule or a source
 * not there yet, or still enabled). A job a scheduler made waits on this lock before it runs (JobWorkers).
 */
export const scheduleChangeLock = (queue: string, schedulerId: string) => `job-scheduler:${queue}:${schedulerId}`;

/**
 * BullMQ's PostgreSQL backend checks its schema once per queue and keeps the answer: a queue first
 * used before the migrations ran (a scrape, a request while the migrate job still runs) would fail
 * for the life of the process.
 */
const SCHEMA_MISSING = /schema "[^"]+" is not initialized/i;

/**
 * A module's queue. Each queue is a class of its own, which is also its
 * injection token, and names its definition statically:
 *
 *   export class AnalysisQueue extends JobQueue<AnalysisInput, AnalysisResult> {
 *     static readonly definition = { name: 'analysis', attempts: 3 };
 *   }
 *
 * JobsModule.forFeature({ queues: [AnalysisQueue] }) provides it; a
 * JobProcessor for it runs its jobs (see JobProcessor).
 */
export abstract class JobQueue<I, R = unknown> {
  /** Only there so that R is part of the type, which ties a processor's result to its queue. */
  declare protected readonly resultType?: R;

  constructor(protected readonly handle: QueueHandle) {}

  get name(): string {
    return this.handle.definition.name;
  }

  async enqueue(input: I, options: EnqueueOptions = {}): Promise<EnqueuedJob> {
    const { definition } = this.handle;
    const name = options.name ?? definition.name;
    assertQueueName(name, 'job');
    const principal = options.as !== undefined ? options.as : (RequestContext.principal() ?? null);
    const id = options.key
      ? deriveJobId({ queue: definition.name, name, tenantId: principal?.tenantId ?? null, key: options.key })
      : randomUUID();
    const job: JobToQueue = {
      id,
      name,
      envelope: { principal, input } satisfies JobEnvelope<I>,
      attempts: options.attempts ?? null,
      replaceFinished: Boolean(options.key && options.replaceFinished),
      runAt: options.delayMs ? new Date(Date.now() + options.delayMs) : null,
    };
    try {
      await this.add(job);
    } catch (error) {
      if (!options.orLater || !(error instanceof ProblemException) || error.type !== problemType(JOBS_UNAVAILABLE)) throw error;
      await this.handle.spool(job);
      logger.warn(`job ${definition.name}/${name} ${id} is kept in PostgreSQL until the job store answers again`);
    }
    return { id, queue: definition.name, name, location: `/api/v1/jobs/${id}` };
  }

  /** Hands a job decided earlier (by enqueue, or kept in the spool) to the store; 503 `jobs-unavailable` if it does not answer. */
  async add(job: JobToQueue): Promise<void> {
    const { definition } = this.handle;
    if (job.replaceFinished)
      await withDeadline(
        this.store(() => this.removeIfFinished(job.id)),
        ENQUEUE_TIMEOUT_MS,
      );
    const delay = job.runAt ? Math.max(0, job.runAt.getTime() - Date.now()) : undefined;
    const added = this.store((bull) =>
      bull.add(job.name, job.envelope, {
        jobId: job.id,
        attempts: job.attempts ?? definition.attempts ?? DEFAULT_ATTEMPTS,
        backoff: { type: JOB_BACKOFF_TYPE, delay: definition.backoffMs ?? DEFAULT_BACKOFF_MS },
        delay: delay || undefined,
        removeOnComplete: KEEP_SUCCEEDED,
        removeOnFail: KEEP_FAILED,
      }),
    );
    await withDeadline(added, ENQUEUE_TIMEOUT_MS);
  }

  /**
   * Adds `input` on a schedule through BullMQ's job schedulers: one scheduler per id in the store, so every process
   * may declare it at start (declaring it again replaces it) and each tick still makes one job. `pattern` is a cron
   * expression read in `tz` (default UTC). The jobs work for `as` (default: no tenant).
   */
  async schedule(
    schedulerId: string,
    repeat: { pattern: string; tz?: string } | { everyMs: number },
    input: I,
    options: { name?: string; as?: Principal | null } = {},
  ): Promise<void> {
    const { definition } = this.handle;
    const name = options.name ?? definition.name;
    assertQueueName(name, 'job');
    const envelope: JobEnvelope<I> = { principal: options.as ?? null, input };
    await this.handle.lockScheduleChange(schedulerId);
    const scheduled = this.store((bull) =>
      bull.upsertJobScheduler(
        schedulerId,
        'pattern' in repeat ? { pattern: repeat.pattern, tz: repeat.tz ?? 'UTC' } : { every: repeat.everyMs },
        {
          name,
          data: envelope,
          opts: {
            attempts: definition.attempts ?? DEFAULT_ATTEMPTS,
            backoff: { type: JOB_BACKOFF_TYPE, delay: definition.backoffMs ?? DEFAULT_BACKOFF_MS },
            removeOnComplete: KEEP_SUCCEEDED,
            removeOnFail: KEEP_FAILED,
          },
        },
      ),
    );
    await withDeadline(scheduled, ENQUEUE_TIMEOUT_MS);
  }

  /** Stops a schedule (schedule()); true when there was one. Jobs it already made still run. */
  async unschedule(schedulerId: string): Promise<boolean> {
    await this.handle.lockScheduleChange(schedulerId);
    return withDeadline(
      this.store((bull) => bull.removeJobScheduler(schedulerId)),
      ENQUEUE_TIMEOUT_MS,
    );
  }

  /**
   * The tick a scheduler's job was made for, in epoch milliseconds, read from its id (`repeat:<scheduler>:<ms>`,
   * as BullMQ names them): the same on every worker and every retry. Null for a job no scheduler made.
   */
  static scheduledAt(jobId: string): number | null {
    const match = /^repeat:.+:(\d{10,})$/.exec(jobId);
    return match ? Number(match[1]) : null;
  }

  /**
   * Two callers may race here: both see the finished job; the second remove may take the first's new
   * run while it still waits, and the second add puts it back under the same id, so there is one run.
   * A run already started is locked and BullMQ refuses to remove it; the add then returns it.
   */
  private async removeIfFinished(id: string): Promise<void> {
    const job = await this.handle.bull.getJob(id);
    if (!job) return;
    const state = await job.getState();
    if (state === 'completed' || state === 'failed') await job.remove().catch(() => undefined);
  }

  /** Jobs by BullMQ state, for the queue-depth metric. */
  counts(): Promise<Record<string, number>> {
    return this.store((bull) => bull.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'));
  }

  /** The job with this id in this queue, whoever it belongs to; callers check the tenant (JobStatusService does). */
  find(id: string): Promise<BullJob | undefined> {
    return this.store((bull) => bull.getJob(id));
  }

  /** One use of the store; if the PostgreSQL backend found its schema missing earlier, once more with a fresh queue. */
  private async store<T>(use: (bull: BullQueue) => Promise<T>): Promise<T> {
    try {
      return await use(this.handle.bull);
    } catch (error) {
      if (!(error instanceof Error) || !SCHEMA_MISSING.test(error.message)) throw error;
      await this.handle.reset();
      return use(this.handle.bull);
    }
  }
}

const logger = new Logger('Jobs');
const JOBS_UNAVAILABLE = 'jobs-unavailable';

/**
 * 503 `jobs-unavailable` once `ms` pass, or at once when the store refuses. The caller may
 * retry: a job that was queued after all is found again by its key, if it has one.
 */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const unavailable = (reason: string) => {
    logger.warn(`could not enqueue a job: ${reason}`);
    return new ProblemException({
      status: 503,
      slug: JOBS_UNAVAILABLE,
      title: 'Jobs unavailable',
      detail: 'The job queue is not reachable, so nothing was queued. Try again shortly.',
      headers: { 'Retry-After': '5' },
    });
  };
  try {
    return await Promise.race([
      work.catch((error: Error) => {
        throw unavailable(error.message);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(unavailable(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
