import { UnrecoverableError } from 'bullmq';
import { notFound } from '../errors/problems';
import { isFinalFailure, jobProblem, readFailure, storedFailure } from './job-failure';

describe('job failures', () => {
  it('stops retrying bad input (UnrecoverableError, a 4xx problem), and retries anything else', () => {
    expect(isFinalFailure(new UnrecoverableError('no transcript'))).toBe(true);
    expect(isFinalFailure(notFound('Meeting m1 was not found.'))).toBe(true);
    expect(isFinalFailure(new Error('ECONNRESET'))).toBe(false);
    expect(isFinalFailure(undefined)).toBe(false);
  });

  it('tells the tenant why input was refused, in the words of the processor', () => {
    expect(jobProblem(new UnrecoverableError('The meeting has no transcript.'), 1)).toEqual({
      type: 'https://quorum.dev/problems/job-input-rejected',
      title: 'Job input rejected',
      status: 422,
      detail: 'The meeting has no transcript.',
    });
    expect(jobProblem(notFound('Meeting m1 was not found.'), 1)).toMatchObject({ status: 404, detail: 'Meeting m1 was not found.' });
  });

  it('keeps the internals of an unexpected failure out of what the tenant reads', () => {
    const problem = jobProblem(new Error('relation "secret_table" does not exist'), 5);
    expect(problem).toEqual({
      type: 'https://quorum.dev/problems/job-failed',
      title: 'Job failed',
      status: 500,
      detail: 'The job failed after 5 attempts; the error was logged.',
    });
  });

  it("round-trips through BullMQ's failedReason, keeping the error's kind", () => {
    const stored = storedFailure(new UnrecoverableError('bad'), 1);
    expect(stored).toBeInstanceOf(UnrecoverableError);
    expect(readFailure(stored.message, 1)).toMatchObject({ status: 422, detail: 'bad' });
    expect(storedFailure(new Error('flaky'), 2)).not.toBeInstanceOf(UnrecoverableError);
  });

  it("reads BullMQ's own reasons without showing them", () => {
    expect(readFailure('job stalled more than allowable limit', 1)).toMatchObject({
      type: expect.stringMatching(/job-stalled$/) as unknown,
    });
    expect(readFailure('Missing lock for job 1. moveToFinished', 2)).toMatchObject({
      status: 500,
      detail: expect.not.stringContaining('lock') as unknown,
    });
  });
});
