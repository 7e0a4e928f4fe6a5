import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '@quorum/platform';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** The default (PASSWORD_HASH_COST=15): ~32 MiB and on the order of 100 ms per hash, costly for an attacker, bearable per login. */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
export const SCRYPT_SALT_BYTES = 32;
export const SCRYPT_KEY_BYTES = 64;

/**
 * Stored hashes come from our own database, but a corrupted or tampered row
 * must not be able to make a login allocate gigabytes or spin for minutes.
 */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** N*r*p, which time is proportional to: 16 times the default parameters, a few seconds. */
const MAX_WORK = 16 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r * SCRYPT_PARAMS.p;
const MIN_BYTES = 16;
const MAX_BYTES = 256;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PARAMS = /^N=(\d{1,8}),r=(\d{1,3}),p=(\d{1,3})$/;

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

/**
 * Hashes and verifies passwords with scrypt from Node's own crypto, so there
 * is no native module to build. The stored form names its parameters
 * (`scrypt$N=32768,r=8,p=1$<salt>$<hash>`), so old hashes keep verifying
 * after the parameters are raised and `needsRehash` tells login when to
 * upgrade one.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;
  /** What new hashes are made with: the default, or N = 2^PASSWORD_HASH_COST. */
  readonly params: Readonly<ScryptParams>;

  constructor(@Optional() config?: AppConfig) {
    const cost = config?.passwordHashCost;
    this.params = cost === undefined ? SCRYPT_PARAMS : Object.freeze({ ...SCRYPT_PARAMS, N: 2 ** cost });
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SCRYPT_SALT_BYTES);
    const key = await derive(password, salt, this.params, SCRYPT_KEY_BYTES);
    return format(this.params, salt, key);
  }

  /** False for a wrong password and for anything that is not a hash this class can read; never throws. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    try {
      const key = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
      return timingSafeEqual(key, parsed.hash);
    } catch {
      return false;
    }
  }

  /** True when the stored hash is unreadable or was made with other parameters than today's. */
  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    if (!parsed) return true;
    const { params, salt, hash } = parsed;
    return (
      params.N !== this.params.N ||
      params.r !== this.params.r ||
      params.p !== this.params.p ||
      salt.length !== SCRYPT_SALT_BYTES ||
      hash.length !== SCRYPT_KEY_BYTES
    );
  }

  /**
   * Spends as long as `verify` does on a real hash, then answers false. Login
   * calls it when the email is unknown so that response time does not reveal
   * which addresses have an account.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    // Hash of random bytes nobody knows: the result is irrelevant, only the work counts.
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64'));
    await this.verify(password, await this.dummyHash);
    return false;
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs a little over 128*N*r bytes, so Node's 32 MiB default rejects our parameters; allow twice that.
    maxmem: 128 * params.N * params.r * 2,
  };
  // NFC so a password typed on macOS (often NFD) matches the same one typed elsewhere.
  const input = password.normalize('NFC');
  return new Promise((resolve, reject) => {
    scrypt(input, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function format(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function parse(stored: unknown): ParsedHash | undefined {
  if (typeof stored !== 'string') return undefined;
  const fields = stored.split('$');
  if (fields.length !== 4 || fields[0] !== 'scrypt') return undefined;
  const match = PARAMS.exec(fields[1]);
  if (!match) return undefined;
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  // scrypt requires N to be a power of two above 1; the other bounds only cap the cost.
  if (params.N < 2 || (params.N & (params.N - 1)) !== 0 || params.r < 1 || params.p < 1) return undefined;
  if (128 * params.N * params.r > MAX_MEMORY_BYTES || params.N * params.r * params.p > MAX_WORK) return undefined;
  const salt = decodeBase64(fields[2]);
  const hash = decodeBase64(fields[3]);
  if (!salt || !hash) return undefined;
  return { params, salt, hash };
}

/** Buffer.from(…, 'base64') silently skips garbage, so a damaged field would otherwise decode to something shorter. */
function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length >= MIN_BYTES && bytes.length <= MAX_BYTES ? bytes : undefined;
}
