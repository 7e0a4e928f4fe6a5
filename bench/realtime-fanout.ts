import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { freePort, ROOT, type SpawnedProcess, waitForStatus } from '../test/support/processes';
import { createMeeting, register } from './lib/api-client';
import type { Cleanup } from './lib/cleanup';
import { type BenchDatabase, createBenchDatabase } from './lib/database';
import { cpuSeconds, spawnApi, START_TIMEOUT_MS } from './lib/processes';
import { WireSocket } from './lib/socketio-wire-client';
import { envInt, ms, out, percentile } from './lib/stats';

/**
 * How the benchmark's sockets are held: `wire` speaks the Socket.IO protocol
 * on `ws` with a few microseconds of work per delivery (bench/lib/socketio-wire-client.ts),
 * `socket.io` is socket.io-client, whose ≈ 28 µs a delivery, paid by one
 * thread for all the sockets of a round, is the client's time, not the server's.
 */
export const CLIENT_KINDS = ['wire', 'socket.io'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface FanoutSetupResult {
  setup: string;
  client: ClientKind;
  delivered: number;
  expected: number;
  deliveryP50: number;
  deliveryP99: number;
  lastP50: number;
  lastP99: number;
  lastMax: number;
  postP50: number;
  postP99: number;
  connectMs: number;
  /** CPU each api process used per measured round (user + system), in order. */
  apiCpuMsPerRound: number[];
  /** CPU this process (all the clients) used per measured round. */
  clientCpuMsPerRound: number;
  /** The same rounds with one socket per api process (wire client). */
  reference: { deliveryP50: number; postP50: number; apiCpuMsPerRound: number[] };
}

export interface RealtimeFanoutResult {
  sockets: number;
  rounds: number;
  warmupRounds: number;
  setups: FanoutSetupResult[];
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const APPENDED = 'transcript.appended';

interface Round {
  segmentId: string;
  start: number;
  /** Milliseconds from just before the POST to each socket's receipt; NaN until received. */
  received: Float64Array;
  count: number;
  done: () => void;
}

interface Settings {
  clients: readonly ClientKind[];
  sockets: number;
  rounds: number;
  warmupRounds: number;
  roundTimeoutMs: number;
  roundGapMs: number;
  connectConcurrency: number;
}

function gatewayReady(): string | undefined {
  if (!existsSync(join(ROOT, 'libs', 'realtime', 'src'))) return 'libs/realtime/src does not exist';
  if (!readFileSync(join(ROOT, 'apps', 'api', 'src', 'app.module.ts'), 'utf8').includes('RealtimeModule'))
    return 'RealtimeModule is not in apps/api/src/app.module.ts';
  return undefined;
}

/** Each socket is a file descriptor in this process and another in the api, so a 1,024 default cannot hold 1,000 of them. */
function assertFileLimit(sockets: number): void {
  let limit = Number.NaN;
  try {
    limit = Number(execFileSync('bash', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    // no bash: the connections themselves will tell (EMFILE)
  }
  if (Number.isFinite(limit) && limit < sockets + 256) {
    throw new Error(
      `ulimit -n is ${limit}, too low for ${sockets} sockets (plus the api's own files); run \`ulimit -n ${Math.max(4096, sockets * 2)}\` in this shell first, or set BENCH_SOCKETS lower`,
    );
  }
}

function apiEnv(db: BenchDatabase, port: number, jwtSecret: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET: jwtSecret,
    SYNC_SECRETS_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
    LOG_LEVEL: 'warn',
    THROTTLE_LIMIT: '1000000',
    DB_MIGRATIONS_RUN: 'false',
    ...extra,
  };
}

async function startApis(
  names: string[],
  db: BenchDatabase,
  env: Record<string, string>,
  cleanup: Cleanup,
): Promise<{ proc: SpawnedProcess; url: string }[]> {
  const jwtSecret = randomBytes(48).toString('base64url');
  const apis = [];
  for (const name of names) {
    const port = await freePort();
    const proc = spawnApi(name, apiEnv(db, port, jwtSecret, env));
    cleanup.add(`stop ${name}`, () => proc.stop());
    apis.push({ proc, url: `http://127.0.0.1:${port}` });
  }
  // Started together, readied together: both compile from source at once, which is the slow part.
  await Promise.all(apis.map(({ proc, url }) => waitForStatus(proc, `${url}/health/ready`, 200, START_TIMEOUT_MS)));
  return apis;
}

/** A connected socket joined to the meeting, whichever client holds it. */
interface BenchSocket {
  close(): void;
}

/** Called with each `transcript.appended` payload and the time its frame was read. */
type AppendedHandler = (payload: unknown, receivedAt: number) => void;

function connectOne(client: ClientKind, url: string, token: string, meetingId: string, onAppended: AppendedHandler): Promise<BenchSocket> {
  return client === 'wire' ? connectWire(url, token, meetingId, onAppended) : connectSocketIo(url, token, meetingId, onAppended);
}

async function connectWire(url: string, token: string, meetingId: string, onAppended: AppendedHandler): Promise<BenchSocket> {
  const socket = await WireSocket.connect(url, '/realtime', { token }, 10_000);
  socket.onEvent((event, args, receivedAt) => {
    if (event === APPENDED) onAppended(args[0], receivedAt);
  });
  try {
    const ack = (await socket.emitWithAck('meeting.join', { meetingId }, 10_000)) as { ok?: boolean } | undefined;
    if (ack?.ok !== true) throw new Error(`meeting.join refused: ${JSON.stringify(ack)}`);
  } catch (error) {
    socket.close();
    throw error;
  }
  return socket;
}

function connectSocketIo(url: string, token: string, meetingId: string, onAppended: AppendedHandler): Promise<BenchSocket> {
  const socket = io(`${url}/realtime`, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
    timeout: 10_000,
  });
  return new Promise<BenchSocket>((resolve, reject) => {
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.disconnect();
      reject(new Error(`connect_error: ${error.message} ${JSON.stringify(error.data ?? null)}`));
    });
    socket.once('connect', () => {
      socket.on(APPENDED, (payload: unknown) => onAppended(payload, performance.now()));
      socket
        .timeout(10_000)
        .emitWithAck('meeting.join', { meetingId })
        .then((ack: { ok?: boolean; error?: unknown }) => {
          if (ack.ok !== true) throw new Error(`meeting.join refused: ${JSON.stringify(ack)}`);
          resolve({ close: () => socket.disconnect() });
        })
        .catch((error: Error) => {
          socket.disconnect();
          reject(error);
        });
    });
  });
}

