import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository root, where child processes run, as `npm start` does. Shared with the benchmarks (bench/lib). */
export const ROOT = join(__dirname, '..', '..');

export interface SpawnedProcess {
  name: string;
  child: ChildProcess;
  /** What it wrote to stdout and stderr (the last `keepOutputChars` characters of it). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period; safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  /** The Node binary; the one running this process by default. */
  node?: string;
  /** Node flags before the entry point. */
  nodeArgs?: string[];
  /** Keep only this much of the output (a long benchmark run); everything by default. */
  keepOutputChars?: number;
}

/**
 * Runs a TypeScript entry point from source as its own process, with only the environment given
 * (plus PATH/HOME), the way an operator would start it.
 */
export function spawnTs(name: string, entry: string, env: Record<string, string>, options: SpawnOptions = {}): SpawnedProcess {
  const { nodeArgs = [] } = options;
  return spawnNode(name, entry, env, { ...options, nodeArgs: [...nodeArgs, '-r', '@swc-node/register', '-r', 'tsconfig-paths/register'] });
}

/** Runs a JavaScript entry point (a compiled one, under dist/) as spawnTs runs TypeScript. */
export function spawnNode(name: string, entry: string, env: Record<string, string>, options: SpawnOptions = {}): SpawnedProcess {
  const { node = process.execPath, nodeArgs = [], keepOutputChars = Number.POSITIVE_INFINITY } = options;
  const child = spawn(node, [...nodeArgs, entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > keepOutputChars * 2) output = output.slice(-keepOutputChars);
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
  return { name, child, output: () => output.slice(-keepOutputChars), exited, stop };
}

/** The api or the worker, from its main.ts. */
export function spawnApp(entry: 'api' | 'worker', env: Record<string, string>, options?: SpawnOptions): SpawnedProcess {
  // The pool size of the test apps (test-app.ts says why), unless the test sets its own.
  return spawnTs(entry, join('apps', entry, 'src', 'main.ts'), { DB_POOL_MAX: '5', ...env }, options);
}

/** A port free on loopback right now (the tiny window before the child binds it is acceptable here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls a loopback URL until it answers `status`; fails with the process's output if it dies or takes too long. */
export async function waitForStatus(proc: SpawnedProcess, url: string, status = 200, timeoutMs = 60_000): Promise<void> {
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
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} (${proc.name}) did not answer ${status} within ${timeoutMs} ms:\n${proc.output()}`);
}
