import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { io } from 'socket.io-client';
import { freePort, waitForStatus } from '../test/support/processes';
import { createMeeting, register } from './lib/api-client';
import type { Cleanup } from './lib/cleanup';
import { createBenchDatabase } from './lib/database';
import { cpuSeconds, spawnApi, START_TIMEOUT_MS } from './lib/processes';
import { envInt, ms, out, percentile } from './lib/stats';

export interface HostileScenario {
  scenario: string;
  answers: string;
  /** Wall time until every hostile request was answered. */
  totalMs: number;
  /** The api's CPU per hostile request. */
  cpuMsPerRequest: number;
  /** GET /health/live, polled every 20 ms during the scenario. */
  liveP50: number;
  liveMax: number;
}

export interface HostileInputResult {
  scenarios: HostileScenario[];
  lockout: { concurrent: number; evaluated: number; refused: number };
}

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** The probe loop, run in a worker thread so that the runner's own work (building and masking frames) cannot delay it. */
const PROBE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  const live = [];
  while (running) {
    const started = performance.now();
    await fetch(workerData.url).then((res) => res.arrayBuffer());
    live.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage(live);
})();
`;

/** Polls /health/live (what a kubelet would) from its own thread while `work` runs, and reports the latencies seen. */
async function withLivenessProbe<T>(baseUrl: string, work: () => Promise<T>): Promise<{ result: T; live: number[] }> {
  const worker = new Worker(PROBE_WORKER, { eval: true, workerData: { url: `${baseUrl}/health/live` } });
  const latencies = new Promise<number[]>((resolve, reject) => {
    worker.once('message', (live: number[]) => resolve(live));
    worker.once('error', reject);
  });
  try {
    const result = await work();
    worker.postMessage('stop');
    return { result, live: await latencies };
  } finally {
    await worker.terminate();
  }
}

/**
 * What hostile input costs the api once it is refused: the payloads outside
 * probes used (a 977 KB nested JSON body, four at once, repeatedly; 40 nested
 * 781 KB Socket.IO frames on one connection; 200 simultaneous wrong passwords
 * for one account), with a liveness probe running beside them.
 */
export async function runHostileInput(cleanup: Cleanup): Promise<HostileInputResult> {
  const rounds = envInt('BENCH_HOSTILE_ROUNDS', 25);
  out('\n## Hostile input\n');
  const database = await createBenchDatabase('hostile', cleanup);
  const port = await freePort();
  const api = spawnApi('api', {
    DATABASE_URL: database.url,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    SYNC_SECRETS_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
    THROTTLE_LIMIT: '1000000',
    DB_MIGRATIONS_RUN: 'false',
  });
  cleanup.add('stop api', () => api.stop());
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForStatus(api, `${baseUrl}/health/ready`, 200, START_TIMEOUT_MS);
  const owner = await register(baseUrl, 'hostile');
  const meetingId = await createMeeting(baseUrl, owner.accessToken, 'Hostile');
  const scenarios: HostileScenario[] = [];

  const measure = async (scenario: string, count: number, work: () => Promise<string[]>) => {
    const cpuBefore = cpuSeconds(api.child.pid);
    const started = performance.now();
    const { result, live } = await withLivenessProbe(baseUrl, work);
    const totalMs = performance.now() - started;
    const statuses = new Map<string, number>();
    for (const s of result) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    scenarios.push({
      scenario,
      answers: [...statuses].map(([s, n]) => `${n} × ${s}`).join(', '),
      totalMs,
      cpuMsPerRequest: ((cpuSeconds(api.child.pid) - cpuBefore) * 1000) / count,
      liveP50: percentile(live, 50),
      liveMax: Math.max(...live),
    });
    out(`- ${scenario}: ${ms(totalMs)} in all; /health/live max ${ms(Math.max(...live))}`);
  };

  const nested = deepArray(488_000);
  await measure(`${rounds} rounds of 4 parallel 977 KB nested bodies to POST /auth/login`, rounds * 4, async () => {
    const statuses: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: nested }).then(
            async (res) => `${res.status} ${((await res.json()) as { type: string }).type.split('/').pop()}`,
          ),
        ),
      );
      statuses.push(...answers);
    }
    return statuses;
  });

  const socket = io(`${baseUrl}/realtime`, {
    transports: ['websocket'],
    auth: { token: owner.accessToken },
    reconnection: false,
    forceNew: true,
  });
  cleanup.add('close socket', () => void socket.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await socket.timeout(5000).emitWithAck('meeting.join', { meetingId });
  // Built before the measurement: the probe runs in this process, and building 31 MB of frames would delay it.
  const deep = deepArray(390_000);
  const frames = Array.from(
    { length: 40 },
    (_, i) => `2/realtime,${1000 + i}["transcript.append",{"meetingId":"${meetingId}","segments":${deep}}]`,
  );
  await measure('40 nested 781 KB Socket.IO frames on one connection', 40, async () => {
    const engine = socket.io.engine;
    const answers: string[] = [];
    await new Promise<void>((resolve) => {
      const onPacket = (packet: { type: string; data?: unknown }) => {
        const match = packet.type === 'message' && typeof packet.data === 'string' ? /^3\/realtime,(\d+)(.*)$/s.exec(packet.data) : null;
        if (!match) return;
        const [answer] = JSON.parse(match[2]) as [{ ok: boolean; error?: { status: number; type: string } }];
        answers.push(answer.ok ? 'ok' : `${answer.error!.status} ${answer.error!.type.split('/').pop()}`);
        if (answers.length === 40) {
          engine.off('packet', onPacket);
          resolve();
        }
      };
      engine.on('packet', onPacket);
      for (const frame of frames) engine.write(frame);
    });
    return answers;
  });
  socket.disconnect();

  const victim = await register(baseUrl, 'victim');
  const email = (
    (await (await fetch(`${baseUrl}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${victim.accessToken}` } })).json()) as {
      user: { email: string };
    }
  ).user.email;
  const concurrent = 200;
  const guesses = await Promise.all(
    Array.from({ length: concurrent }, () =>
      fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: 'Wrong-Password-1' }),
      }).then((res) => res.status),
    ),
  );
  const lockout = { concurrent, evaluated: guesses.filter((s) => s === 401).length, refused: guesses.filter((s) => s === 429).length };
  out(
    `- ${concurrent} simultaneous wrong passwords for one account: ${lockout.evaluated} evaluated (401), ${lockout.refused} refused (429)`,
  );
  await api.stop();
  return { scenarios, lockout };
}
