import { JobQueue } from '@quorum/platform';

/** `tenant`: the job's own tenant (the one it works for, never one named in the input); `sweep`: every tenant, on the schedule. */
export type InsightsJobInput = { kind: 'tenant' } | { kind: 'sweep' };

export interface InsightsJobResult {
  link?: string;
  tenants: number;
  findings: number;
}

/** Computing tenants' insights: daily for all (a job scheduler), and on an admin's request for one. */
export class InsightsQueue extends JobQueue<InsightsJobInput, InsightsJobResult> {
  static readonly definition = { name: 'insights', attempts: 3, backoffMs: 5000 };
}
