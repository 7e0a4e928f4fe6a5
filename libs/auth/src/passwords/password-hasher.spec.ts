import { randomBytes, scryptSync } from 'node:crypto';
import { AppConfig } from '@quorum/platform';
import { PasswordHasher, SCRYPT_KEY_BYTES, SCRYPT_SALT_BYTES } from './password-hasher';

const FORMAT = /^scrypt\$N=32768,r=8,p=1\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

/** A hash in the stored format made with other parameters, as a future parameter change would leave behind. */
function legacyHash(password: string, N: number, r: number, p: number, keyBytes = SCRYPT_KEY_BYTES): string {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const key = scryptSync(password, salt, keyBytes, { N, r, p, maxmem: 256 * N * r });
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function elapsedMs(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  const password = 'correct-Horse7-battery';

  it('verifies the password it hashed and rejects another', async () => {
    const stored = await hasher.hash(password);
    await expect(hasher.verify(password, stored)).resolves.toBe(true);
    await expect(hasher.verify('correct-Horse7-batterY', stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('stores a self-describing string with a 32-byte salt and a 64-byte key', async () => {
    const stored = await hasher.hash(password);
    const match = FORMAT.exec(stored);
    expect(match).not.toBeNull();
    expect(Buffer.from(match![1], 'base64')).toHaveLength(32);
    expect(Buffer.from(match![2], 'base64')).toHaveLength(64);
  });

  it('salts every hash', async () => {
    const [first, second] = await Promise.all([hasher.hash(password), hasher.hash(password)]);
    expect(first).not.toBe(second);
  });

  it('treats canonically equivalent Unicode spellings as the same password', async () => {
    const stored = await hasher.hash('Caf\u00e9-Horse7-battery');
    await expect(hasher.verify('Cafe\u0301-Horse7-battery', stored)).resolves.toBe(true);
  });

  describe('malformed stored values', () => {
    let valid: string;
    beforeAll(async () => {
      valid = await hasher.hash(password);
    });

    it.each([
      ['empty', () => ''],
      ['another algorithm', () => valid.replace(/^scrypt/, 'bcrypt')],
      ['missing field', () => valid.split('$').slice(0, 3).join('$')],
      ['extra field', () => `${valid}$x`],
      ['unparsable parameters', () => valid.replace('N=32768', 'N=lots')],
      ['N not a power of two', () => valid.replace('N=32768', 'N=30000')],
      ['r of zero', () => valid.replace('r=8', 'r=0')],
      ['unaffordable parameters', () => valid.replace('N=32768', 'N=33554432')],
      ['invalid base64 salt', () => valid.replace(/\$[^$]+\$([^$]+)$/, '$!!notbase64!!$$$1')],
      ['hash cut mid-base64', () => valid.slice(0, -3)],
      ['hash too short to mean anything', () => valid.replace(/[^$]+$/, Buffer.alloc(8).toString('base64'))],
      ['a bcrypt hash', () => '$2b$12$KIXQJYtGkE0HuxN1hQ8aOeW5Tz1iZ3h7b7N0J3jXq2fM5rKpZ6xO2'],
      ['not a string', () => null as unknown as string],
    ])('%s: verify is false and needsRehash is true', async (_label, stored) => {
      await expect(hasher.verify(password, stored())).resolves.toBe(false);
      expect(hasher.needsRehash(stored())).toBe(true);
    });
  });

  it('verifies hashes made with other parameters and asks for them to be rehashed', async () => {
    const older = legacyHash(password, 2 ** 14, 8, 1);
    await expect(hasher.verify(password, older)).resolves.toBe(true);
    expect(hasher.needsRehash(older)).toBe(true);
    expect(hasher.needsRehash(legacyHash(password, 2 ** 15, 4, 1))).toBe(true);
    expect(hasher.needsRehash(legacyHash(password, 2 ** 15, 8, 1, 32))).toBe(true);
    expect(hasher.needsRehash(await hasher.hash(password))).toBe(false);
  });

  it('answers false for the dummy and spends about as long as a real verification', async () => {
    const stored = await hasher.hash(password);
    // The first call also computes the dummy hash; only the steady state matters to login.
    await expect(hasher.verifyAgainstDummy(password)).resolves.toBe(false);

    let real = 0;
    let dummy = 0;
    for (let run = 0; run < 3; run++) {
      real += await elapsedMs(() => hasher.verify(password, stored));
      dummy += await elapsedMs(() => hasher.verifyAgainstDummy(password));
    }
    expect(dummy).toBeGreaterThanOrEqual(real / 2);
  });

  it('makes new hashes with N = 2^PASSWORD_HASH_COST, keeps verifying the others and asks for them to be rehashed', async () => {
    const raised = new PasswordHasher(AppConfig.fromEnv({ PASSWORD_HASH_COST: '16' }));
    const stored = await raised.hash(password);
    expect(stored).toMatch(/^scrypt\$N=65536,r=8,p=1\$/);
    await expect(raised.verify(password, stored)).resolves.toBe(true);
    expect(raised.needsRehash(stored)).toBe(false);

    const older = await hasher.hash(password);
    await expect(raised.verify(password, older)).resolves.toBe(true);
    expect(raised.needsRehash(older)).toBe(true);
    expect(hasher.needsRehash(stored)).toBe(true);
  });
});
