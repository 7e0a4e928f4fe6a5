import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { withClient } from '../test/support/postgres';
import { freePort, type SpawnedProcess, waitForStatus } from '../test/support/processes';
import { createMeeting, register } from './lib/api-client';
import type { Cleanup } from './lib/cleanup';
import { type BenchDatabase, createBenchDatabase } from './lib/database';
import { spawnApi, START_TIMEOUT_MS } from './lib/processes';
import { ms, out } from './lib/stats';
import { seededRandom } from '@quorum/platform';

/**
 * What outside probes broke in issue 7, measured against a real api process:
 * transcript imports of hostile and realistic shapes, and concurrent exports
 * of a large transcript. For each: the answers, how long they took, the api's
 * peak RSS above its RSS just before, how long the database stayed busy after
 * the last answer (work that outlived its request), and the longest the event
 * loop kept a liveness probe waiting.
 *
 * Deliberately independent of the meetings lib (plain HTTP and SQL), so the
 * same script measures an older checkout for a before/after comparison.
 */

export interface TranscriptScenarioResult {
  scenario: string;
  /** Body size per request, in bytes (upload for imports, download for exports). */
  bytes: number;
  requests: number;
  /** Each distinct status with its count, e.g. "201 ×1". */
  statuses: string;
  /** The same for a correct api; any other answer fails the run (after its figures are printed). */
  expected: string;
  /** From the first request to the last answer. */
  wallMs: number;
  /** The slowest single request. */
  slowestMs: number;
  idleRssMb: number;
  peakRssMb: number;
  /** How long the api's database connections stayed busy after the last answer. */
  busyAfterMs: number;
  /** The slowest /health/live answer during the scenario (probed back to back): an upper bound on the longest event-loop block. */
  longestProbeMs: number;
  probes: number;
  note: string;
}

export interface TranscriptsResult {
  scenarios: TranscriptScenarioResult[];
  /** Whether the api's peak RSS could be reset per scenario (/proc/<pid>/clear_refs), rather than only sampled. */
  exactPeaks: boolean;
}

const MB = 1024 * 1024;

