import request from 'supertest';
import { bearer, register } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { parsePrometheusText } from './support/prometheus-text';
import { hasRedisServerBinary, PrivateRedis } from './support/private-redis';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(90_000);

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

(hasRedisServerBinary() ? describe : describe.skip)('jobs that follow a change while the job store (Redis) is down', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startTestApp({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'spool-test:', THROTTLE_LIMIT: '100000' } });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  const spooled = () =>
    withClient(
      t.database.url,
      async (c) => (await c.query<{ queue: string; name: string }>('SELECT queue, name FROM job_spool ORDER BY queue')).rows,
    );

  it('keeps them in PostgreSQL, then queues each once when Redis is back: a meeting completed meanwhile is analysed', async () => {
    const owner = await register(t);
    const meeting = await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Budget review' }).expect(201);
    const id = meeting.body.id as string;
    await request(t.server)
      .post(`/api/v1/meetings/${id}/segments`)
      .set(bearer(owner))
      .send({
        segments: [
          { segmentId: 's1', speaker: 'Ada', startMs: 0, endMs: 4000, text: "I'll send the revised budget to everyone by Friday." },
        ],
      })
      .expect(201);

    await redis.stop();
    await request(t.server).patch(`/api/v1/meetings/${id}`).set(bearer(owner)).send({ status: 'completed' }).expect(200);
    // Asked directly, the request cannot be kept for later: its client is told to retry.
    const refused = await request(t.server).post(`/api/v1/meetings/${id}/analysis`).set(bearer(owner)).send({});
    expect(refused.status).toBe(503);
    expect(refused.body.type).toBe('https://quorum.dev/problems/jobs-unavailable');

    // The completion's analysis and rule evaluation are kept (their listeners are awaited before the answer).
    const kept = await spooled();
    expect(kept).toEqual(expect.arrayContaining([{ queue: 'analysis', name: 'final' }]));
    const families = parsePrometheusText((await request(t.server).get('/metrics').expect(200)).text);
    const gauge = families.find((f) => f.name === 'quorum_job_spooled_jobs')?.samples[0]?.value;
    expect(gauge).toBeGreaterThanOrEqual(1);

    await redis.start();
    const analysis = await eventually('the analysis', async () => {
      const res = await request(t.server).get(`/api/v1/meetings/${id}/analysis`).set(bearer(owner));
      return res.status === 200 ? res.body : undefined;
    });
    expect(analysis.actionItems).toEqual([expect.objectContaining({ segmentIds: ['s1'] })]);
    await eventually('the spool to empty', async () => ((await spooled()).length === 0 ? true : undefined));
    // Each kept job ran once: one analysis, one set of items.
    const items = await request(t.server).get(`/api/v1/action-items?meetingId=${id}`).set(bearer(owner)).expect(200);
    expect(items.body.items).toHaveLength(1);
  });
});
