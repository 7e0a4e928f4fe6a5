import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { AppConfig } from './app-config';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Every variable the code reads, found in the config's sources so a new one cannot slip by undocumented. */
function variablesRead(): string[] {
  const source = readdirSync(__dirname)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && file !== 'env-parsers.ts')
    .map((file) => readFileSync(join(__dirname, file), 'utf8'))
    .join('\n');
  return [...source.matchAll(/read\w*\(env, '([A-Z_]+)'/g)].map((m) => m[1]).filter((name) => name !== 'npm_package_version');
}

describe('.env.example', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');

  it('documents every variable the configuration reads', () => {
    const variables = variablesRead();
    expect(variables.length).toBeGreaterThan(15);
    const missing = variables.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it('is itself a valid configuration', () => {
    expect(() => AppConfig.fromEnv(parseEnv(example) as Record<string, string>)).not.toThrow();
  });
});
