import { execFileSync } from 'node:child_process';
import { type AiLocalResult, runAiLocal } from './ai-local';
import { cpus, loadavg } from 'node:os';
import { type HostileInputResult, runHostileInput } from './hostile-input';
import { type HttpListResult, runHttpList } from './http-list';
import { withClient } from '../test/support/postgres';
import { Cleanup } from './lib/cleanup';
import { ADMIN_URL } from './lib/database';
import { apiFromSource, benchNode, benchNodeVersion, podNodeOptions } from './lib/processes';
import { markdownTable, ms, out } from './lib/stats';
import { type RagSearchResult, runRagSearch } from './rag-search';
import { type RealtimeFanoutResult, runRealtimeFanout } from './realtime-fanout';
import { type RulesBenchResult, runRules } from './rules';
import { runSync, type SyncBenchResult } from './sync';
import { runTranscripts, type TranscriptsResult } from './transcripts';

/**
 * `npm run bench`: the HTTP list benchmark against its baseline, the
 * realtime fan-out benchmark, the transcript import/export benchmark and the
 * cost of hostile input, each on its own fresh database, and the speed of the
 * offline `local` analysis (no database) and the knowledge base's search at
 * 100,000 passages a tenant, and business rules (events through 100 rules, a
 * scheduled scan over 100,000 items); BENCH_ONLY=http, realtime, transcripts,
 * hostile, ai, rag, rules or sync runs one (sync: a 10,000-event calendar import and its re-runs). Prints figures to stdout and
 * writes no file. BENCH_GUARD=1 exits non-zero when the api serves less than
 * 0.7× the minimal Nest app's requests/s in the HTTP list benchmark.
 */

const BENCHMARKS = ['http', 'realtime', 'transcripts', 'hostile', 'ai', 'rag', 'rules', 'sync'] as const;
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && !(BENCHMARKS as readonly string[]).includes(ONLY)) {
  process.stderr.write(`BENCH_ONLY must be one of ${BENCHMARKS.join(', ')}, got "${ONLY}"\n`);
  process.exit(2);
}
const runs = (name: (typeof BENCHMARKS)[number]) => ONLY === undefined || ONLY === name;

