import type { Server } from 'node:http';
import request from 'supertest';
import { bearer, register } from './support/auth-helpers';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { connect, type RealtimeClient, realtimeUrl } from './support/socket-client';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

describeWithRedis('analysis in the worker process (JOB_PROCESSING=worker, Redis)', () => {
  let t: TestApp;
  let worker: SpawnedProcess;

  beforeAll(async () => {
    t = await startTestApp({ redis: true, env: { JOB_PROCESSING: 'worker' } });
    const port = await freePort();
    worker = spawnApp('worker', {
      DATABASE_URL: t.database.url,
      REDIS_URL: t.config.redisUrl!,
      REDIS_KEY_PREFIX: t.config.redisKeyPrefix,
      JOB_PROCESSING: 'worker',
      WORKER_PORT: String(port),
      LOG_LEVEL: 'info',
    });
    await waitForStatus(worker, `http://127.0.0.1:${port}/health/ready`, 200);
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  it("the worker runs the job the api queued, and its analysis.completed reaches the api's sockets through Redis", async () => {
    const owner = await register(t);
    const meetingId = (await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Worker run' }).expect(201)).body
      .id;
    await request(t.server)
      .post(`/api/v1/meetings/${meetingId}/transcript`)
      .set(bearer(owner))
      .set('Content-Type', 'text/plain')
      .send(
        'Ada: Shall we start with the budget?\nGrace: Yes. I will send the budget sheet to finance by Monday.\nAda: Good, we agreed on that.',
      )
      .expect(201);
    let listener: RealtimeClient | undefined;
    try {
      listener = await connect(realtimeUrl(t.server as Server), { token: owner.access_token });
      expect((await listener.ack('meeting.join', { meetingId })).ok).toBe(true);
      await request(t.server).post(`/api/v1/meetings/${meetingId}/analysis`).set(bearer(owner)).send({}).expect(202);
      const event = await listener.waitFor('analysis.completed', (e) => e.meetingId === meetingId, 60_000);
      expect(event.data).toMatchObject({ meetingId, kind: 'final', provider: 'local', segmentCount: 3 });
      const created = await listener.waitFor('action_item.created', (e) => e.meetingId === meetingId, 10_000);
      expect(created.data).toMatchObject({ origin: 'ai' });
      expect(worker.output()).toContain('this process runs analysis');
    } finally {
      listener?.close();
    }
  });
});
