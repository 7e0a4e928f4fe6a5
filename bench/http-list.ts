import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { withClient } from '../test/support/postgres';
import { freePort, type SpawnedProcess, spawnTs, waitForStatus } from '../test/support/processes';
import { type HttpRoundResult, RESULT_PREFIX } from './load-worker';
import { register } from './lib/api-client';
import type { Cleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/database';
import { benchNode, OUTPUT_TAIL_CHARS, podNodeOptions, referenceNodeArgs, rssMb, spawnApi, START_TIMEOUT_MS } from './lib/processes';
import { envInt, ms, out, percentile } from './lib/stats';

/**
 * One server's rounds summed up: requests/s is the mean over the rounds,
 * p50 and p99 are over every measured request of every round, the slowest
 * first answer and the warm-up are the longest of the rounds.
 */
export interface HttpTargetResult extends Omit<HttpRoundResult, 'cpuSeconds' | 'latencies'> {
  /** Each round's requests/s, in order. */
  roundsRequestsPerSecond: number[];
  /** The largest deviation of one round's requests/s from their mean, as a fraction of the mean (0.1 = ±10 %). */
  spread: number;
  /** CPU the server process used per request during the measured windows (user + system). */
  cpuMsPerRequest: number;
  /** Cores the server process kept busy on average during the measured windows (1.0 = one core flat out). */
  cpuCores: number;
}

export interface HttpListResult {
  app: HttpTargetResult;
  minimalNest: HttpTargetResult;
  baseline: HttpTargetResult;
  /** The api's resident set (VmRSS) once it is ready, before any load, and after its measured rounds, in MiB. */
  apiIdleRssMb: number;
  apiAfterRssMb: number;
  connections: number;
  durationS: number;
  warmupS: number;
  rounds: number;
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

/** One measured round, by autocannon in its own process (bench/load-worker.ts). */
async function measureRound(
  target: string,
  url: string,
  token: string,
  server: SpawnedProcess,
  settings: { connections: number; warmupS: number; durationS: number },
): Promise<HttpRoundResult> {
  const worker = spawnTs('load', join('bench', 'load-worker.ts'), {
    LOAD_TARGET: target,
    LOAD_URL: url,
    LOAD_TOKEN: token,
    LOAD_PID: String(server.child.pid ?? 0),
    LOAD_CONNECTIONS: String(settings.connections),
    LOAD_WARMUP_S: String(settings.warmupS),
    LOAD_DURATION_S: String(settings.durationS),
  });
  let stdout = '';
  worker.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await worker.exited;
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || !line) throw new Error(`the load generator for ${target} failed (${code}):\n${worker.output().slice(-4000)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as HttpRoundResult;
}

/** One server's measured rounds, in order, summed up. */
function summarise(target: string, rounds: HttpRoundResult[], durationS: number): HttpTargetResult {
  const perRound = rounds.map((r) => r.requestsPerSecond);
  const mean = perRound.reduce((a, b) => a + b, 0) / perRound.length;
  const latencies = rounds.flatMap((r) => r.latencies);
  const totalRequests = latencies.length;
  const cpu = rounds.reduce((a, r) => a + r.cpuSeconds, 0);
  const sum = (pick: (r: HttpRoundResult) => number) => rounds.reduce((a, r) => a + pick(r), 0);
  return {
    target,
    requestsPerSecond: mean,
    roundsRequestsPerSecond: perRound,
    spread: Math.max(...perRound.map((r) => Math.abs(r - mean))) / mean,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: sum((r) => r.errors),
    non2xx: sum((r) => r.non2xx),
    timeouts: sum((r) => r.timeouts),
    totalRequests,
    bytesPerResponse: totalRequests ? sum((r) => r.bytesPerResponse * r.totalRequests) / totalRequests : 0,
    cpuMsPerRequest: totalRequests ? (cpu * 1000) / totalRequests : Number.NaN,
    cpuCores: cpu / (durationS * rounds.length),
    slowestFirstAnswer: Math.max(...rounds.map((r) => r.slowestFirstAnswer)),
    warmupTookS: Math.max(...rounds.map((r) => r.warmupTookS)),
  };
}

async function body(url: string, token: string): Promise<string> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 500)}`);
  return text;
}

/**
 * One real api process, a minimal Nest-on-Express app and the bare baseline,
 * on one freshly seeded database, loaded identically, BENCH_ROUNDS_HTTP
 * rounds each, taken in turn (api, minimal, bare, api, …): a host that slows
 * down for a minute (other tenants of the machine) then weighs on all three
 * alike rather than on whichever server it caught. Each server keeps its
 * process across its rounds, so the api's rounds still show any decay.
 */
export async function runHttpList(cleanup: Cleanup): Promise<HttpListResult> {
  const connections = envInt('BENCH_CONNECTIONS', 100);
  const durationS = envInt('BENCH_DURATION_S', 10);
  const warmupS = envInt('BENCH_WARMUP_S', 3, 0);
  const meetings = envInt('BENCH_MEETINGS', 100_000);
  const otherTenantMeetings = envInt('BENCH_OTHER_TENANT_MEETINGS', 50_000, 0);
  const poolMax = envInt('BENCH_DB_POOL_MAX', 10);
  const rounds = envInt('BENCH_ROUNDS_HTTP', 3);
  const jwtSecret = randomBytes(48).toString('base64url');

  out(`\n## HTTP list: GET ${LIST_PATH}\n`);
  const db = await createBenchDatabase('http', cleanup);
  out(`database ${db.name} migrated`);

  const apiPort = await freePort();
  const api = spawnApi('api', {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    DATABASE_URL: db.url,
    JWT_SECRET: jwtSecret,
    SYNC_SECRETS_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
    LOG_LEVEL: 'warn',
    // The limiter keys by client address and autocannon is one address; this bench measures the pipeline, not the 429 path.
    THROTTLE_LIMIT: '1000000',
    DB_MIGRATIONS_RUN: 'false',
    DB_POOL_MAX: String(poolMax),
  });
  cleanup.add('stop api', () => api.stop());
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await waitForStatus(api, `${apiUrl}/health/ready`, 200, START_TIMEOUT_MS);
  const apiIdleRssMb = rssMb(api.child.pid);
  out(`api ready, RSS ${apiIdleRssMb.toFixed(0)} MiB before any load`);

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

  // The reference servers run under the api's NODE_OPTIONS (its pod's heap limit) too: a smaller heap limit makes
  // V8 collect sooner, and the comparison is between request pipelines, not between heap settings.
  const referenceNodeOptions = podNodeOptions();
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
      NODE_OPTIONS: referenceNodeOptions,
    },
    { keepOutputChars: OUTPUT_TAIL_CHARS, node: benchNode(), nodeArgs: referenceNodeArgs() },
  );
  cleanup.add('stop baseline', () => baseline.stop());
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  await waitForStatus(baseline, `${baselineUrl}${LIST_PATH}`, 401, START_TIMEOUT_MS);

  const minimalPort = await freePort();
  const minimal: SpawnedProcess = spawnTs(
    'minimal-nest',
    join('bench', 'minimal-nest-server.ts'),
    {
      DATABASE_URL: db.url,
      PORT: String(minimalPort),
      JWT_SECRET: jwtSecret,
      DB_POOL_MAX: String(poolMax),
      NODE_OPTIONS: referenceNodeOptions,
    },
    { keepOutputChars: OUTPUT_TAIL_CHARS, node: benchNode(), nodeArgs: referenceNodeArgs() },
  );
  cleanup.add('stop minimal nest', () => minimal.stop());
  const minimalUrl = `http://127.0.0.1:${minimalPort}`;
  await waitForStatus(minimal, `${minimalUrl}${LIST_PATH}`, 401, START_TIMEOUT_MS);

  // Comparing them only means something if they do the same work and answer the same bytes.
  const [appBody, minimalBody, baselineBody] = await Promise.all([
    body(`${apiUrl}${LIST_PATH}`, owner.accessToken),
    body(`${minimalUrl}${LIST_PATH}`, owner.accessToken),
    body(`${baselineUrl}${LIST_PATH}`, owner.accessToken),
  ]);
  for (const [name, other] of [
    ['minimal Nest app', minimalBody],
    ['baseline', baselineBody],
  ] as const) {
    if (other !== appBody)
      throw new Error(`the ${name}'s answer differs from the api's:\napi:      ${appBody.slice(0, 400)}\n${name}: ${other.slice(0, 400)}`);
  }
  const page = JSON.parse(appBody) as { items: unknown[]; nextCursor: string | null };
  if (page.items.length !== 20 || !page.nextCursor)
    throw new Error(`expected a full first page with a next cursor, got ${page.items.length} items`);
  out(`api, minimal Nest app and baseline answer byte-identical pages (${appBody.length} bytes, 20 items, nextCursor set)`);

  const servers = [
    ['api (NestJS)', `${apiUrl}${LIST_PATH}`, api],
    ['minimal Nest (Express, JWT guard)', `${minimalUrl}${LIST_PATH}`, minimal],
    ['baseline (node:http + pg)', `${baselineUrl}${LIST_PATH}`, baseline],
  ] as const;
  const measured = servers.map((): HttpRoundResult[] => []);
  let apiAfterRssMb = Number.NaN;
  for (let i = 0; i < rounds; i++) {
    for (const [s, [target, url, server]] of servers.entries()) {
      const round = await measureRound(target, url, owner.accessToken, server, { connections, warmupS, durationS });
      measured[s].push(round);
      out(
        `  ${target} round ${i + 1}/${rounds}: ${round.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(round.p50)}, p99 ${ms(round.p99)}, warm-up ${round.warmupTookS.toFixed(1)} s`,
      );
      if (server === api && i === rounds - 1) apiAfterRssMb = rssMb(api.child.pid);
    }
  }
  const results = servers.map(([target], s) => summarise(target, measured[s], durationS));
  for (const [s, result] of results.entries()) {
    const [target, , server] = servers[s];
    out(
      `${target}: ${result.requestsPerSecond.toFixed(0)} req/s (rounds ${result.roundsRequestsPerSecond.map((r) => r.toFixed(0)).join(' / ')}, spread ±${(result.spread * 100).toFixed(1)} %), ` +
        `p50 ${ms(result.p50)}, p99 ${ms(result.p99)} over ${result.totalRequests} requests; ` +
        `errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}; server CPU ${result.cpuMsPerRequest.toFixed(2)} ms/request (${result.cpuCores.toFixed(2)} cores); ` +
        `slowest first answer on a new connection ${ms(result.slowestFirstAnswer)}, longest warm-up ${result.warmupTookS.toFixed(1)} s` +
        (server === api ? `; api RSS ${apiIdleRssMb.toFixed(0)} MiB idle, ${apiAfterRssMb.toFixed(0)} MiB after its rounds` : ''),
    );
  }
  const failed = results.filter((r) => r.errors || r.non2xx || r.timeouts);
  if (failed.length) {
    throw new Error(
      `requests failed under load (${failed.map((r) => `${r.target}: errors ${r.errors}, non-2xx ${r.non2xx}, timeouts ${r.timeouts}`).join('; ')}); the figures are not valid.\napi output:\n${api.output()}`,
    );
  }
  // Stopped here rather than only in the final cleanup, so the next benchmark does not share the CPU with idle servers.
  await Promise.all([api.stop(), minimal.stop(), baseline.stop()]);
  return {
    app: results[0],
    minimalNest: results[1],
    baseline: results[2],
    apiIdleRssMb,
    apiAfterRssMb,
    connections,
    durationS,
    warmupS,
    rounds,
    meetings,
    otherTenantMeetings,
    poolMax,
  };
}
