import { join } from 'node:path';
import { LATEST_SCHEMA_VERSION, runMigrations } from 'bullmq';
import type { Principal } from '@quorum/platform';
import request from 'supertest';
import { JobRegistry } from '../libs/platform/src/jobs/job-registry';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { PROBE_RUNS_TABLE, ProbeJobsModule, type ProbeInput, ProbeQueue } from './support/jobs/probe-jobs.module';
import { expectProblem } from './support/problem';
import { freePort, spawnTs, type SpawnedProcess, waitForStatus } from './support/processes';
import { parsePrometheusText } from './support/prometheus-text';
import { withClient } from './support/postgres';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

interface JobBody {
  id: string;
  status: string;
  progress: number;
  attempts: number;
  maxAttempts: number;
  links: { self: string; result?: string };
  error?: { type: string; title: string; status: number; detail: string };
}

/** A tenant's caller, as the jobs it enqueues record it. */
function principalOf(tokens: TokenResponse): Principal {
  return { userId: tokens.user.id, tenantId: tokens.tenant.id, role: 'owner', sessionId: tokens.user.id };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined && last !== false) return last as T;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function runs(t: TestApp, jobId: string): Promise<{ phase: string; attempt: number; pid: number; tenant_id: string }[]> {
  return withClient(t.database.url, async (client) => {
    const { rows } = await client.query('SELECT phase, attempt, pid, tenant_id FROM probe_runs WHERE job_id = $1 ORDER BY at', [jobId]);
    return rows as { phase: string; attempt: number; pid: number; tenant_id: string }[];
  });
}

