import { JobQueue } from './job-queue';

describe('JobQueue.scheduledAt', () => {
  it('reads the tick from the id BullMQ gives a scheduler’s job', () => {
    expect(JobQueue.scheduledAt('repeat:rule:6f1c2a9e-0000-4000-8000-000000000000:1796090400000')).toBe(1796090400000);
    expect(JobQueue.scheduledAt('repeat:insights-daily:1796090400000')).toBe(1796090400000);
  });

  it('is null for a job no scheduler made', () => {
    for (const id of ['6f1c2a9e-0000-4000-8000-000000000000', 'repeat:abc', 'repeat:x:12', 'job:1796090400000'])
      expect(JobQueue.scheduledAt(id)).toBeNull();
  });
});
