import { randomBytes } from 'node:crypto';
import type { TokenResponse } from './support/auth-helpers';
import { STRONG_PASSWORD, uniqueEmail } from './support/auth-helpers';
import type { Server } from 'node:http';
import request from 'supertest';
import { bearer, register } from './support/auth-helpers';
import { hasRedisServerBinary, PrivateRedis } from './support/private-redis';
import { connect, type RealtimeClient, realtimeUrl } from './support/socket-client';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase, testRedisPrefix, testRedisUrl } from './support/test-database';

jest.setTimeout(120_000);

interface Instance {
  app: SpawnedProcess;
  port: number;
  base: string;
}

describeWithRedis('realtime across instances', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  const clients: RealtimeClient[] = [];

  async function start(env: Record<string, string>): Promise<Instance> {
    const port = await freePort();
    const app = spawnApp('api', { ...env, PORT: String(port) });
    return { app, port, base: `http://127.0.0.1:${port}` };
  }

  async function call<T = any>(
    instance: Instance,
    method: string,
    path: string,
    token?: string,
    body?: object,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${instance.base}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: res.status === 204 ? (undefined as T) : ((await res.json()) as T) };
  }

  const open = async (instance: Instance, tokens: TokenResponse) => {
    const client = await connect(realtimeUrl(instance.port), { token: tokens.access_token });
    clients.push(client);
    return client;
  };

  const registerOn = async (instance: Instance) => {
    const res = await call<TokenResponse>(instance, 'POST', '/auth/register', undefined, {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      name: 'Ada',
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // Both processes share the database, the Redis and its private prefix, and the token secret, as replicas behind a load balancer would.
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      DB_MIGRATIONS_RUN: 'false',
      REDIS_URL: testRedisUrl()!,
      REDIS_KEY_PREFIX: testRedisPrefix(),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      THROTTLE_LIMIT: '100000',
    };
    [a, b] = await Promise.all([start(env), start(env)]);
    await Promise.all([waitForStatus(a.app, `${a.base}/health/ready`, 200), waitForStatus(b.app, `${b.base}/health/ready`, 200)]);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const instance of [a, b]) if (instance.app.child.exitCode === null) instance.app.child.kill('SIGKILL');
    await Promise.all([a.app.exited, b.app.exited]);
    await database.drop();
  });

  it('says it runs on the Redis adapter', () => {
    expect(a.app.output()).toContain('realtime: Redis adapter');
  });

  it('delivers to a socket on one instance what a REST call on the other caused', async () => {
    const owner = await registerOn(b);
    const onA = await open(a, owner);

    const meeting = await call<{ id: string }>(b, 'POST', '/meetings', owner.access_token, { title: 'Across the fleet', status: 'live' });
    expect(meeting.status).toBe(201);
    expect(await onA.waitFor('meeting.created', (e) => e.entityId === meeting.body.id)).toMatchObject({
      type: 'meeting.created',
      version: 1,
      data: { title: 'Across the fleet' },
    });

    expect(await onA.ack('meeting.join', { meetingId: meeting.body.id })).toMatchObject({ ok: true });
    const appended = await call(b, 'POST', `/meetings/${meeting.body.id}/segments`, owner.access_token, {
      segments: [{ segmentId: 'b-1', speaker: 'Ada', startMs: 0, endMs: 900, text: 'Hello from B' }],
    });
    expect(appended.status).toBe(201);
    expect(await onA.waitFor('transcript.appended', (e) => e.meetingId === meeting.body.id)).toMatchObject({
      version: 1,
      data: { segments: [expect.objectContaining({ segmentId: 'b-1', text: 'Hello from B' })] },
    });

    // And the other way round, a socket's own append on A reaches a socket in the room on B.
    const onB = await open(b, owner);
    expect(await onB.ack('meeting.join', { meetingId: meeting.body.id })).toMatchObject({ ok: true });
    expect(
      await onA.ack('transcript.append', {
        meetingId: meeting.body.id,
        segments: [{ segmentId: 'a-1', speaker: 'Ada', startMs: 1000, endMs: 1900, text: 'Hello from A' }],
      }),
    ).toEqual({ ok: true, meetingId: meeting.body.id, revision: 2, segmentIds: ['a-1'] });
    expect(await onB.waitFor('transcript.appended', (e) => e.version === 2)).toMatchObject({
      data: { segments: [expect.objectContaining({ segmentId: 'a-1' })] },
    });
  });

  it('disconnects, on every instance, the sockets of a session logged out on another', async () => {
    const user = await registerOn(a);
    const onA = await open(a, user);
    const onB = await open(b, user);
    expect((await call(b, 'POST', '/auth/logout', user.access_token, {})).status).toBe(204);
    expect(await onA.disconnected()).toBe('io server disconnect');
    expect(await onB.disconnected()).toBe('io server disconnect');
    expect(onA.events('session.ended')).toEqual([expect.objectContaining({ code: 'session_revoked' })]);
  });

  it('shuts down on SIGTERM with sockets still connected, which see the transport close and may reconnect elsewhere', async () => {
    const user = await registerOn(a);
    const onA = await open(a, user);
    a.app.child.kill('SIGTERM');
    expect(await onA.disconnected(15_000)).toBe('transport close');
    expect(await a.app.exited).toBe(0);
    expect(a.app.output()).toContain('shutdown complete');
  });
});

(hasRedisServerBinary() ? describe : describe.skip)('realtime while Redis goes away and comes back', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', record);
    redis = await PrivateRedis.start();
    t = await startTestApp({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'realtime-outage:', THROTTLE_LIMIT: '100000' } });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
    process.off('unhandledRejection', record);
  });

  const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it("keeps serving this instance's sockets, without crashing on the publishes that fail, and carries on once Redis is back", async () => {
    const owner = await register(t);
    const client = await connect(realtimeUrl(t.server as Server), { token: owner.access_token });
    const create = async (title: string) => {
      const res = await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title }).expect(201);
      return client.waitFor('meeting.created', (e) => e.entityId === res.body.id);
    };
    await create('Before');

    await redis.stop();
    await eventually(async () => (await request(t.server).get('/health')).body.status === 'degraded');
    expect(await create('During')).toMatchObject({ data: { title: 'During' } });
    expect(client.connected).toBe(true);

    await redis.start();
    await eventually(async () => (await request(t.server).get('/health')).body.status === 'ok');
    expect(await create('After')).toMatchObject({ data: { title: 'After' } });
    client.close();
    expect(unhandled).toEqual([]);
  });
});
