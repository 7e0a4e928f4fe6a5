import { Client } from 'pg';
import request from 'supertest';
import { bearer, register } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { parsePrometheusText } from './support/prometheus-text';
import { startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

jest.setTimeout(60_000);

/**
 * The admission gate in the api as configured: one bodiless API request in
 * the pipeline at a time, 300 ms to wait for a turn. A lock held on the
 * meetings table from outside keeps the admitted list waiting in PostgreSQL.
 */
describe('admission control (HTTP_MAX_IN_FLIGHT, HTTP_QUEUE_TIMEOUT_MS)', () => {
  let t: TestApp;
  let locker: Client;

  beforeAll(async () => {
    t = await startTestApp({ env: { HTTP_MAX_IN_FLIGHT: '1', HTTP_QUEUE_TIMEOUT_MS: '300' } });
    locker = new Client({ connectionString: t.database.url });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.end();
    await t.close();
  });

  it('sheds a read that found no turn in time with 503 overloaded, serves the one holding the turn, and counts the refusal', async () => {
    const owner = await register(t);
    const { port } = t.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const list = () => fetch(`${base}/api/v1/meetings`, { headers: bearer(owner) });

    await locker.query('BEGIN');
    await locker.query('LOCK TABLE meetings IN ACCESS EXCLUSIVE MODE');
    let holder: Promise<Response>;
    try {
      holder = list();
      // The holder has its turn once PostgreSQL shows it waiting on the lock.
      await until('the admitted list to wait on the lock', async () => {
        const { rows } = await locker.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'meetings'::regclass",
        );
        return rows[0].n > 0;
      });

      const started = Date.now();
      const refused = await list();
      const waited = Date.now() - started;
      expectProblem(
        { status: refused.status, headers: Object.fromEntries(refused.headers), body: await refused.text() },
        503,
        'overloaded',
      );
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(waited).toBeGreaterThanOrEqual(280);

      // Health probes and requests with a body do not queue behind reads.
      await request(t.server).get('/health/live').expect(200);
      const posted = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password-1A' }),
      });
      expect(posted.status).toBe(401);
    } finally {
      await locker.query('COMMIT');
    }
    expect((await holder).status).toBe(200);

    const metrics = parsePrometheusText((await request(t.server).get('/metrics').expect(200)).text);
    const value = (name: string) => metrics.find((family) => family.name === name)?.samples[0]?.value;
    expect(value('quorum_http_shed_requests_total')).toBe(1);
    expect(value('quorum_http_queued_requests')).toBe(0);
  });
});