/** Opens `count` sockets, round-robin over `urls`, `concurrency` handshakes at a time, each joined to the meeting. */
async function connectAll(
  client: ClientKind,
  urls: string[],
  token: string,
  meetingId: string,
  settings: Settings,
  onAppended: (index: number, payload: unknown, receivedAt: number) => void,
  cleanup: Cleanup,
): Promise<BenchSocket[]> {
  const sockets: BenchSocket[] = [];
  cleanup.add('close sockets', () => sockets.forEach((socket) => socket.close()));
  let next = 0;
  const worker = async () => {
    while (next < settings.sockets) {
      const index = next++;
      sockets[index] = await connectOne(client, urls[index % urls.length], token, meetingId, (payload, receivedAt) =>
        onAppended(index, payload, receivedAt),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.connectConcurrency, settings.sockets) }, worker));
  return sockets;
}

function isWellFormed(payload: unknown, meetingId: string): boolean {
  const p = payload as {
    eventId?: unknown;
    type?: unknown;
    entityId?: unknown;
    version?: unknown;
    occurredAt?: unknown;
    meetingId?: unknown;
    data?: { meetingId?: unknown; revision?: unknown; segments?: unknown };
  } | null;
  return (
    !!p &&
    typeof p.eventId === 'string' &&
    p.type === APPENDED &&
    p.entityId === meetingId &&
    typeof p.version === 'number' &&
    typeof p.occurredAt === 'string' &&
    p.meetingId === meetingId &&
    p.data?.meetingId === meetingId &&
    typeof p.data.revision === 'number' &&
    Array.isArray(p.data.segments)
  );
}

/**
 * One setup: `apis[0]` takes every POST; sockets are spread evenly over all
 * of `apis`. Latency is taken in this process, from just before the POST to
 * the moment each socket's frame is read, so it includes this process reading
 * every socket's frame in turn: the last socket of a round waits for the other
 * 999 first, as it would behind one busy client machine. Measured once per
 * client kind in `settings.clients`, each with its own sockets.
 */
