import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { withClient } from '../test/support/postgres';
import { freePort, type SpawnedProcess, spawnTs, waitForStatus } from '../test/support/processes';
import { register } from './lib/api-client';
import type { Cleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/database';
import { cpuSeconds, OUTPUT_TAIL_CHARS, spawnApi, START_TIMEOUT_MS } from './lib/processes';
import { envInt, ms, out, percentile } from './lib/stats';

export interface HttpTargetResult {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  totalRequests: number;
  bytesPerResponse: number;
  /** CPU the server process used per request during the measured run (user + system). */
  cpuMsPerRequest: number;
  /** Cores the server process kept busy on average during the measured run (1.0 = one core flat out). */
  cpuCores: number;
  /** The longest any connection waited for its first answer (connection admission under load), warm-up included. */
  slowestFirstAnswer: number;
  /** The warm-up lasts until every connection has had an answer, at least BENCH_WARMUP_S. */
  warmupTookS: number;
}

export interface HttpListResult {
  app: HttpTargetResult;
  baseline: HttpTargetResult;
  connections: number;
  durationS: number;
  warmupS: number;
  meetings: number;
  otherTenantMeetings: number;
  poolMax: number;
}

const LIST_PATH = '/api/v1/meetings?limit=20';

/**
 * Spreads `count` meetings for one tenant over two years ending now, with a
 * realistic mix of statuses, tags and participants, in one statement
 * (generate_series), since 100,000 REST calls would take longer than the benchmark.
 * starts_at follows the service's rule: started_at, else scheduled_start_at.
 */
const SEED_SQL = `
INSERT INTO meetings (tenant_id, title, description, status, scheduled_start_at, scheduled_end_at, started_at, ended_at, starts_at,
                      language, tags, participants, created_by, version, created_at, updated_at)
SELECT $1::uuid,
       'Meeting ' || x.g || ' – ' || (ARRAY['Quarterly planning','Design review','Standup','Customer call','Retrospective'])[1 + x.g % 5],
       CASE WHEN x.g % 3 = 0 THEN 'Agenda: budget, hiring and the roadmap for item ' || x.g END,
       x.status,
       x.at, x.at + interval '45 minutes',
       CASE WHEN x.status IN ('live', 'completed') THEN x.at END,
       CASE WHEN x.status = 'completed' THEN x.at + interval '50 minutes' END,
       x.at,
       'en',
       ARRAY[(ARRAY['sales','eng','product','ops'])[1 + x.g % 4], 'q' || (1 + x.g % 4)],
       jsonb_build_array(jsonb_build_object('name', 'Ada ' || x.g % 50, 'email', 'ada' || x.g % 50 || '@example.com'),
                         jsonb_build_object('name', 'Grace ' || x.g % 37, 'email', 'grace' || x.g % 37 || '@example.com')),
       $2::uuid, 1, x.at - interval '7 days', x.at - interval '7 days'
FROM (SELECT g,
             now() - random() * interval '730 days' AS at,
             (ARRAY['completed','completed','completed','cancelled','scheduled','live'])[1 + g % 6] AS status
      FROM generate_series(1, $3::int) AS g) AS x`;

export async function seedMeetings(url: string, tenants: { tenantId: string; userId: string; count: number }[]): Promise<void> {
  await withClient(url, async (client) => {
    // A fixed seed gives every run the same spread of data, and so the same plan and page sizes.
    await client.query('SELECT setseed(0.42)');
    for (const { tenantId, userId, count } of tenants) await client.query(SEED_SQL, [tenantId, userId, count]);
    // VACUUM too, so autovacuum does not wake up for the bulk insert in the middle of a measurement.
    await client.query('VACUUM (ANALYZE) meetings');
    await client.query('ANALYZE');
  });
}

/** How long every connection may take to get its first answer before the run counts as failed. */
const ADMISSION_LIMIT_S = 60;

/**
 * One autocannon run whose first part is the warm-up, so the measured
 * connections are the warmed ones. Two separate runs would open 100 fresh
 * connections against a server that is already saturated, and a busy Node
 * event loop accepts new connections at roughly one per loop turn: the last
 * of them would wait seconds for their first answer, and that admission
 * delay, not the steady state, would be the p99. It is reported separately
 * (slowest first answer) instead. The measured window starts once the warm-up
 * has passed and every connection has had an answer, and lasts `durationS`.
 */
async function measure(
  target: string,
  url: string,
  token: string,
  server: SpawnedProcess,
  settings: { connections: number; warmupS: number; durationS: number },
): Promise<HttpTargetResult> {
  const { connections, warmupS, durationS } = settings;
  const started = performance.now();
  const answered = new Set<unknown>();
  let slowestFirstAnswer = 0;
  let windowStart: number | undefined;
  let windowEnd = Number.POSITIVE_INFINITY;
  let cpuBefore = Number.NaN;
  let cpuAfter = Number.NaN;
  const latencies: number[] = [];
  let bytes = 0;

  const options = {
    url,
    connections,
    duration: warmupS + durationS + ADMISSION_LIMIT_S,
    // Long enough that a connection still waiting to be accepted is not counted as an error.
    timeout: ADMISSION_LIMIT_S,
    headers: { authorization: `Bearer ${token}` },
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error as Error) : resolve(done)));
    instance.on('response', (client: unknown, _status: number, resBytes: number, responseTime: number) => {
      const now = performance.now();
      if (!answered.has(client)) {
        answered.add(client);
        slowestFirstAnswer = Math.max(slowestFirstAnswer, responseTime);
      }
      if (windowStart === undefined) {
        if (now - started < warmupS * 1000 || answered.size < connections) return;
        windowStart = now;
        windowEnd = now + durationS * 1000;
        cpuBefore = cpuSeconds(server.child.pid);
        return;
      }
      if (now >= windowEnd) {
        if (Number.isNaN(cpuAfter)) {
          cpuAfter = cpuSeconds(server.child.pid);
          instance.stop();
        }
        return;
      }
      latencies.push(responseTime);
      bytes += resBytes;
    });
  });
  if (windowStart === undefined || Number.isNaN(cpuAfter)) {
    throw new Error(
      `${target}: only ${answered.size} of ${connections} connections got an answer within ${warmupS + durationS + ADMISSION_LIMIT_S} s; nothing was measured`,
    );
  }
  const cpu = cpuAfter - cpuBefore;
  return {
    target,
    requestsPerSecond: latencies.length / durationS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    totalRequests: latencies.length,
    bytesPerResponse: latencies.length ? bytes / latencies.length : 0,
    cpuMsPerRequest: latencies.length ? (cpu * 1000) / latencies.length : Number.NaN,
    cpuCores: cpu / durationS,
    slowestFirstAnswer,
    warmupTookS: (windowStart - started) / 1000,
  };
}

