import { Injectable, Module } from '@nestjs/common';
import { JobProcessor, JobQueue, JobsModule, RequestContext, type RunningJob, UnrecoverableError } from '@quorum/platform';
import { DataSource } from 'typeorm';

/**
 * A test-only queue whose jobs do what their input says, and leave a trace in
 * `probe_runs` (one row per start, one per side effect, with the process that
 * ran it), so a test can count runs and effects across processes.
 */
export interface ProbeInput {
  /** succeed; fail the first `failTimes` attempts; reject its input; or, on its first start only, hold `holdMs` (abortable). */
  behaviour: 'succeed' | 'flaky' | 'reject' | 'hold-first';
  failTimes?: number;
  holdMs?: number;
}

export interface ProbeResult {
  link: string;
}

export class ProbeQueue extends JobQueue<ProbeInput, ProbeResult> {
  static readonly definition = { name: 'probe', attempts: 3, backoffMs: 40 };
}

export const PROBE_RUNS_TABLE = `CREATE TABLE IF NOT EXISTS probe_runs (
  job_id text NOT NULL, phase text NOT NULL, attempt int NOT NULL, pid int NOT NULL, tenant_id text, at timestamptz NOT NULL DEFAULT now())`;

@Injectable()
export class ProbeProcessor extends JobProcessor<ProbeInput, ProbeResult> {
  readonly queue = ProbeQueue;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async process(job: RunningJob<ProbeInput>): Promise<ProbeResult> {
    const starts = await this.record(job, 'start');
    const { behaviour, failTimes = 0, holdMs = 0 } = job.input;
    if (behaviour === 'reject') throw new UnrecoverableError('The probe was told to refuse its input.');
    if (behaviour === 'flaky' && job.attempt <= failTimes) throw new Error(`flaky failure ${job.attempt}`);
    if (behaviour === 'hold-first' && starts === 1) {
      await job.reportProgress(10);
      await sleep(holdMs, job.signal);
    }
    await job.reportProgress(100);
    await this.record(job, 'effect');
    return { link: `/api/v1/probes/${job.id}` };
  }

  /** One row; returns how many rows of this phase the job has now, across every process. */
  private async record(job: RunningJob<ProbeInput>, phase: 'start' | 'effect'): Promise<number> {
    // RequestContext is the enqueuing caller's: the row shows the job ran for its tenant.
    const tenantId = RequestContext.principal()?.tenantId ?? null;
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `WITH added AS (INSERT INTO probe_runs (job_id, phase, attempt, pid, tenant_id) VALUES ($1, $2, $3, $4, $5) RETURNING 1)
       SELECT (SELECT count(*) FROM probe_runs WHERE job_id = $1 AND phase = $2)::int + (SELECT count(*) FROM added)::int AS n`,
      [job.id, phase, job.attempt, process.pid, tenantId],
    );
    return row.n;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
}

@Module({ imports: [JobsModule.forFeature({ queues: [ProbeQueue] })], providers: [ProbeProcessor], exports: [JobsModule] })
export class ProbeJobsModule {}
