import { ShutdownState } from '@quorum/platform';
import { Client } from 'pg';
import request from 'supertest';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

describe('health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health/live answers without touching dependencies', async () => {
    const res = await request(t.server).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number), eventLoopDelayMs: expect.any(Number) });
  });

  it('GET /health/ready is 200 on a migrated database', async () => {
    const res = await request(t.server).get('/health/ready').expect(200);
    expect(res.body.details).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' }, lifecycle: { status: 'up' } });
  });

  it('GET /health reports version, uptime and each dependency', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      uptimeSeconds: expect.any(Number),
      database: { status: 'up', migrations: { status: 'up' } },
      redis: { status: 'not configured' },
    });
    expect(new Date(res.body.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(res.body.reasons).toBeUndefined();
  });

  it('readiness turns 503 as soon as shutdown begins', async () => {
    const other = await startTestApp();
    try {
      await request(other.server).get('/health/ready').expect(200);
      await other.app.get(ShutdownState).begin();
      const res = await request(other.server).get('/health/ready').expect(503);
      expectProblem(res, 503, { checks: { lifecycle: { status: 'down' } } });
      // Liveness is unaffected: the process is still healthy while it drains.
      await request(other.server).get('/health/live').expect(200);
    } finally {
      await other.close();
    }
  });
});

describe('health on a schema that is behind the code', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No job workers: they check the migrations at start, and a schema found complete is never asked again,
    // which a real database never contradicts but the row deleted below would.
    t = await startTestApp({ env: { JOB_PROCESSING: 'none' } });
    // Simulate a deploy whose migrations have not run: forget the last applied one.
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    await client.query('DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations)');
    await client.end();
  });
  afterAll(() => t.close());

  it('GET /health/ready is 503 and names the pending migration', async () => {
    const res = await request(t.server).get('/health/ready').expect(503);
    expect(res.body.checks.migrations).toMatchObject({ status: 'down', message: expect.stringMatching(/1 pending: \w+\d{13}/) });
    expect(res.body.checks.database.status).toBe('up');
    expect(res.headers['retry-after']).toBe('5');
  });

  it('GET /health says down and why', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'down', database: { status: 'up', migrations: { status: 'down' } } });
    expect(res.body.reasons).toEqual([expect.stringMatching(/^migrations: 1 pending/)]);
  });
});