async function body(url: string, token: string): Promise<string> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 500)}`);
  return text;
}

/** One real api process and the bare baseline, on one freshly seeded database, loaded identically one after the other. */
export async function runHttpList(cleanup: Cleanup): Promise<HttpListResult> {
  const connections = envInt('BENCH_CONNECTIONS', 100);
  const durationS = envInt('BENCH_DURATION_S', 10);
  const warmupS = envInt('BENCH_WARMUP_S', 3, 0);
  const meetings = envInt('BENCH_MEETINGS', 100_000);
  const otherTenantMeetings = envInt('BENCH_OTHER_TENANT_MEETINGS', 50_000, 0);
  const poolMax = envInt('BENCH_DB_POOL_MAX', 10);

  out(`\n## HTTP list: GET ${LIST_PATH}\n`);
  const db = await createBenchDatabase('http', cleanup);
  out(`database ${db.name} migrated`);

  const apiPort = await freePort();
  const api = spawnApi('api', {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    DATABASE_URL: db.url,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    // The limiter keys by client address and autocannon is one address; this bench measures the pipeline, not the 429 path.
    THROTTLE_LIMIT: '1000000',
    DB_MIGRATIONS_RUN: 'false',
    DB_POOL_MAX: String(poolMax),
  });
  cleanup.add('stop api', () => api.stop());
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForStatus(api, `${apiUrl}/health/ready`, 200, START_TIMEOUT_MS);

  const owner = await register(apiUrl, 'bench-owner');
  const other = await register(apiUrl, 'bench-other');
  const seedStarted = Date.now();
  await seedMeetings(db.url, [
    { tenantId: owner.tenantId, userId: owner.userId, count: meetings },
    { tenantId: other.tenantId, userId: other.userId, count: otherTenantMeetings },
  ]);
  out(
    `seeded ${meetings} meetings for the benchmarked tenant and ${otherTenantMeetings} for another, analysed (${((Date.now() - seedStarted) / 1000).toFixed(1)} s)`,
  );

  const baselinePort = await freePort();
  const baseline: SpawnedProcess = spawnTs(
    'baseline',
    join('bench', 'baseline-server.ts'),
    {
      DATABASE_URL: db.url,
      PORT: String(baselinePort),
      BASELINE_TOKEN: owner.accessToken,
      BASELINE_TENANT_ID: owner.tenantId,
      DB_POOL_MAX: String(poolMax),
    },
    { keepOutputChars: OUTPUT_TAIL_CHARS },
  );
  cleanup.add('stop baseline', () => baseline.stop());
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  await waitForStatus(baseline, `${baselineUrl}${LIST_PATH}`, 401, START_TIMEOUT_MS);

  // Comparing the two only means something if they do the same work and answer the same bytes.
  const [appBody, baselineBody] = await Promise.all([
    body(`${apiUrl}${LIST_PATH}`, owner.accessToken),
    body(`${baselineUrl}${LIST_PATH}`, owner.accessToken),
  ]);
  if (appBody !== baselineBody)
    throw new Error(
      `the baseline's answer differs from the api's:\napi:      ${appBody.slice(0, 400)}\nbaseline: ${baselineBody.slice(0, 400)}`,
    );
  const page = JSON.parse(appBody) as { items: unknown[]; nextCursor: string | null };
  if (page.items.length !== 20 || !page.nextCursor)
    throw new Error(`expected a full first page with a next cursor, got ${page.items.length} items`);
  out(`api and baseline answer byte-identical pages (${appBody.length} bytes, 20 items, nextCursor set)`);

  const results: HttpTargetResult[] = [];
  for (const [target, url, server] of [
    ['api (NestJS)', `${apiUrl}${LIST_PATH}`, api],
    ['baseline (node:http + pg)', `${baselineUrl}${LIST_PATH}`, baseline],
  ] as const) {
    const result = await measure(target, url, owner.accessToken, server, { connections, warmupS, durationS });
    results.push(result);
    out(
      `${target}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(result.p50)}, p99 ${ms(result.p99)} over ${result.totalRequests} requests; ` +
        `errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}; server CPU ${result.cpuMsPerRequest.toFixed(2)} ms/request (${result.cpuCores.toFixed(2)} cores); ` +
        `slowest first answer on a new connection ${ms(result.slowestFirstAnswer)}, warm-up ${result.warmupTookS.toFixed(1)} s`,
    );
  }
  const failed = results.filter((r) => r.errors || r.non2xx || r.timeouts);
  if (failed.length) {
    throw new Error(
      `requests failed under load (${failed.map((r) => `${r.target}: errors ${r.errors}, non-2xx ${r.non2xx}, timeouts ${r.timeouts}`).join('; ')}); the figures are not valid.\napi output:\n${api.output()}`,
    );
  }
  // Stopped here rather than only in the final cleanup, so the next benchmark does not share the CPU with idle servers.
  await Promise.all([api.stop(), baseline.stop()]);
  return { app: results[0], baseline: results[1], connections, durationS, warmupS, meetings, otherTenantMeetings, poolMax };
}
