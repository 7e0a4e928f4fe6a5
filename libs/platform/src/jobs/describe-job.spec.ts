import { describeJob } from './describe-job';
import type { BullJob } from './job-queue';

const job = (fields: Partial<BullJob> = {}): BullJob =>
  ({
    id: 'c0a86b7a-6e21-8b79-afb5-8c3e3d55b7af',
    queueName: 'analysis',
    name: 'analysis',
    progress: 0,
    attemptsStarted: 1,
    attemptsMade: 0,
    opts: { attempts: 3 },
    timestamp: Date.UTC(2026, 10, 30, 15),
    data: { principal: null, input: {} },
    ...fields,
  }) as BullJob;

describe('describeJob', () => {
  it.each([
    ['waiting', 'queued'],
    ['prioritized', 'queued'],
    ['delayed', 'queued'],
    ['waiting-children', 'queued'],
    ['active', 'running'],
    ['completed', 'succeeded'],
    ['failed', 'failed'],
  ])("shows BullMQ's %s as %s", (state, status) => {
    expect(describeJob(job(), state).status).toBe(status);
  });

  it('links the result only once the job succeeded, and only to a path of this api', () => {
    const done = (link: unknown) => describeJob(job({ returnvalue: { link }, finishedOn: Date.now() }), 'completed').links;
    expect(done('/api/v1/meetings/m1/analysis')).toEqual({
      self: '/api/v1/jobs/c0a86b7a-6e21-8b79-afb5-8c3e3d55b7af',
      result: '/api/v1/meetings/m1/analysis',
    });
    for (const link of ['https://evil.example/x', '//evil.example/x', '/api/v1/x?y=1', 42, undefined])
      expect(done(link).result).toBeUndefined();
    expect(describeJob(job({ returnvalue: { link: '/api/v1/m' } }), 'active').links.result).toBeUndefined();
  });

  it('shows an error only for a failed job, and times as ISO strings', () => {
    const failed = describeJob(
      job({ failedReason: 'boom', attemptsMade: 3, processedOn: Date.UTC(2026, 10, 30, 15, 1), finishedOn: Date.UTC(2026, 10, 30, 15, 2) }),
      'failed',
    );
    expect(failed).toMatchObject({
      createdAt: '2026-11-30T15:00:00.000Z',
      startedAt: '2026-11-30T15:01:00.000Z',
      finishedAt: '2026-11-30T15:02:00.000Z',
      error: { status: 500, detail: 'The job failed after 3 attempts; the error was logged.' },
    });
    expect(describeJob(job({ failedReason: 'flaky' }), 'delayed').error).toBeUndefined();
  });
});