async function measure(
  setup: string,
  apis: { proc: SpawnedProcess; url: string }[],
  settings: Settings,
  cleanup: Cleanup,
): Promise<FanoutSetupResult[]> {
  const postUrl = apis[0].url;
  const owner = await register(postUrl, 'bench-realtime');
  const meetingId = await createMeeting(postUrl, owner.accessToken, `Fan-out ${setup}`);
  // The same rounds with one socket per process first: what a POST and one delivery cost without the fan-out.
  const reference = await rounds(
    `${setup}, ${apis.length} socket${apis.length > 1 ? 's' : ''}`,
    'wire',
    apis,
    owner.accessToken,
    meetingId,
    { ...settings, sockets: apis.length },
    cleanup,
  );
  const results: FanoutSetupResult[] = [];
  for (const client of settings.clients) {
    const full = await rounds(setup, client, apis, owner.accessToken, meetingId, settings, cleanup);
    results.push({
      ...full,
      reference: { deliveryP50: reference.deliveryP50, postP50: reference.postP50, apiCpuMsPerRound: reference.apiCpuMsPerRound },
    });
  }
  return results;
}

/** Connects `settings.sockets` sockets to the meeting (spread over `apis`), runs the rounds, and disconnects them. */
async function rounds(
  setup: string,
  client: ClientKind,
  apis: { proc: SpawnedProcess; url: string }[],
  token: string,
  meetingId: string,
  settings: Settings,
  cleanup: Cleanup,
): Promise<Omit<FanoutSetupResult, 'reference'>> {
  const postUrl = apis[0].url;

  let current: Round | undefined;
  let malformed = 0;
  let duplicates = 0;
  const onAppended = (index: number, payload: unknown, at: number) => {
    const round = current;
    const segmentId = (payload as { data?: { segments?: { segmentId?: string }[] } } | null)?.data?.segments?.[0]?.segmentId;
    if (!round || segmentId !== round.segmentId) return;
    if (!isWellFormed(payload, meetingId)) malformed++;
    if (!Number.isNaN(round.received[index])) {
      duplicates++;
      return;
    }
    round.received[index] = at - round.start;
    if (++round.count === settings.sockets) round.done();
  };

  const connectStarted = performance.now();
  const sockets = await connectAll(
    client,
    apis.map((a) => a.url),
    token,
    meetingId,
    settings,
    onAppended,
    cleanup,
  );
  const connectMs = performance.now() - connectStarted;
  out(`${setup} (${client} client): ${sockets.length} sockets connected and joined in ${ms(connectMs)}`);

  const deliveries: number[] = [];
  const lasts: number[] = [];
  const posts: number[] = [];
  let expected = 0;
  let delivered = 0;
  let apiCpuBefore: number[] = [];
  let clientCpuBefore = process.cpuUsage();
  for (let r = 0; r < settings.warmupRounds + settings.rounds; r++) {
    const measured = r >= settings.warmupRounds;
    if (r === settings.warmupRounds) {
      apiCpuBefore = apis.map(({ proc }) => cpuSeconds(proc.child.pid));
      clientCpuBefore = process.cpuUsage();
    }
    let done!: () => void;
    const allIn = new Promise<void>((resolve) => (done = resolve));
    const start = performance.now();
    // The send time rides in the segment itself, so a delivery can never be matched to the wrong round.
    const segmentId = `bench-${r}-${Math.round(start * 1000)}`;
    current = { segmentId, start, received: new Float64Array(settings.sockets).fill(Number.NaN), count: 0, done };
    const res = await fetch(`${postUrl}/api/v1/meetings/${meetingId}/segments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        segments: [
          { segmentId, speaker: 'Bench', startMs: r * 1000, endMs: r * 1000 + 900, text: `round ${r}, sent at ${start.toFixed(3)} ms` },
        ],
      }),
    });
    const postMs = performance.now() - start;
    const text = await res.text();
    if (res.status !== 201) throw new Error(`${setup}: POST segments answered ${res.status}: ${text.slice(0, 500)}`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allIn, new Promise<void>((resolve) => (timer = setTimeout(resolve, settings.roundTimeoutMs)))]);
    clearTimeout(timer);
    const round = current;
    current = undefined;
    if (measured) {
      posts.push(postMs);
      expected += settings.sockets;
      delivered += round.count;
      for (const value of round.received) if (!Number.isNaN(value)) deliveries.push(value);
      if (round.count === settings.sockets) lasts.push(Math.max(...round.received));
    }
    if (round.count < settings.sockets)
      out(
        `${setup}: round ${r}: only ${round.count}/${settings.sockets} sockets received ${APPENDED} within ${settings.roundTimeoutMs} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, settings.roundGapMs));
  }
  // Includes the idle gaps between rounds, where the only work is Engine.IO's pings.
  const apiCpuMsPerRound = apis.map(({ proc }, i) => ((cpuSeconds(proc.child.pid) - apiCpuBefore[i]) * 1000) / settings.rounds);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const clientCpuMsPerRound = (clientCpu.user + clientCpu.system) / 1000 / settings.rounds;
  sockets.forEach((socket) => socket.close());

  const result: Omit<FanoutSetupResult, 'reference'> = {
    setup,
    client,
    delivered,
    expected,
    deliveryP50: percentile(deliveries, 50),
    deliveryP99: percentile(deliveries, 99),
    lastP50: percentile(lasts, 50),
    lastP99: percentile(lasts, 99),
    lastMax: lasts.length ? Math.max(...lasts) : Number.NaN,
    postP50: percentile(posts, 50),
    postP99: percentile(posts, 99),
    connectMs,
    apiCpuMsPerRound,
    clientCpuMsPerRound,
  };
  out(
    `${setup} (${client} client): delivered ${delivered}/${expected}; per delivery p50 ${ms(result.deliveryP50)},` +
      ` p99 ${ms(result.deliveryP99)}; last socket of a round p50 ${ms(result.lastP50)},` +
      ` p99 ${ms(result.lastP99)} (max ${ms(result.lastMax)}); POST p50 ${ms(result.postP50)},` +
      ` p99 ${ms(result.postP99)}; CPU per round: api ${apiCpuMsPerRound.map((c) => ms(c)).join(' + ')},` +
      ` clients ${ms(clientCpuMsPerRound)}`,
  );
  if (delivered !== expected || malformed || duplicates) {
    throw new Error(
      `${setup}: ${expected - delivered} deliveries missing, ${malformed} malformed, ${duplicates} duplicated; the figures are not valid`,
    );
  }
  return result;
}

