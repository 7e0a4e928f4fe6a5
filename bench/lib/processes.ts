import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type SpawnedProcess, spawnNode, spawnTs } from '../../test/support/processes';

/** Enough of a child's output to explain a failure without holding a long run's log in memory. */
export const OUTPUT_TAIL_CHARS = 64 * 1024;
/** How long a benchmark waits for a process to answer: several start at once on a loaded machine. */
export const START_TIMEOUT_MS = 120_000;

let built = false;

/**
 * The api as its own process, as production runs it: compiled by
 * `npm run build` (once per benchmark run, into dist/) and started with node.
 * BENCH_API_FROM=source runs it from TypeScript through @swc-node/register
 * instead, as the tests do (start-up is slower and the RSS higher by the
 * compiler's ~90 MiB). BENCH_API_NODE_ARGS adds Node flags to every api
 * process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/quorum-prof" to see where its
 * time goes (Node refuses profiling flags in NODE_OPTIONS; the profile is
 * written at exit). The tail of its output is kept.
 */
export function spawnApi(name: string, env: Record<string, string>): SpawnedProcess {
  const nodeArgs = nodeArgsFrom(process.env.BENCH_API_NODE_ARGS);
  const options = { node: benchNode(), nodeArgs, keepOutputChars: OUTPUT_TAIL_CHARS };
  env = { NODE_OPTIONS: podNodeOptions(), ...env };
  if (apiFromSource()) return spawnTs(name, join('apps', 'api', 'src', 'main.ts'), env, options);
  if (!built) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    built = true;
  }
  return spawnNode(name, join('dist', 'apps', 'api', 'src', 'main.js'), env, options);
}

/**
 * BENCH_NODE: the Node binary the measured servers run on (every api process, and the HTTP benchmark's two
 * reference servers), e.g. the image's Node 24 from the npm registry's `node` package, while the runner and the
 * load generator stay on this one. Default: the runner's own.
 */
export function benchNode(): string {
  return process.env.BENCH_NODE || process.execPath;
}

/** The version of benchNode(), as it prints it. */
export function benchNodeVersion(): string {
  return execFileSync(benchNode(), ['--version'], { encoding: 'utf8' }).trim();
}

/**
 * BENCH_REF_NODE_ARGS: Node flags for the HTTP benchmark's two reference
 * servers (the minimal Nest app and the bare one), to profile them the same
 * way as the api and compare where each spends its time.
 */
export function referenceNodeArgs(): string[] {
  return nodeArgsFrom(process.env.BENCH_REF_NODE_ARGS);
}

function nodeArgsFrom(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

/**
 * The NODE_OPTIONS the api's pod runs with (deploy/k8s/api-deployment.yaml:
 * a V8 heap sized to the pod's memory limit), read from the manifest so the
 * benchmarks measure memory as production has it. Without a heap limit V8
 * sizes its heap to the machine (24 GiB here) and lets garbage pile up to
 * twice the RSS before it collects.
 */
export function podNodeOptions(): string {
  const manifest = readFileSync(join(ROOT, 'deploy', 'k8s', 'api-deployment.yaml'), 'utf8');
  const match = /- name: NODE_OPTIONS\s+value: "([^"]*)"/.exec(manifest);
  if (!match) throw new Error('deploy/k8s/api-deployment.yaml sets no NODE_OPTIONS for the api any more; update bench/lib/processes.ts');
  return match[1];
}

/** Whether the api runs from source (BENCH_API_FROM=source) rather than compiled. */
export function apiFromSource(): boolean {
  return process.env.BENCH_API_FROM === 'source';
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

/** A process's resident set (VmRSS in /proc/<pid>/status), in MiB; NaN where there is no /proc. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
