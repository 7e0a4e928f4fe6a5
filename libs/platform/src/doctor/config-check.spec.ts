import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig, loadEnvFile } from './config-check';

describe('checkConfig', () => {
  it('passes a valid environment and hands back the config', () => {
    const { result, config } = checkConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) });
    expect(result).toEqual({ name: 'Configuration', ok: true, detail: 'valid (NODE_ENV=test; source: environment, no .env file)' });
    expect(config?.nodeEnv).toBe('test');
  });

  it("fails with the ConfigError's variable, problem and fix", () => {
    const { result, config } = checkConfig({ NODE_ENV: 'production' });
    expect(config).toBeUndefined();
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('JWT_SECRET is required when NODE_ENV=production (source: environment, no .env file)');
    expect(result.fix).toContain('openssl rand -base64 48');
  });

  it('does not echo a malformed DATABASE_URL, which may contain a password', () => {
    const { result } = checkConfig({ DATABASE_URL: 'mysql://root:hunter2-secret@db/x' });
    expect(result.ok).toBe(false);
    expect(`${result.detail} ${result.fix}`).not.toContain('hunter2-secret');
  });
});

describe('loadEnvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-env-'));
  const file = join(dir, 'custom.env');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('honours ENV_FILE and lets variables already in the environment win', () => {
    writeFileSync(file, 'FROM_FILE=file\nALREADY_SET=file\nQUOTED="a b"\n');
    const env: Record<string, string | undefined> = { ENV_FILE: file, ALREADY_SET: 'env' };
    expect(loadEnvFile(env)).toBe(file);
    expect(env).toEqual({ ENV_FILE: file, ALREADY_SET: 'env', FROM_FILE: 'file', QUOTED: 'a b' });
  });

  it('feeds what it loaded into the configuration check', () => {
    writeFileSync(file, 'NODE_ENV=production\n');
    const env: Record<string, string | undefined> = { ENV_FILE: file };
    const { result } = checkConfig(env, loadEnvFile(env));
    expect(result.detail).toBe(`JWT_SECRET is required when NODE_ENV=production (source: environment + ${file})`);
  });

  it('returns undefined when there is no file', () => {
    expect(loadEnvFile({ ENV_FILE: join(dir, 'missing.env') })).toBeUndefined();
  });
});