/** BENCH_REALTIME_CLIENTS: a comma-separated subset of CLIENT_KINDS, in the order to run them (default: all). */
function clientKinds(): ClientKind[] {
  const raw = process.env.BENCH_REALTIME_CLIENTS;
  if (!raw) return [...CLIENT_KINDS];
  const kinds = raw.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !(CLIENT_KINDS as readonly string[]).includes(k));
  if (unknown.length || !kinds.length) throw new Error(`BENCH_REALTIME_CLIENTS: expected some of ${CLIENT_KINDS.join(', ')}, got ${raw}`);
  return kinds as ClientKind[];
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * (a) one api process with the in-memory adapter; (b) two api processes on
 * the Redis adapter, sockets split evenly, every POST to the first, so half
 * of the deliveries cross Redis. One fresh database serves both setups.
 */
export async function runRealtimeFanout(cleanup: Cleanup): Promise<RealtimeFanoutResult> {
  const settings: Settings = {
    clients: clientKinds(),
    sockets: envInt('BENCH_SOCKETS', 1000),
    rounds: envInt('BENCH_ROUNDS', 20),
    warmupRounds: envInt('BENCH_WARMUP_ROUNDS', 3, 0),
    roundTimeoutMs: envInt('BENCH_ROUND_TIMEOUT_MS', 10_000),
    roundGapMs: envInt('BENCH_ROUND_GAP_MS', 250, 0),
    connectConcurrency: envInt('BENCH_CONNECT_CONCURRENCY', 50),
  };
  out(`\n## Realtime fan-out: ${settings.sockets} sockets, ${settings.rounds} rounds\n`);
  const notReady = gatewayReady();
  if (notReady) throw new Error(`the realtime gateway is not there yet (${notReady}); run again with BENCH_ONLY=realtime once it is`);
  assertFileLimit(settings.sockets);

  const db = await createBenchDatabase('realtime', cleanup);
  out(`database ${db.name} migrated`);
  const setups: FanoutSetupResult[] = [];

  const single = await startApis(['api'], db, {}, cleanup);
  setups.push(...(await measure('1 process, in-memory adapter', single, settings, cleanup)));
  // Not left idling beside the next setup's two processes on the same two cores.
  await single[0].proc.stop();

  const prefix = `quorum-bench-${randomBytes(4).toString('hex')}:`;
  cleanup.add(`delete Redis keys ${prefix}*`, () => deleteRedisKeys(prefix));
  const pair = await startApis(['api-a', 'api-b'], db, { REDIS_URL: REDIS_URL, REDIS_KEY_PREFIX: prefix }, cleanup);
  setups.push(...(await measure('2 processes, Redis adapter', pair, settings, cleanup)));
  await Promise.all(pair.map(({ proc }) => proc.stop()));

  return { sockets: settings.sockets, rounds: settings.rounds, warmupRounds: settings.warmupRounds, setups };
}
