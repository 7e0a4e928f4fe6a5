import request from 'supertest';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { IcsFeedServer, manyEvents } from './support/ics-feed';
import { withClient } from './support/postgres';
import { freePort, spawnApp, type SpawnedProcess, waitForStatus } from './support/processes';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

jest.setTimeout(300_000);

const EVENTS = 1200;

describeWithRedis('a sync run whose worker is killed mid-run (JOB_PROCESSING=worker, Redis)', () => {
  let t: TestApp;
  const feeds = new IcsFeedServer();
  const workers: SpawnedProcess[] = [];

  const startWorker = async (): Promise<SpawnedProcess> => {
    const port = await freePort();
    const worker = spawnApp('worker', {
      DATABASE_URL: t.database.url,
      REDIS_URL: t.config.redisUrl!,
      REDIS_KEY_PREFIX: t.config.redisKeyPrefix,
      JOB_PROCESSING: 'worker',
      // A killed worker's job is handed on within seconds rather than the default 30.
      JOB_STALL_TIMEOUT_MS: '2000',
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
      WORKER_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    workers.push(worker);
    await waitForStatus(worker, `http://127.0.0.1:${port}/health/ready`, 200, 120_000);
    return worker;
  };
  const sql = <R extends Record<string, unknown>>(text: string, params: unknown[]) =>
    withClient(t.database.url, async (client) => (await client.query<R>(text, params)).rows);
  const recordCount = async (sourceId: string) =>
    Number((await sql<{ n: string }>('SELECT count(*) AS n FROM sync_records WHERE source_id = $1', [sourceId]))[0].n);
  /** A tenant's meetings as comparable rows: title, start, end, attendees, status. */
  const meetings = (tenantId: string) =>
    sql<{ title: string; start: string; end: string; participants: unknown; status: string }>(
      `SELECT title, scheduled_start_at::text AS start, scheduled_end_at::text AS end, participants, status
         FROM meetings WHERE tenant_id = $1 ORDER BY scheduled_start_at, title`,
      [tenantId],
    );
  const startRun = async (who: TokenResponse) => {
    const source = await request(t.server)
      .post('/api/v1/sync/sources')
      .set(bearer(who))
      .send({ name: 'Big calendar', kind: 'ical', settings: { url: `${feeds.base}/big.ics` } })
      .expect(201);
    await request(t.server).post(`/api/v1/sync/sources/${source.body.id}/runs`).set(bearer(who)).expect(202);
    return source.body.id as string;
  };
  const succeeded = async (sourceId: string) =>
    until(
      'the run to succeed',
      async () =>
        (await sql<{ n: string }>(`SELECT count(*) AS n FROM sync_runs WHERE source_id = $1 AND status = 'succeeded'`, [sourceId]))[0].n ===
        '1',
      240_000,
      250,
    );

  beforeAll(async () => {
    await feeds.start();
    feeds.feeds.set('/big.ics', manyEvents(EVENTS));
    t = await startTestApp({
      redis: true,
      env: { JOB_PROCESSING: 'worker', THROTTLE_LIMIT: '100000', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t.close();
    await feeds.stop();
  });

  it('resumes on another worker and ends with exactly the tables of an uninterrupted run', async () => {
    const killed = await register(t);
    const first = await startWorker();
    const sourceId = await startRun(killed);
    // Killed once some pages committed and before the last: SIGKILL, no shutdown hook, the way a node dies.
    await until('two committed pages', async () => (await recordCount(sourceId)) >= 400, 120_000, 20);
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await recordCount(sourceId);
    expect(atKill).toBeLessThan(EVENTS);

    await startWorker();
    await succeeded(sourceId);
    const runs = await sql<{ status: string; reason: string | null; job_id: string }>(
      'SELECT status, reason, job_id FROM sync_runs WHERE source_id = $1 ORDER BY started_at',
      [sourceId],
    );
    // The dead worker's row was closed by the same job's second attempt, which then ran to the end.
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0].reason).toMatch(/^abandoned/);
    expect(runs[1].job_id).toBe(runs[0].job_id);

    const reference = await register(t);
    const referenceSource = await startRun(reference);
    await succeeded(referenceSource);

    const [resumed, uninterrupted] = await Promise.all([meetings(killed.tenant.id), meetings(reference.tenant.id)]);
    expect(resumed).toHaveLength(EVENTS);
    expect(resumed).toEqual(uninterrupted);
    expect(await recordCount(sourceId)).toBe(EVENTS);
    expect(await recordCount(referenceSource)).toBe(EVENTS);
    // Nothing written twice: one meeting per event, and the resumed run found the committed pages unchanged.
    const duplicates = await sql('SELECT title FROM meetings WHERE tenant_id = $1 GROUP BY title HAVING count(*) > 1', [killed.tenant.id]);
    expect(duplicates).toEqual([]);
    const [{ streams }] = await sql<{ streams: { events: { created: number; unchanged: number } } }>(
      `SELECT streams FROM sync_runs WHERE source_id = $1 AND status = 'succeeded'`,
      [sourceId],
    );
    expect(streams.events).toMatchObject({ created: EVENTS - atKill, unchanged: atKill });
  });
});
