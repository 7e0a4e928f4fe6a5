import { randomBytes } from 'node:crypto';
import { AppConfig } from '@quorum/platform';
import { SecretBox, SecretUnreadableError } from './secret-box';

const key = () => randomBytes(32).toString('base64');
const box = (value: string) => new SecretBox(AppConfig.fromEnv({ NODE_ENV: 'test', SYNC_SECRETS_KEY: value }));
const TENANT = '6f1c1a52-0000-4000-8000-000000000001';

describe('SecretBox', () => {
  it('round-trips, and the ciphertext does not contain the secret', () => {
    const b = box(key());
    const sealed = b.seal('{"password":"hunter2-secret"}', TENANT);
    expect(sealed).not.toContain('hunter2');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(b.open(sealed, TENANT)).toBe('{"password":"hunter2-secret"}');
    expect(b.seal('same', TENANT)).not.toBe(b.seal('same', TENANT));
  });

  it('rotates: the first key seals, every listed key opens, a dropped key is named', () => {
    const [oldKey, newKey] = [key(), key()];
    const sealedOld = box(`old:${oldKey}`).seal('s3cret', TENANT);
    const rotated = box(`new:${newKey},old:${oldKey}`);
    expect(rotated.open(sealedOld, TENANT)).toBe('s3cret');
    const sealedNew = rotated.seal('s3cret', TENANT);
    expect(rotated.keyIdOf(sealedNew)).toBe('new');
    expect(() => box(`new:${newKey}`).open(sealedOld, TENANT)).toThrow(/key "old"/);
  });

  it('detects tampering and a ciphertext moved to another tenant', () => {
    const b = box(key());
    const sealed = b.seal('s3cret', TENANT);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => b.open(parts.join('.'), TENANT)).toThrow(SecretUnreadableError);
    expect(() => b.open(sealed, '6f1c1a52-0000-4000-8000-000000000002')).toThrow(SecretUnreadableError);
    expect(() => b.open('garbage', TENANT)).toThrow(SecretUnreadableError);
  });

  it('refuses a key that is not 32 bytes, and a missing key in production', () => {
    expect(() => box('c2hvcnQ=')).toThrow(/SYNC_SECRETS_KEY key "k1" is 5 bytes/);
    expect(() => AppConfig.fromEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/SYNC_SECRETS_KEY/);
  });
});
