import { ConfigError } from './config-error';

/**
 * Small parsers for environment variables. Each one throws a ConfigError that
 * names the variable, says what is wrong and how to fix it, so that a bad
 * deployment fails with one readable line instead of a stack trace.
 */
export type Env = Record<string, string | undefined>;

export function readString(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.trim();
}

export function readInt(
  env: Env,
  name: string,
  fallback: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new ConfigError(
      name,
      `must be a whole number, got "${raw}"`,
      `Set ${name} to a number between ${min} and ${max}, e.g. ${name}=${fallback}.`,
    );
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(
      name,
      `must be between ${min} and ${max}, got ${value}`,
      `Set ${name} to a number in that range, e.g. ${name}=${fallback}.`,
    );
  }
  return value;
}

/** A decimal number within [min, max], e.g. a weight. */
export function readNumber(env: Env, name: string, fallback: number, { min, max }: { min: number; max: number }): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new ConfigError(
      name,
      `must be a number between ${min} and ${max}, got "${raw}"`,
      `Set ${name} to a number in that range, e.g. ${name}=${fallback}.`,
    );
  }
  return value;
}

export function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  const normalised = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`, `Set ${name}=true or ${name}=false.`);
}

export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`, `Set ${name} to one of: ${allowed.join(', ')}.`);
  }
  return raw as T;
}

export function readUrl(env: Env, name: string, protocols: readonly string[]): URL | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      name,
      'is not a valid URL',
      `Use the form ${protocols[0]}//user:password@host:port/${name === 'REDIS_URL' ? '0' : 'database'}.`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`, `Use the form ${protocols[0]}//host:port/...`);
  }
  return url;
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses sizes such as `1mb`, `512kb` or `1048576` into bytes. */
export function readByteSize(env: Env, name: string, fallback: string): number {
  const raw = readString(env, name, fallback)!;
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(raw);
  if (!match) {
    throw new ConfigError(
      name,
      `must be a size such as 100kb or 1mb, got "${raw}"`,
      `Set ${name} to a number of bytes or a size with a unit (b, kb, mb, gb), e.g. ${name}=${fallback}.`,
    );
  }
  // The unit is optional: a bare number is bytes.
  const unit = match.at(2);
  const bytes = Math.floor(Number(match[1]) * SIZE_UNITS[(unit ?? 'b').toLowerCase()]);
  if (bytes < 1) {
    throw new ConfigError(name, 'must be at least 1 byte', `Set ${name}=${fallback}.`);
  }
  return bytes;
}
