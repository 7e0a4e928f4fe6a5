import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** Enough of a child's output to explain a failure without holding a long run's log in memory. */
const OUTPUT_TAIL_CHARS = 64 * 1024;

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period; safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Runs a TypeScript entry point from source as its own process, with only the
 * environment given (plus PATH/HOME), as test/support/spawn-app.ts does, so
 * the numbers are those of a process an operator would start.
 */
export function spawnTs(name: string, entry: string, env: Record<string, string>, nodeArgs: string[] = []): BenchProcess {
  const child = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', '-r', 'tsconfig-paths/register', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_TAIL_CHARS * 2) output = output.slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { name, child, output: () => output.slice(-OUTPUT_TAIL_CHARS), exited, stop };
}

/**
 * BENCH_API_NODE_ARGS adds Node flags to every api process, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/quorum-prof" to see where its time goes
 * (Node refuses profiling flags in NODE_OPTIONS; the profile is written at exit).
 */
export function spawnApi(name: string, env: Record<string, string>): BenchProcess {
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  return spawnTs(name, join('apps', 'api', 'src', 'main.ts'), env, nodeArgs);
}

/** A port free on loopback right now (the tiny window before the child binds it is acceptable here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls a loopback URL until it answers `status`; fails with the process's output if it dies or takes too long. */
export async function waitForStatus(proc: BenchProcess, url: string, status = 200, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(`${proc.name} exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${url} answered:\n${proc.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} (${proc.name}) did not answer ${status} within ${timeoutMs} ms:\n${proc.output()}`);
}

let clockTicks: number | undefined;

/**
 * CPU time (user + system) a process has used so far, from /proc; NaN where
 * there is no /proc. Sampled around a load run, it gives CPU per request,
 * which the load generator and PostgreSQL competing for the same two cores
 * distort far less than requests per second.
 */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return Number.NaN;
  }
}
