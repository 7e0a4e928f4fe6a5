import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LATEST_SCHEMA_VERSION } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config';
import { MigrationStatus } from '../database/migration-status';
import { ShutdownState } from '../health/shutdown-state';
import { ErrorReporter } from '../observability/error-reporter';
import { RequestContext } from '../tenancy/request-context';
import { type BullProcessor, type BullWorker, JOB_SCHEMA, JobBackend } from './job-backend';
import { isFinalFailure, storedFailure } from './job-failure';
import { JobMetrics } from './job-metrics';
import type { JobProcessor, JobResult, RunningJob } from './job-processor';
import { type BullJob, scheduleChangeLock } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobsOptions } from './jobs-options';

/** How often a process that waits for pending migrations looks again before it starts its workers. */
const MIGRATIONS_POLL_MS = 2000;

interface ActiveJob {
  job: BullJob;
  token: string;
  abort: AbortController;
  /** Put back in the queue at shutdown: whatever the attempt does from then on is not its outcome. */
  returned: boolean;
}

/**
 * Runs the registered processors, when this process is one that runs jobs:
 * JOB_PROCESSING=all (the default) in the api and the worker, =worker in the
 * worker only, =none nowhere. The api enqueues in every mode.
 *
 * Each attempt runs as the caller who enqueued the job (RequestContext), is
 * timed and counted (JobMetrics), and, when it fails, leaves a problem as the
 * job's reason (storedFailure); a job that fails for good with an unexpected
 * error is logged and reported (ErrorReporter).
 *
 * Shutdown: as the drain begins (SIGTERM), the workers stop taking jobs and
 * the running ones get until SHUTDOWN_TIMEOUT_MS to finish; those still
 * running then go back to the queue (their signal is aborted) and the workers
 * close. Nest's own shutdown (app.close() in tests) does the same, first.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly workers: BullWorker[] = [];
  private readonly active = new Map<string, ActiveJob>();
  private stopping?: Promise<void>;
  private starting?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly options: JobsOptions,
    private readonly backend: JobBackend,
    private readonly registry: JobRegistry,
    private readonly metrics: JobMetrics,
    private readonly reporter: ErrorReporter,
    private readonly migrations: MigrationStatus,
    private readonly dataSource: DataSource,
    shutdown: ShutdownState,
  ) {
    shutdown.onBegin(() => {
      // Not awaited: the HTTP drain runs meanwhile; beforeApplicationShutdown waits for both.
      this.stopping ??= this.stop();
    });
  }

  /** Whether this process runs jobs at all. */
  get processing(): boolean {
    const mode = this.config.jobProcessing;
    return mode === 'all' || (mode === 'worker' && this.options.role === 'worker');
  }

  onApplicationBootstrap(): void {
    const processors = this.registry.processors;
    const runs = !this.processing
      ? `this process does not run them (JOB_PROCESSING=${this.config.jobProcessing})`
      : processors.length
        ? `this process runs ${processors.map((p) => p.queue.definition.name).join(', ')} (JOB_PROCESSING=${this.config.jobProcessing})`
        : 'no job processors are registered here';
    this.logger.log(`${this.backend.describe()}; ${runs}`);
    if (this.processing && processors.length) this.starting = this.startWhenMigrated(processors);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await (this.stopping ??= this.stop());
  }

  /** Workers start once the schema is there: on a database still migrating (production, before the migrate job) they wait. */
  private async startWhenMigrated(processors: JobProcessor<unknown, JobResult | void>[]): Promise<void> {
    let waiting = false;
    for (;;) {
      if (this.stopping) return;
      const pending = await this.migrations.pending().catch((error: Error) => [error.message]);
      if (!pending.length) break;
      if (!waiting) this.logger.warn(`jobs wait for ${pending.length} pending migration(s) before they start: ${pending.join(', ')}`);
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, MIGRATIONS_POLL_MS).unref());
    }
    if (this.backend.store === 'postgres' && !(await this.postgresSchemaCurrent())) return;
    const workers = this.backend.workers(
      processors.map((processor) => ({
        definition: processor.queue.definition,
        processor: this.wrap(processor),
        concurrency: processor.concurrency,
      })),
    );
    for (const worker of workers) {
      this.workers.push(worker);
      worker.run().catch((error: Error) => this.logger.error(`worker of ${worker.name} stopped: ${error.message}`, error.stack));
    }
  }

  /** BullMQ's schema is as new as the installed bullmq expects; else a migration is missing (see migrations/…-JobQueueSchema.ts). */
  private async postgresSchemaCurrent(): Promise<boolean> {
    const rows = await this.dataSource.query<{ version: number | null }[]>(
      `SELECT max(version)::int AS version FROM "${JOB_SCHEMA}".migration`,
    );
    const version = rows.at(0)?.version ?? 0;
    if (version >= LATEST_SCHEMA_VERSION) return true;
    this.logger.error(
      `schema "${JOB_SCHEMA}" is at version ${version} but the installed bullmq needs ${LATEST_SCHEMA_VERSION}: ` +
        'add a migration that runs bullmq runMigrations (as migrations/1796052924974-JobQueueSchema.ts does), then npm run migration:run. Jobs do not run until then.',
    );
    return false;
  }

  private wrap(processor: JobProcessor<unknown, JobResult | void>): BullProcessor {
    const queue = processor.queue.definition.name;
    return async (job, token, bullSignal) => {
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      const attempt = job.attemptsMade + 1;
      const maxAttempts = job.opts.attempts ?? 1;
      const { principal, input } = job.data;
      const abort = new AbortController();
      bullSignal?.addEventListener('abort', () => abort.abort(bullSignal.reason), { once: true });
      const id = job.id!;
      const active: ActiveJob = { job, token: token!, abort, returned: false };
      this.active.set(id, active);
      const running: RunningJob<unknown> = {
        id,
        name: job.name,
        input,
        tenantId: principal?.tenantId ?? null,
        actorUserId: principal?.userId ?? null,
        attempt,
        maxAttempts,
        signal: abort.signal,
        reportProgress: (percent) => job.updateProgress(Math.max(0, Math.min(100, Math.round(percent)))),
      };
      try {
        // A scheduler's job may have been queued by a transaction that has not committed yet: wait for it to end.
        if (job.repeatJobKey)
          await this.dataSource.query('SELECT pg_advisory_xact_lock_shared(hashtextextended($1, 0))', [
            scheduleChangeLock(queue, job.repeatJobKey),
          ]);
        const run = () => processor.process(running);
        const result = principal ? await RequestContext.run(principal, run, { abort }) : await run();
        this.metrics.attempt(queue, job.name, 'succeeded', seconds());
        return result;
      } catch (error) {
        if (active.returned) throw error;
        const final = isFinalFailure(error) || attempt >= maxAttempts;
        this.metrics.attempt(queue, job.name, final ? 'failed' : 'retrying', seconds());
        this.reportFailure(error, job, attempt, maxAttempts, final);
        throw storedFailure(error, attempt);
      } finally {
        this.active.delete(id);
      }
    };
  }

  private reportFailure(error: unknown, job: BullJob, attempt: number, maxAttempts: number, final: boolean): void {
    const what = `job ${job.queueName}/${job.name} ${job.id} (attempt ${attempt} of ${maxAttempts})`;
    const message = (error as Error | undefined)?.message ?? String(error);
    if (isFinalFailure(error)) {
      // Refused input is the caller's problem, not ours: logged, never reported.
      this.logger.warn(`${what} rejected its input: ${message}`);
    } else if (!final) {
      this.logger.warn(`${what} failed and will be retried: ${message}`);
    } else {
      this.logger.error(`${what} failed for good: ${message}`, (error as Error | undefined)?.stack);
      this.reporter.captureJobFailure(error, {
        queue: job.queueName,
        name: job.name,
        id: job.id,
        attempt,
        tenantId: job.data.principal?.tenantId,
      });
    }
  }

  private async stop(): Promise<void> {
    await this.starting;
    if (!this.workers.length) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      // Stop taking jobs, and wait for the running ones.
      Promise.all(this.workers.map((worker) => worker.pause())).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.config.shutdownTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (!finished && this.active.size) {
      const unfinished = [...this.active.values()];
      this.logger.warn(
        `${unfinished.length} job(s) still running after ${this.config.shutdownTimeoutMs} ms (SHUTDOWN_TIMEOUT_MS); putting them back in the queue`,
      );
      for (const active of unfinished) {
        const { job, token, abort } = active;
        active.returned = true;
        // Back to waiting, without spending an attempt; another worker (or this one, restarted) runs it again.
        await job.moveToWait(token).catch((error: Error) => this.logger.warn(`could not put job ${job.id} back: ${error.message}`));
        abort.abort(new Error('shutting down'));
      }
    }
    await Promise.all(this.workers.map((worker) => worker.close(!finished)));
  }
}
