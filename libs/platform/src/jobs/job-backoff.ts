import type { BackoffStrategy } from 'bullmq';
import { retryAfterOf } from './retry-later.error';

/** The `backoff.type` of every Quorum job; BullMQ hands it to the strategy its workers are given. */
export const JOB_BACKOFF_TYPE = 'quorum-exponential';

/** No retry waits longer than this, however many attempts came before. */
export const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * The wait before retry `attempt` (1 for the first retry): exponential from
 * `baseMs`, capped at MAX_BACKOFF_MS, with "equal jitter": a random point in the
 * upper half of the window. Jobs that failed together (a provider down for a
 * minute) then come back spread out instead of all at once, yet none comes back
 * sooner than half its backoff.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** The strategy the workers register: BullMQ calls it with the attempts made so far and the failing job. */
export const jobBackoffStrategy: BackoffStrategy = (attemptsMade, type, error, job) => {
  if (type !== JOB_BACKOFF_TYPE) throw new Error(`unknown backoff type ${type}`);
  const backoff = job?.opts.backoff;
  const baseMs = typeof backoff === 'object' && backoff.delay !== undefined ? backoff.delay : 1000;
  return Math.max(backoffDelay(attemptsMade, baseMs), Math.min(MAX_BACKOFF_MS, retryAfterOf(error)));
};
