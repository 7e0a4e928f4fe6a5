import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MigrationStatus } from '../database/migration-status';
import { Transactions } from '../database/transactions';
import { JobRegistry } from './job-registry';
import { JobSpoolRepository, type JobToQueue } from './job-spool.repository';

/** How often the spool is looked at while it holds jobs (or this process just added one). */
const BUSY_INTERVAL_MS = 5_000;
/** How often otherwise: another process may have spooled jobs and stopped before queueing them. */
const IDLE_INTERVAL_MS = 60_000;
/** Jobs queued per look, in one transaction that holds their rows. */
const BATCH = 50;

/**
 * Queues what the spool holds once the job store answers again (EnqueueOptions.orLater). Every process runs it for the
 * queues it knows; a job's row is locked while it is queued (SKIP LOCKED: two processes never take the same one) and
 * deleted once the store has it. A job keeps the id it was given, so one that reached the store before its row's
 * deletion did (a process that died in between) is not queued twice while the store keeps it.
 */
@Injectable()
export class JobSpoolRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private busy = true;
  private lastLook = 0;
  private stopped = false;

  constructor(
    private readonly spool: JobSpoolRepository,
    private readonly registry: JobRegistry,
    private readonly transactions: Transactions,
    private readonly migrations: MigrationStatus,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.draining;
  }

  /** Keeps `job` for the queue `queue`, and looks at the spool again soon. */
  async keep(queue: string, job: JobToQueue): Promise<void> {
    await this.spool.add(queue, job);
    this.busy = true;
  }

  /** Queues what the spool holds for this process's queues, until the store refuses or the spool is empty. */
  private drain(): Promise<void> {
    this.draining ??= this.drainOnce().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const due = this.busy || Date.now() - this.lastLook >= IDLE_INTERVAL_MS;
      void (due ? this.drain() : Promise.resolve()).finally(() => this.schedule());
    }, BUSY_INTERVAL_MS);
    this.timer.unref();
  }

  private async drainOnce(): Promise<void> {
    this.lastLook = Date.now();
    const queues = new Map(this.registry.queues.map((queue) => [queue.name, queue]));
    if (!queues.size) return void (this.busy = false);
    try {
      // A process may start before the migrate job has run (the spool's table may not exist yet); it looks again later.
      if ((await this.migrations.pending()).length) return;
      let queued = 0;
      const left = await this.transactions.run(async () => {
        const jobs = await this.spool.take([...queues.keys()], BATCH);
        for (const job of jobs) {
          const added = await queues
            .get(job.queue)!
            .add(job)
            .then(
              () => true,
              () => false,
            );
          // The store did not answer: the rest wait for the next look.
          if (!added) return true;
          await this.spool.remove(job.queue, job.id);
          queued++;
        }
        return jobs.length === BATCH;
      });
      if (queued) this.logger.log(`${queued} job(s) kept while the job store did not answer are queued now`);
      this.busy = left;
    } catch (error) {
      // The database itself: look again at the next turn.
      this.logger.warn(`could not read the job spool: ${(error as Error).message}`);
      this.busy = true;
    }
  }
}
