import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { cpuSeconds } from './lib/processes';
import { envInt, percentile } from './lib/stats';

/**
 * The HTTP benchmark's load generator, in its own process so that it does not
 * share an event loop with the runner: bench/http-list.ts spawns it once per
 * measured round and reads the one `RESULT {json}` line it prints.
 *
 * Env: LOAD_TARGET (a name), LOAD_URL, LOAD_TOKEN (bearer token), LOAD_PID
 * (the server's pid, for its CPU time), LOAD_CONNECTIONS, LOAD_WARMUP_S, LOAD_DURATION_S.
 */

export interface HttpRoundResult {
  target: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  totalRequests: number;
  bytesPerResponse: number;
  /** CPU the server process used during the measured window (user + system), in seconds. */
  cpuSeconds: number;
  /** The longest any connection waited for its first answer (connection admission under load), warm-up included. */
  slowestFirstAnswer: number;
  /** The warm-up lasts until every connection has had an answer, at least LOAD_WARMUP_S. */
  warmupTookS: number;
  /** Every measured latency (ms), so the runner can take percentiles over all rounds. */
  latencies: number[];
}

export const RESULT_PREFIX = 'RESULT ';

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
async function measure(): Promise<HttpRoundResult> {
  const target = process.env.LOAD_TARGET ?? 'target';
  const url = process.env.LOAD_URL ?? '';
  const pid = envInt('LOAD_PID', 0, 0) || undefined;
  const connections = envInt('LOAD_CONNECTIONS', 100);
  const warmupS = envInt('LOAD_WARMUP_S', 3, 0);
  const durationS = envInt('LOAD_DURATION_S', 10);
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
    headers: { authorization: `Bearer ${process.env.LOAD_TOKEN ?? ''}` },
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
        cpuBefore = cpuSeconds(pid);
        return;
      }
      if (now >= windowEnd) {
        if (Number.isNaN(cpuAfter)) {
          cpuAfter = cpuSeconds(pid);
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
    cpuSeconds: cpuAfter - cpuBefore,
    slowestFirstAnswer,
    warmupTookS: (windowStart - started) / 1000,
    latencies,
  };
}

if (require.main === module) {
  measure().then(
    (result) => {
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`, () => process.exit(0));
    },
    (error: Error) => {
      process.stderr.write(`load worker: ${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
