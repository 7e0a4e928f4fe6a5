import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckResult, pass } from './check';

const NAME = 'Node.js';
/** Used when package.json cannot be read or states its range in a form we do not parse. */
const FALLBACK_MINIMUM = '20.19.0';

export function readEnginesNode(packageJsonPath = join(__dirname, '..', '..', '..', '..', 'package.json')): string | undefined {
  try {
    const engines = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { engines?: { node?: unknown } }).engines;
    return typeof engines?.node === 'string' ? engines.node : undefined;
  } catch {
    return undefined;
  }
}

/** The lower bound of a `>=x.y[.z]` range; only that form is used by this project, so anything else falls back. */
export function minimumFromRange(range: string | undefined): string {
  const match = range ? /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range) : null;
  if (!match) return FALLBACK_MINIMUM;
  // Minor and patch are optional groups.
  return [match[1], match.at(2) ?? '0', match.at(3) ?? '0'].join('.');
}

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split(/[.-]/)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0);
}

export function isAtLeast(version: string, minimum: string): boolean {
  const have = parts(version);
  const need = parts(minimum);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}

export function checkNode(version = process.version, range = readEnginesNode()): CheckResult {
  const minimum = minimumFromRange(range);
  if (isAtLeast(version, minimum)) return pass(NAME, `${version} (requires >= ${minimum})`);
  const major = minimum.split('.')[0];
  return {
    name: NAME,
    ok: false,
    detail: `${version} is too old (requires >= ${minimum})`,
    fix: `Install Node.js ${minimum} or newer, e.g. \`nvm install ${major} && nvm use ${major}\`, then run \`npm ci\` again so native modules match.`,
  };
}
