import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import type { JobEnvelope } from './job-envelope';

/** A job as it is handed to the store, decided once: its id, name, data and options. */
export interface JobToQueue {
  id: string;
  name: string;
  envelope: JobEnvelope<unknown>;
  /** The queue's own when null. */
  attempts: number | null;
  /** A finished job of this id is replaced by this one (EnqueueOptions.replaceFinished). */
  replaceFinished: boolean;
  /** Not to run before this instant; null for at once. */
  runAt: Date | null;
}

/** A spooled job and the queue it is for. */
export interface SpooledJob extends JobToQueue {
  queue: string;
}

interface SpoolRow {
  queue: string;
  job_id: string;
  name: string;
  envelope: JobEnvelope<unknown>;
  attempts: number | null;
  replace_finished: boolean;
  run_at: Date | null;
}

/** job_spool: jobs waiting for their store to answer again (see JobSpoolRelay). */
@Injectable()
export class JobSpoolRepository {
  constructor(private readonly tx: Transactions) {}

  /** Keeps `job` for `queue`; a job of that id already kept stays as it was (it is the same job). */
  async add(queue: string, job: JobToQueue): Promise<void> {
    await this.tx.query(
      `INSERT INTO job_spool (queue, job_id, name, envelope, attempts, replace_finished, run_at)
       VALUES (:queue, :id, :name, :envelope, :attempts, :replaceFinished, :runAt)
       ON CONFLICT (queue, job_id) DO NOTHING`,
      { queue, ...job, envelope: JSON.stringify(job.envelope) },
    );
  }

  /**
   * The oldest `limit` jobs of these queues that no other process is taking, locked until the caller's transaction
   * ends (call it in one).
   */
  async take(queues: readonly string[], limit: number): Promise<SpooledJob[]> {
    const rows = await this.tx.query<SpoolRow>(
      `SELECT queue, job_id, name, envelope, attempts, replace_finished, run_at FROM job_spool
        WHERE queue IN (:...queues) ORDER BY spooled_at LIMIT :limit FOR UPDATE SKIP LOCKED`,
      { queues, limit },
    );
    return rows.map((row) => ({
      queue: row.queue,
      id: row.job_id,
      name: row.name,
      envelope: row.envelope,
      attempts: row.attempts,
      replaceFinished: row.replace_finished,
      runAt: row.run_at,
    }));
  }

  async remove(queue: string, id: string): Promise<void> {
    await this.tx.query(`DELETE FROM job_spool WHERE queue = :queue AND job_id = :id`, { queue, id });
  }

  async count(): Promise<number> {
    const [row] = await this.tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_spool`, {});
    return row.n;
  }
}
