import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../observability/metrics-registry';
import { JobBackend } from './job-backend';
import { JobRegistry } from './job-registry';
import { JobSpoolRepository } from './job-spool.repository';

/** Jobs take from milliseconds (a notification) to minutes (a long meeting's analysis). */
const JOB_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** The states counted per queue; BullMQ's `prioritized` jobs wait too, so they count as waiting. */
const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** A scrape does not wait longer than this for a queue's counts; a queue whose store is down is left out. */
const DEPTH_TIMEOUT_MS = 1000;

export type JobOutcome = 'succeeded' | 'retrying' | 'failed';

/**
 * Queue depth (read from the store at each scrape, so every process that
 * knows a queue reports the same figures: aggregate with max, not sum), job
 * durations and failures. Labels are the queue's and the job's names, both
 * fixed in code; never a job id or a tenant.
 */
@Injectable()
export class JobMetrics {
  private readonly duration: Histogram<'queue' | 'name' | 'outcome'>;
  private readonly failures: Counter<'queue' | 'name' | 'final'>;

  constructor(metrics: MetricsRegistry, registry: JobRegistry, backend: JobBackend, spool: JobSpoolRepository) {
    metrics.gauge('quorum_job_queue_jobs', 'Jobs in each queue, by state: waiting (incl. prioritized), active, delayed, failed.', {
      labelNames: ['queue', 'state'],
      async collect(gauge) {
        await Promise.all(
          registry.queues.map(async (queue) => {
            const counts: Partial<Record<string, number>> | undefined = await withinDepthTimeout(queue.counts());
            if (!counts) return;
            for (const state of DEPTH_STATES)
              gauge.set({ queue: queue.name, state }, (counts[state] ?? 0) + (state === 'waiting' ? (counts.prioritized ?? 0) : 0));
          }),
        );
      },
    });
    metrics.gauge(
      'quorum_job_db_pool_clients',
      'PostgreSQL pools of the jobs (no REDIS_URL), by pool (queues, workers) and state: total (open), idle, waiting. ' +
        "The workers' pool holds each worker's LISTEN connection besides its statements' few.",
      {
        labelNames: ['pool', 'state'],
        collect(gauge) {
          for (const { name, pool } of backend.pools()) {
            gauge.set({ pool: name, state: 'total' }, pool.totalCount);
            gauge.set({ pool: name, state: 'idle' }, pool.idleCount);
            gauge.set({ pool: name, state: 'waiting' }, pool.waitingCount);
          }
        },
      },
    );
    metrics.gauge(
      'quorum_job_spooled_jobs',
      'Jobs kept in PostgreSQL because the job store did not answer when they were queued; queued once it does (every process reports the same figure).',
      {
        async collect(gauge) {
          const count = await withinDepthTimeout(spool.count());
          if (count !== undefined) gauge.set(count);
        },
      },
    );
    this.duration = metrics.histogram('quorum_job_duration_seconds', 'Duration of job attempts, by queue, job name and outcome.', {
      labelNames: ['queue', 'name', 'outcome'],
      buckets: JOB_DURATION_BUCKETS,
    });
    this.failures = metrics.counter('quorum_job_failures_total', 'Failed job attempts; final="true" when the job failed for good.', [
      'queue',
      'name',
      'final',
    ]);
  }

  attempt(queue: string, name: string, outcome: JobOutcome, seconds: number): void {
    this.duration.observe({ queue, name, outcome }, seconds);
    if (outcome !== 'succeeded') this.failures.inc({ queue, name, final: String(outcome === 'failed') });
  }
}

/** What `reading` gives within DEPTH_TIMEOUT_MS, or undefined when it fails or takes longer. */
async function withinDepthTimeout<T>(reading: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      reading,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), DEPTH_TIMEOUT_MS))),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