async function startProbeApp(options: { redis?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  // These tests poll job status every 50 ms; on a loaded machine a slow job would have the poll run into the rate limit.
  const t = await startTestApp({ redis: options.redis, env: { THROTTLE_LIMIT: '100000', ...options.env }, imports: [ProbeJobsModule] });
  await withClient(t.database.url, (client) => client.query(PROBE_RUNS_TABLE));
  return t;
}

/** What every backend must do alike, through the same API. */
function behavesAsAQueue(name: string, options: { redis?: boolean }): void {
  describe(name, () => {
    let t: TestApp;
    let owner: TokenResponse;
    let queue: ProbeQueue;
    const enqueue = (input: ProbeInput, key?: string[]) => queue.enqueue(input, { as: principalOf(owner), key });
    const status = (id: string) => request(t.server).get(`/api/v1/jobs/${id}`).set(bearer(owner));
    const settled = (id: string) =>
      until(`job ${id} to finish`, async () => {
        const res = await status(id).expect(200);
        const body = res.body as JobBody;
        return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
      });

    beforeAll(async () => {
      t = await startProbeApp(options);
      owner = await register(t);
      queue = t.app.get(ProbeQueue);
    });
    afterAll(() => t.close());

    it('runs a job to success, as the tenant that enqueued it, and links its result', async () => {
      const { id, location } = await enqueue({ behaviour: 'succeed' });
      expect(location).toBe(`/api/v1/jobs/${id}`);
      const body = await settled(id);
      expect(body).toMatchObject({ id, status: 'succeeded', progress: 100, attempts: 1, maxAttempts: 3 });
      expect(body.links).toEqual({ self: `/api/v1/jobs/${id}`, result: `/api/v1/probes/${id}` });
      expect(body.error).toBeUndefined();
      expect(await runs(t, id)).toEqual([
        expect.objectContaining({ phase: 'start', tenant_id: owner.tenant.id }),
        expect.objectContaining({ phase: 'effect', tenant_id: owner.tenant.id }),
      ]);
    });

    it('retries a failing job with backoff until it succeeds', async () => {
      const { id } = await enqueue({ behaviour: 'flaky', failTimes: 2 });
      expect(await settled(id)).toMatchObject({ status: 'succeeded', attempts: 3 });
      const rows = await runs(t, id);
      expect(rows.filter((r) => r.phase === 'start').map((r) => r.attempt)).toEqual([1, 2, 3]);
      expect(rows.filter((r) => r.phase === 'effect')).toHaveLength(1);
    });

    it('fails at once, with the reason as a problem, when the job refuses its input', async () => {
      const { id } = await enqueue({ behaviour: 'reject' });
      const body = await settled(id);
      expect(body).toMatchObject({ status: 'failed', attempts: 1 });
      expect(body.error).toEqual({
        type: 'https://quorum.dev/problems/job-input-rejected',
        title: 'Job input rejected',
        status: 422,
        detail: 'The probe was told to refuse its input.',
      });
      expect((await runs(t, id)).map((r) => r.phase)).toEqual(['start']);
    });

    it('runs a job enqueued twice with the same key once', async () => {
      const [first, second] = await Promise.all([enqueue({ behaviour: 'succeed' }, ['m1']), enqueue({ behaviour: 'succeed' }, ['m1'])]);
      expect(second.id).toBe(first.id);
      await settled(first.id);
      // Once it has run, the same key still finds it rather than running it again.
      expect((await enqueue({ behaviour: 'succeed' }, ['m1'])).id).toBe(first.id);
      await new Promise((r) => setTimeout(r, 300));
      expect((await runs(t, first.id)).filter((r) => r.phase === 'effect')).toHaveLength(1);
      // Another key is another job.
      expect((await enqueue({ behaviour: 'succeed' }, ['m2'])).id).not.toBe(first.id);
    });
  });
}

describe('background jobs', () => {
  behavesAsAQueue('on PostgreSQL (no REDIS_URL)', {});
  describeWithRedis('on Redis', () => behavesAsAQueue('(REDIS_URL)', { redis: true }));

  describe('GET /api/v1/jobs/{id}', () => {
    let t: TestApp;
    let owner: TokenResponse;
    let stranger: TokenResponse;
    let queue: ProbeQueue;
    const status = (id: string, as = owner) => request(t.server).get(`/api/v1/jobs/${id}`).set(bearer(as));

    beforeAll(async () => {
      t = await startProbeApp();
      [owner, stranger] = await Promise.all([register(t), register(t)]);
      queue = t.app.get(ProbeQueue);
    });
    afterAll(() => t.close());

    it('shows a job queued, then running with its progress', async () => {
      const later = await queue.enqueue({ behaviour: 'succeed' }, { as: principalOf(owner), delayMs: 60_000 });
      expect((await status(later.id).expect(200)).body).toMatchObject({ status: 'queued', progress: 0, attempts: 0 });

      const held = await queue.enqueue({ behaviour: 'hold-first', holdMs: 1500 }, { as: principalOf(owner) });
      const running = await until('the job to run', async () => {
        const body = (await status(held.id).expect(200)).body as JobBody;
        return body.status === 'running' && body.progress === 10 ? body : undefined;
      });
      expect(running).toMatchObject({ attempts: 1, links: { self: `/api/v1/jobs/${held.id}` } });
      await until('the job to succeed', async () => ((await status(held.id)).body as JobBody).status === 'succeeded');
    });

    it("answers another tenant's job as it answers a job that does not exist", async () => {
      const { id } = await queue.enqueue({ behaviour: 'succeed' }, { as: principalOf(owner) });
      const foreign = await status(id, stranger);
      const unknown = await status('0b6f5c9e-2c1f-4a4e-9a51-1f2d3e4b5c6d', stranger);
      expectProblem(foreign, 404);
      expectProblem(unknown, 404);
      expect(foreign.body.detail).toBe(`Job ${id} was not found.`);
      // A job of no tenant is nobody's to read.
      const system = await queue.enqueue({ behaviour: 'succeed' }, { as: null });
      expectProblem(await status(system.id), 404);
      expectProblem(await status('not-a-job'), 400);
      await request(t.server).get(`/api/v1/jobs/${id}`).expect(401);
    });

    it('reports queue depth, durations and failures to /metrics, labelled by queue and job name only', async () => {
      const failed = await queue.enqueue({ behaviour: 'reject' }, { as: principalOf(owner) });
      await until('the job to fail', async () => ((await status(failed.id)).body as JobBody).status === 'failed');
      const families = parsePrometheusText((await request(t.server).get('/metrics').expect(200)).text);
      const family = (name: string) => families.find((f) => f.name === name)?.samples ?? [];
      const depth = family('quorum_job_queue_jobs').filter((s) => s.labels.queue === 'probe');
      expect(depth.map((s) => s.labels.state).sort()).toEqual(['active', 'delayed', 'failed', 'waiting']);
      expect(depth.find((s) => s.labels.state === 'delayed')?.value).toBe(1);
      expect(depth.find((s) => s.labels.state === 'failed')?.value).toBeGreaterThanOrEqual(1);
      const outcomes = family('quorum_job_duration_seconds').filter(
        (s) => s.name === 'quorum_job_duration_seconds_count' && s.labels.queue === 'probe',
      );
      expect(outcomes.map((s) => s.labels.outcome).sort()).toEqual(['failed', 'succeeded']);
      expect(family('quorum_job_failures_total')).toEqual([
        { name: 'quorum_job_failures_total', labels: { queue: 'probe', name: 'probe', final: 'true' }, value: 1 },
      ]);
      for (const sample of [...depth, ...outcomes]) expect(Object.keys(sample.labels).sort()).not.toContain('id');
    });

    it("holds one LISTEN connection per worker and a few shared ones, not a pool per worker (PostgreSQL's max_connections)", async () => {
      // Let the workers run their periodic checks, which are what used to keep a pool of their own open per worker.
      const { id } = await queue.enqueue({ behaviour: 'succeed' }, { as: principalOf(owner) });
      await until('the job to succeed', async () => ((await status(id)).body as JobBody).status === 'succeeded');
      await new Promise((r) => setTimeout(r, 3000));
      const workers = t.app.get(JobRegistry).processors.length;
      const rows = await withClient(t.database.url, async (c) => {
        const res = await c.query<{ application_name: string; n: number }>(
          `SELECT application_name, count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1`,
        );
        return res.rows;
      });
      const count = (match: (name: string) => boolean) => rows.filter((r) => match(r.application_name)).reduce((n, r) => n + r.n, 0);
      // BullMQ names each worker's LISTEN connection after its queue; the pooled ones keep the pools' name.
      const names = new Set(t.app.get(JobRegistry).processors.map((p) => p.queue.definition.name));
      expect(workers).toBeGreaterThan(5);
      expect(count((name) => names.has(name))).toBe(workers);
      // The queues' pool (4) and the workers' statements (4); each worker's own pool held 1 or 2 even when idle.
      expect(count((name) => name.endsWith('-jobs'))).toBeLessThanOrEqual(8);

      const families = parsePrometheusText((await request(t.server).get('/metrics').expect(200)).text);
      const pools = families.find((f) => f.name === 'quorum_job_db_pool_clients')?.samples ?? [];
      const sample = (pool: string, state: string) => pools.find((s) => s.labels.pool === pool && s.labels.state === state)?.value;
      expect(sample('workers', 'total')).toBeGreaterThanOrEqual(workers);
      expect(sample('workers', 'total')).toBeLessThanOrEqual(workers + 4);
      expect(sample('queues', 'total')).toBeLessThanOrEqual(4);
      expect(sample('workers', 'waiting')).toBe(0);
    });

    it("brings BullMQ's schema to the version the installed bullmq expects (a bullmq upgrade needs a migration)", async () => {
      const [row] = await withClient(
        t.database.url,
        async (c) => (await c.query('SELECT max(version)::int AS v FROM bullmq.migration')).rows,
      );
      expect(row).toEqual({ v: LATEST_SCHEMA_VERSION });
    });
  });

  describe('a process closed as soon as it has started', () => {
    it('closes, and leaves no job connection open, although its workers were still taking theirs', async () => {
      // BullMQ keeps a LISTEN connection its worker took after being closed: pool.end() waited for it for ever.
      const t = await startTestApp();
      await t.app.close();
      const open = await withClient(t.database.url, async (c) => {
        const res = await c.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        return res.rows[0].n;
      });
      await t.database.drop();
      expect(open).toBe(0);
    }, 30_000);
  });

  describe('a queue first used before its PostgreSQL schema exists', () => {
    let t: TestApp;
    afterAll(() => t.close());

    it('answers 503 then, and works once the schema is there, without a restart', async () => {
      // As on a database whose migrate job has not finished: BullMQ's backend keeps a "schema missing" answer per queue.
      t = await startProbeApp({ env: { JOB_PROCESSING: 'none' } });
      const owner = await register(t);
      const queue = t.app.get(ProbeQueue);
      await withClient(t.database.url, (client) => client.query('DROP SCHEMA bullmq CASCADE'));
      await expect(queue.enqueue({ behaviour: 'succeed' }, { as: principalOf(owner) })).rejects.toMatchObject({ status: 503 });
      await withClient(t.database.url, (client) => runMigrations(client as never, 'bullmq'));
      const job = await queue.enqueue({ behaviour: 'succeed' }, { as: principalOf(owner) });
      expect((await request(t.server).get(`/api/v1/jobs/${job.id}`).set(bearer(owner)).expect(200)).body.status).toBe('queued');
    });
  });

  describe('worker processes', () => {
    let t: TestApp;
    let owner: TokenResponse;
    let queue: ProbeQueue;
    const workers: SpawnedProcess[] = [];

    /** A real worker process (the worker app with the probe processor) on the api's database. */
    async function startWorker(env: Record<string, string> = {}): Promise<SpawnedProcess> {
      const port = await freePort();
      const worker = spawnTs('probe-worker', join('test', 'support', 'jobs', 'probe-worker.ts'), {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: t.database.url,
        DB_MIGRATIONS_RUN: 'false',
        WORKER_PORT: String(port),
        JOB_STALL_TIMEOUT_MS: '1000',
        ...env,
      });
      workers.push(worker);
      await waitForStatus(worker, `http://127.0.0.1:${port}/health/ready`, 200);
      return worker;
    }

    const jobStatus = async (id: string) => ((await request(t.server).get(`/api/v1/jobs/${id}`).set(bearer(owner))).body as JobBody).status;

    beforeAll(async () => {
      // This api only enqueues: every job here runs in a worker process.
      t = await startProbeApp({ env: { JOB_PROCESSING: 'worker' } });
      owner = await register(t);
      queue = t.app.get(ProbeQueue);
    });
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop(2000)));
      await t.close();
    });

    it('completes a job exactly once on another worker when its worker is killed mid-job', async () => {
      const first = await startWorker();
      const { id } = await queue.enqueue({ behaviour: 'hold-first', holdMs: 120_000 }, { as: principalOf(owner) });
      await until('the first worker to start the job', async () => (await runs(t, id)).some((r) => r.pid === first.child.pid));
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');

      const second = await startWorker();
      await until('the job to succeed', async () => (await jobStatus(id)) === 'succeeded');
      const rows = await runs(t, id);
      expect(rows.filter((r) => r.phase === 'start').map((r) => r.pid)).toEqual([first.child.pid, second.child.pid]);
      expect(rows.filter((r) => r.phase === 'effect').map((r) => r.pid)).toEqual([second.child.pid]);
      await second.stop();
    });

    it('on SIGTERM lets a running job finish, or puts it back in the queue when SHUTDOWN_TIMEOUT_MS runs out', async () => {
      const patient = await startWorker({ SHUTDOWN_TIMEOUT_MS: '10000' });
      const short = await queue.enqueue({ behaviour: 'hold-first', holdMs: 1000 }, { as: principalOf(owner) });
      await until('the job to start', async () => (await runs(t, short.id)).some((r) => r.pid === patient.child.pid));
      await patient.stop();
      expect(await patient.exited).toBe(0);
      expect(await jobStatus(short.id)).toBe('succeeded');

      const hasty = await startWorker({ SHUTDOWN_TIMEOUT_MS: '300' });
      const long = await queue.enqueue({ behaviour: 'hold-first', holdMs: 120_000 }, { as: principalOf(owner) });
      await until('the job to start', async () => (await runs(t, long.id)).some((r) => r.pid === hasty.child.pid));
      await hasty.stop();
      expect(await hasty.exited).toBe(0);
      expect(hasty.output()).toContain('putting them back in the queue');
      const body = (await request(t.server).get(`/api/v1/jobs/${long.id}`).set(bearer(owner))).body as JobBody;
      // Back in the queue without spending an attempt, and nothing done twice.
      expect(body).toMatchObject({ status: 'queued' });
      expect((await runs(t, long.id)).map((r) => r.phase)).toEqual(['start']);
    });
  });
});
