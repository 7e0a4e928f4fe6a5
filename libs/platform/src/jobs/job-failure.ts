import { UnrecoverableError } from 'bullmq';
import { problemType } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import { retryAfterOf } from './retry-later.error';

/** Why a job failed, as GET /api/v1/jobs/{id} shows it: the members of a problem document that do not name a request. */
export interface JobProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

/** BullMQ's own reason for a job whose worker died too often while running it (maxStalledCount). */
const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

/**
 * Whether a failure can never succeed on another attempt: BullMQ's
 * UnrecoverableError (the processor's way to say "bad input"), or a problem
 * below 500, which is what services throw for input they refuse (a meeting
 * that no longer exists, a transcript too long).
 */
export function isFinalFailure(error: unknown): boolean {
  if (error instanceof ProblemException) return error.getStatus() < 500;
  return error instanceof UnrecoverableError || (error as Error | undefined)?.name === 'UnrecoverableError';
}

/**
 * The problem a tenant sees for a failure. Rejected input says why, in the
 * processor's words (they are written for the caller); anything else says only
 * that the job failed, since its message may hold internals (SQL, a provider's
 * answer): the log and the error reporter keep those.
 */
export function jobProblem(error: unknown, attempts: number): JobProblem {
  if (error instanceof ProblemException && error.getStatus() < 500)
    return { type: error.type, title: error.title, status: error.getStatus(), detail: error.detail };
  if (isFinalFailure(error))
    return { type: problemType('job-input-rejected'), title: 'Job input rejected', status: 422, detail: (error as Error).message };
  return {
    type: problemType('job-failed'),
    title: 'Job failed',
    status: 500,
    detail: `The job failed after ${attempts} attempt${attempts === 1 ? '' : 's'}; the error was logged.`,
  };
}

/**
 * What the processor wrapper throws to BullMQ in place of the processor's
 * error: the same kind (so an unrecoverable one still stops the retries) with
 * the problem as its message, which BullMQ stores as the job's `failedReason`
 * in the same write that moves the job on. Nothing else has to be kept in step.
 */
export function storedFailure(error: unknown, attempts: number): Error {
  const reason = JSON.stringify(jobProblem(error, attempts));
  if (isFinalFailure(error)) return new UnrecoverableError(reason);
  // The backoff strategy receives this error, not the processor's: a RetryLaterError's wait goes along.
  const retryAfterMs = retryAfterOf(error);
  return retryAfterMs ? Object.assign(new Error(reason), { retryAfterMs }) : new Error(reason);
}

/** The problem stored by storedFailure, or one for a reason BullMQ wrote itself. */
export function readFailure(failedReason: string | undefined, attempts: number): JobProblem {
  try {
    const parsed = JSON.parse(failedReason ?? '') as Partial<JobProblem>;
    if (typeof parsed.type === 'string' && typeof parsed.status === 'number' && typeof parsed.detail === 'string')
      return { type: parsed.type, title: parsed.title ?? 'Job failed', status: parsed.status, detail: parsed.detail };
  } catch {
    // Not ours: BullMQ's own reason.
  }
  if (failedReason === STALLED_TOO_OFTEN)
    return {
      type: problemType('job-stalled'),
      title: 'Job stalled',
      status: 500,
      detail: 'The worker running the job stopped responding too many times.',
    };
  return jobProblem(new Error(failedReason), attempts);
}