function shell(command: string): string {
  try {
    return execFileSync('bash', ['-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function describeMachine(): Promise<void> {
  const postgres = await withClient(
    ADMIN_URL,
    async (client) => (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v,
  ).catch(() => 'unknown');
  out('# Quorum benchmarks\n');
  out(
    `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average before the run ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  out(
    `- Node ${process.version}${benchNode() === process.execPath ? '' : ` (the servers on ${benchNodeVersion()}, BENCH_NODE=${benchNode()})`}, PostgreSQL ${postgres}, Redis ${shell("redis-cli -h 127.0.0.1 INFO server | sed -n 's/^redis_version://p' | tr -d '\\r'")}`,
  );
  out(`- open files limit (ulimit -n) ${shell('ulimit -n')}`);
}

/** The HTTP goals of issue 9, each as [goal, measured, pass/fail]. */
function httpGoals(http: HttpListResult): string[][] {
  const verdict = (ok: boolean) => (ok ? 'pass' : '**fail**');
  const vsMinimal = http.app.requestsPerSecond / http.minimalNest.requestsPerSecond;
  const vsBaseline = http.app.requestsPerSecond / http.baseline.requestsPerSecond;
  const p99 = http.app.p99 / http.baseline.p99;
  return [
    ['api ≥ 0.8× the minimal Nest app (requests/s)', `${vsMinimal.toFixed(2)}×`, verdict(vsMinimal >= 0.8)],
    ['api ≥ 0.5× the bare server (requests/s)', `${vsBaseline.toFixed(2)}×`, verdict(vsBaseline >= 0.5)],
    ["api p99 ≤ 2× the bare server's", `${p99.toFixed(2)}×`, verdict(p99 <= 2)],
    [
      `api: no decay across ${http.rounds} consecutive rounds (each within ±10 % of their mean)`,
      `±${(http.app.spread * 100).toFixed(1)} %`,
      verdict(http.app.spread <= 0.1),
    ],
    ['api idle RSS after start < 200 MB', `${http.apiIdleRssMb.toFixed(0)} MiB`, verdict(http.apiIdleRssMb * 1.048576 < 200)],
    ['api RSS after the benchmark < 250 MB', `${http.apiAfterRssMb.toFixed(0)} MiB`, verdict(http.apiAfterRssMb * 1.048576 < 250)],
  ];
}

/** BENCH_GUARD=1: the regression guard's floor for api / minimal Nest requests/s. */
const GUARD_MIN_RATIO = 0.7;
const GUARD = process.env.BENCH_GUARD === '1';
if (GUARD && !runs('http')) {
  process.stderr.write('BENCH_GUARD=1 checks the HTTP list benchmark; it cannot be combined with BENCH_ONLY other than http\n');
  process.exit(2);
}

function summary(
  http?: HttpListResult,
  realtime?: RealtimeFanoutResult,
  transcripts?: TranscriptsResult,
  hostile?: HostileInputResult,
  ai?: AiLocalResult,
): void {
  out('\n## Summary\n');
  if (http) {
    out(
      `GET /api/v1/meetings?limit=20, ${http.meetings.toLocaleString('en')} meetings in the tenant (+${http.otherTenantMeetings.toLocaleString('en')} in another),` +
        ` autocannon in its own process, ${http.connections} connections kept open, ${http.rounds} rounds per server taken in turn (api, minimal, bare, api, …), each measured for ${http.durationS} s after a warm-up of at least ${http.warmupS} s that lasts until every connection has had an answer,` +
        ` DB pool ${http.poolMax}:\n`,
    );
    const row = (r: HttpListResult['app']) => [
      r.target,
      r.requestsPerSecond.toFixed(0),
      `${r.roundsRequestsPerSecond.map((x) => x.toFixed(0)).join(' / ')} (±${(r.spread * 100).toFixed(1)} %)`,
      ms(r.p50),
      ms(r.p99),
      String(r.errors + r.non2xx + r.timeouts),
      `${r.cpuMsPerRequest.toFixed(2)} ms`,
      ms(r.slowestFirstAnswer),
    ];
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const ratioRow = (name: string, other: HttpListResult['app']) => [
      `**api / ${name}**`,
      `**${ratio(http.app.requestsPerSecond, other.requestsPerSecond)}**`,
      '',
      ratio(http.app.p50, other.p50),
      ratio(http.app.p99, other.p99),
      '',
      ratio(http.app.cpuMsPerRequest, other.cpuMsPerRequest),
      '',
    ];
    out(
      markdownTable(
        [
          'Server',
          'Requests/s',
          'Rounds (spread)',
          'p50',
          'p99',
          'Errors + non-2xx',
          'Server CPU per request',
          'Slowest first answer (new connection)',
        ],
        [
          row(http.app),
          row(http.minimalNest),
          row(http.baseline),
          ratioRow('minimal Nest', http.minimalNest),
          ratioRow('baseline', http.baseline),
        ],
      ),
    );
    out(
      `\napi RSS: ${http.apiIdleRssMb.toFixed(0)} MiB after start (before any load), ${http.apiAfterRssMb.toFixed(0)} MiB after its measured rounds (${apiFromSource() ? 'run from source' : 'compiled by npm run build'}, NODE_OPTIONS=${podNodeOptions()} as in deploy/k8s/api-deployment.yaml)\n`,
    );
    out(markdownTable(['Goal (issue 9)', 'Measured', 'Result'], httpGoals(http)));
    out('');
  }
  if (realtime) {
    out(
      `transcript.appended fan-out: ${realtime.sockets} sockets in one meeting room, ${realtime.rounds} rounds of one POST /segments each (after ${realtime.warmupRounds} warm-up rounds):\n`,
    );
    out(
      markdownTable(
        [
          'Setup',
          'Client',
          'Deliveries',
          'Delivery p50',
          'Delivery p99',
          'Last socket p50',
          'Last socket p99',
          'POST p50',
          'api CPU per round',
          'Client CPU per round',
          'One socket per process: delivery p50, api CPU per round',
        ],
        realtime.setups.map((s) => [
          s.setup,
          s.client,
          `${s.delivered}/${s.expected}`,
          ms(s.deliveryP50),
          ms(s.deliveryP99),
          ms(s.lastP50),
          ms(s.lastP99),
          ms(s.postP50),
          s.apiCpuMsPerRound.map((c) => ms(c)).join(' + '),
          ms(s.clientCpuMsPerRound),
          `${ms(s.reference.deliveryP50)}, ${s.reference.apiCpuMsPerRound.map((c) => ms(c)).join(' + ')}`,
        ]),
      ),
    );
    out('');
  }
  if (transcripts) {
    out(
      `Transcripts: one api process (NODE_ENV=production), each scenario after the database is quiet;` +
        ` RSS peak ${transcripts.exactPeaks ? 'from VmHWM, reset before each scenario, and' : ''} sampled every 20 ms;` +
        ` /health/live is probed back to back, and its slowest answer bounds the longest event-loop block from above:\n`,
    );
    out(
      markdownTable(
        [
          'Scenario',
          'Answers',
          'Time (slowest request)',
          'RSS before → peak',
          'Peak above idle',
          'Database busy after the answer',
          'Slowest liveness probe',
        ],
        transcripts.scenarios.map((s) => [
          s.scenario,
          s.statuses,
          `${ms(s.wallMs)} (${ms(s.slowestMs)})`,
          `${s.idleRssMb.toFixed(0)} → ${s.peakRssMb.toFixed(0)} MiB`,
          `${(s.peakRssMb - s.idleRssMb).toFixed(0)} MiB`,
          ms(s.busyAfterMs),
          ms(s.longestProbeMs),
        ]),
      ),
    );
    out('');
  }
  if (hostile) {
    out('Hostile input, each answered and refused by a real api process while GET /health/live is polled every 20 ms:\n');
    out(
      markdownTable(
        ['Scenario', 'Answers', 'Total', 'api CPU per request', '/health/live p50', '/health/live max'],
        hostile.scenarios.map((s) => [s.scenario, s.answers, ms(s.totalMs), ms(s.cpuMsPerRequest), ms(s.liveP50), ms(s.liveMax)]),
      ),
    );
    out(
      `\n${hostile.lockout.concurrent} simultaneous wrong passwords for one account from one address: ${hostile.lockout.evaluated} evaluated (401), ${hostile.lockout.refused} refused (429).\n`,
    );
  }
  if (ai) {
    const slowest = Math.max(...ai.rows.map((r) => r.p95));
    out(
      `Offline analysis (\`local\`, ${ai.source === 'datasets' ? 'QMSum/AMI transcripts' : 'a synthetic transcript'}), p95 of ${ai.runs} runs: ${ai.rows
        .map((r) => `${r.transcript} (${r.words.toLocaleString('en')} words) ${ms(r.p95)}`)
        .join('; ')}; goal < 1 s for ~20,000 words: ${slowest < 1000 ? 'pass' : '**fail**'}.\n`,
    );
  }
  out(
    `load average after the run ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: cleaning up…\n`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await describeMachine();
  let http: HttpListResult | undefined;
  let realtime: RealtimeFanoutResult | undefined;
  let transcripts: TranscriptsResult | undefined;
  let hostile: HostileInputResult | undefined;
  let ai: AiLocalResult | undefined;
  let rag: RagSearchResult | undefined;
  let rules: RulesBenchResult | undefined;
  let sync: SyncBenchResult | undefined;
  try {
    if (runs('http')) http = await runHttpList(cleanup);
    if (runs('realtime')) realtime = await runRealtimeFanout(cleanup);
    if (runs('transcripts')) transcripts = await runTranscripts(cleanup);
    if (runs('hostile')) hostile = await runHostileInput(cleanup);
    if (runs('ai')) ai = runAiLocal();
    if (runs('rag')) rag = await runRagSearch(cleanup);
    if (runs('rules')) rules = await runRules(cleanup);
    if (runs('sync')) sync = await runSync(cleanup);
  } finally {
    await cleanup.run();
  }
  summary(http, realtime, transcripts, hostile, ai);
  if (rag)
    out(
      `\nrag: query p95 ${ms(rag.p95)} (goal < 50 ms) at ${rag.perTenant.toLocaleString('en')} passages a tenant; ingestion ${rag.ingestChunksPerSecond.toFixed(0)} passages/s`,
    );
  if (rules)
    out(
      `\nrules: ${rules.eventsPerSecond.toFixed(0)} events/s through ${rules.rules} active rules; scheduled scans over ${rules.items.toLocaleString('en')} items: ${rules.scans
        .map((s) => `${s.rule} ${s.firstSeconds.toFixed(2)} s`)
        .join(', ')}`,
    );
  if (sync)
    out(
      `\nsync: a ${sync.events.toLocaleString('en')}-event calendar imported in ${sync.runs[0].seconds.toFixed(1)} s; re-runs: ${sync.runs
        .slice(1)
        .map((r) => `${r.run} ${r.seconds.toFixed(2)} s`)
        .join(', ')}`,
    );
  if (GUARD && http) {
    const ratio = http.app.requestsPerSecond / http.minimalNest.requestsPerSecond;
    if (ratio < GUARD_MIN_RATIO) {
      process.stderr.write(
        `\nBENCH_GUARD: the api serves ${ratio.toFixed(2)}× the minimal Nest app's requests/s, below the floor of ${GUARD_MIN_RATIO}×\n`,
      );
      process.exit(3);
    }
    out(`BENCH_GUARD: api / minimal Nest ${ratio.toFixed(2)}× ≥ ${GUARD_MIN_RATIO}×, passed`);
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`\nbenchmark FAILED: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