/** Resident and peak resident memory of a process, in MiB, from /proc. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Resets the kernel's peak-RSS mark (VmHWM) to the current RSS; false where that is not allowed, and then sampling alone gives the peak. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Waits until none of the api's connections to its database is running a statement or holding a transaction. */
async function databaseQuiet(db: BenchDatabase, timeoutMs = 600_000): Promise<number> {
  const started = performance.now();
  await withClient(db.url, async (client) => {
    for (;;) {
      const { rows } = await client.query<{ busy: number }>(
        "SELECT count(*)::int AS busy FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'",
        [db.name],
      );
      if (rows[0].busy === 0) return;
      if (performance.now() - started > timeoutMs) throw new Error(`the api's database connections were still busy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  return performance.now() - started;
}

/**
 * Asks /health/live back to back until stopped. Its slowest answer bounds the
 * longest event-loop block from above: it also includes waiting behind other
 * work on two busy cores. (The api's own eventLoopDelayMs is a p99 over the
 * time since the previous probe, which one long block barely moves, so it is
 * not used here.)
 */
function probeLiveness(apiUrl: string): { stop: () => Promise<{ longest: number; count: number }> } {
  // An object, so the loop below reads the flag that finish() flips, not a narrowed copy.
  const probe = { running: true };
  let longest = 0;
  let count = 0;
  let failure: Error | undefined;
  const loop = (async () => {
    while (probe.running) {
      const started = performance.now();
      try {
        const res = await fetch(`${apiUrl}/health/live`);
        await res.arrayBuffer();
      } catch (error) {
        // Kept for stop(): a rejection nobody awaits yet would end the run without its cleanup.
        failure = new Error(`a liveness probe failed: ${(error as Error).message}`, { cause: error });
        return;
      }
      longest = Math.max(longest, performance.now() - started);
      count++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    stop: async () => {
      probe.running = false;
      await loop;
      if (failure) throw failure;
      return { longest, count };
    },
  };
}

/** Samples RSS while a scenario runs, in case the peak mark cannot be reset. */
function sampleRss(pid: number): { stop: () => number } {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, memory(pid).rss);
    } catch {
      // The process is gone; the scenario reports that.
    }
  };
  const timer = setInterval(sample, 20);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

interface Answer {
  status: number;
  ms: number;
  body: string;
}

async function timed(send: () => Promise<Response>): Promise<Answer> {
  const started = performance.now();
  const res = await send();
  const body = await res.text();
  return { status: res.status, ms: performance.now() - started, body };
}

const WORDS = [
  'the',
  'budget',
  'we',
  'should',
  'ship',
  'next',
  'quarter',
  'and',
  'review',
  'hiring',
  'plan',
  'for',
  'design',
  'customers',
  'said',
  'that',
  'it',
  'is',
  'fine',
  'maybe',
  'later',
];

function stamp(msTotal: number): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(msTotal / 3_600_000))}:${pad(Math.floor(msTotal / 60_000) % 60)}:${pad(Math.floor(msTotal / 1000) % 60)}.${pad(msTotal % 1000, 3)}`;
}

/** A WebVTT file as a captioning tool writes one: ids, voice tags, sentences of ~30 words, cues back to back. */
function realisticVtt(cues: number): string {
  const next = seededRandom(7);
  const parts = ['WEBVTT\n'];
  for (let i = 0; i < cues; i++) {
    const words = Array.from({ length: 25 + Math.floor(next() * 10) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
    parts.push(
      `\ncue-${i}\n${stamp(i * 4000)} --> ${stamp(i * 4000 + 3500)}\n<v Speaker ${i % 6}>${words[0].toUpperCase()}${words.slice(1)}.\n`,
    );
  }
  return parts.join('');
}

/** The most cues of realisticVtt that fit in `bytes`. */
function vttOfAtMost(bytes: number): { body: string; cues: number } {
  let cues = Math.floor(bytes / 220);
  let body = realisticVtt(cues);
  while (Buffer.byteLength(body) > bytes) body = realisticVtt((cues = Math.floor(cues * 0.98)));
  return { body, cues };
}

function countStatuses(answers: Answer[]): string {
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${status} ×${n}`).join(', ');
}

export async function runTranscripts(cleanup: Cleanup): Promise<TranscriptsResult> {
  out('\n## Transcripts: hostile imports and concurrent exports\n');
  const db = await createBenchDatabase('transcripts', cleanup);
  out(`database ${db.name} migrated`);
  const port = await freePort();
  const api: SpawnedProcess = spawnApi('api', {
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: db.url,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    SYNC_SECRETS_KEY: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
    LOG_LEVEL: 'warn',
    THROTTLE_LIMIT: '1000000',
    DB_MIGRATIONS_RUN: 'false',
    // spawnApi gives it the pod's NODE_OPTIONS (a 384 MiB heap in a 512 MiB pod): V8 collects against that, not the machine's memory.
  });
  cleanup.add('stop api', () => api.stop());
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitForStatus(api, `${apiUrl}/health/ready`, 200, START_TIMEOUT_MS);
  const pid = api.child.pid!;
  const owner = await register(apiUrl, 'bench-transcripts');
  const auth = { Authorization: `Bearer ${owner.accessToken}` };
  const importTo = (meetingId: string, type: string, body: string) =>
    timed(() =>
      fetch(`${apiUrl}/api/v1/meetings/${meetingId}/transcript`, { method: 'POST', headers: { ...auth, 'Content-Type': type }, body }),
    );
  const exportOf = (meetingId: string, format: string, encoding: string) =>
    timed(() =>
      fetch(`${apiUrl}/api/v1/meetings/${meetingId}/transcript?format=${format}`, { headers: { ...auth, 'Accept-Encoding': encoding } }),
    );

  // One small round trip of each kind first, so no scenario pays for loading and compiling the code paths.
  const warm = await createMeeting(apiUrl, owner.accessToken, 'Warm-up');
  await importTo(warm, 'text/vtt', realisticVtt(50));
  await exportOf(warm, 'vtt', 'identity');

  let exactPeaks = true;
  const scenarios: TranscriptScenarioResult[] = [];
  const scenario = async (
    name: string,
    expected: string,
    bytes: number,
    run: () => Promise<Answer[]>,
    note: (answers: Answer[]) => string = () => '',
  ) => {
    await databaseQuiet(db);
    const idle = memory(pid).rss;
    exactPeaks = resetPeak(pid) && exactPeaks;
    const sampler = sampleRss(pid);
    const probe = probeLiveness(apiUrl);
    const started = performance.now();
    let answers: Answer[];
    try {
      answers = await run();
    } catch (error) {
      await probe.stop().catch(() => undefined);
      sampler.stop();
      // A dropped connection arrives before the process's exit is noticed.
      const exit = await Promise.race([api.exited, new Promise((r) => setTimeout(r, 2000, undefined))]);
      throw exit === undefined
        ? error
        : new Error(`${name}: the api died (${exit}); its last output:\n${api.output().slice(-2000)}`, { cause: error });
    }
    const wallMs = performance.now() - started;
    const busyAfterMs = await databaseQuiet(db);
    const { longest, count } = await probe.stop();
    const peak = Math.max(sampler.stop(), exactPeaks ? memory(pid).hwm : 0);
    const result: TranscriptScenarioResult = {
      scenario: name,
      bytes,
      requests: answers.length,
      statuses: countStatuses(answers),
      expected,
      wallMs,
      slowestMs: Math.max(...answers.map((a) => a.ms)),
      idleRssMb: idle,
      peakRssMb: peak,
      busyAfterMs,
      longestProbeMs: longest,
      probes: count,
      note: note(answers),
    };
    scenarios.push(result);
    out(
      `${name}: ${result.statuses} (expected ${expected}) in ${ms(wallMs)} (slowest ${ms(result.slowestMs)}); RSS ${idle.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB (+${(peak - idle).toFixed(0)}); ` +
        `database busy ${ms(busyAfterMs)} after the answer; slowest of ${count} liveness probes ${ms(longest)}${result.note ? `; ${result.note}` : ''}`,
    );
  };
  const detail = (answers: Answer[]) => {
    try {
      const problem = JSON.parse(answers[0].body) as { type?: string; detail?: string; imported?: number };
      return problem.imported !== undefined
        ? `imported ${problem.imported} segments`
        : `${problem.type?.split('/').pop()}: ${problem.detail}`;
    } catch {
      return answers[0].body.slice(0, 120);
    }
  };

  const oneWordLines = 'A: w\n'.repeat(2_000_000);
  const m1 = await createMeeting(apiUrl, owner.accessToken, 'One-word lines');
  await scenario(
    '10 MB, 2,000,000 one-word lines (text/plain)',
    '422 ×1',
    oneWordLines.length,
    async () => [await importTo(m1, 'text/plain', oneWordLines)],
    detail,
  );

  const shortLines = 'A: w\n'.repeat(400_000);
  const m2 = await createMeeting(apiUrl, owner.accessToken, 'Short lines');
  await scenario(
    '2 MB, 400,000 lines (text/plain)',
    '422 ×1',
    shortLines.length,
    async () => [await importTo(m2, 'text/plain', shortLines)],
    detail,
  );

  const vtt = vttOfAtMost(10_000_000);
  const m3 = await createMeeting(apiUrl, owner.accessToken, 'Realistic VTT');
  await scenario(
    `${(Buffer.byteLength(vtt.body) / MB).toFixed(1)} MB realistic WebVTT, ${vtt.cues.toLocaleString('en')} cues`,
    '201 ×1',
    Buffer.byteLength(vtt.body),
    async () => [await importTo(m3, 'text/vtt', vtt.body)],
    detail,
  );

  // A transcript whose WebVTT export is about 8.6 MB, the size the probes used.
  const big = await createMeeting(apiUrl, owner.accessToken, 'Big export');
  const exported = vttOfAtMost(Math.round(8.6 * 1_000_000 * 0.985));
  const imported = await importTo(big, 'text/vtt', exported.body);
  if (imported.status !== 201) throw new Error(`importing the export transcript failed: ${imported.status} ${imported.body.slice(0, 300)}`);
  const reference = await exportOf(big, 'vtt', 'identity');
  const exportBytes = Buffer.byteLength(reference.body);
  for (const encoding of ['identity', 'gzip']) {
    await scenario(
      `10 concurrent exports (vtt, ${exportBytes.toLocaleString('en')} bytes, Accept-Encoding: ${encoding})`,
      '200 ×10',
      exportBytes,
      async () => {
        const answers = await Promise.all(Array.from({ length: 10 }, () => exportOf(big, 'vtt', encoding)));
        // fetch decompresses gzip, so every answer must be the reference file either way.
        const wrong = answers.filter((a) => a.body !== reference.body).length;
        if (wrong > 0) throw new Error(`${wrong} of 10 exports differ from a single export of the same transcript`);
        return answers;
      },
    );
  }

  await api.stop();
  const unexpected = scenarios.filter((s) => s.statuses !== s.expected);
  if (unexpected.length)
    throw new Error(
      `unexpected answers: ${unexpected.map((s) => `${s.scenario}: ${s.statuses}, expected ${s.expected}`).join('; ')} (the figures above are still what was measured)`,
    );
  return { scenarios, exactPeaks };
}
