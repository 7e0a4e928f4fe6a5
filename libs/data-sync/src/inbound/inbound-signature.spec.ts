import { randomBytes } from 'node:crypto';
import { ProblemException } from '@quorum/platform';
import { Webhook } from 'standardwebhooks';
import { INBOUND_TOLERANCE_SECONDS, verifyInbound } from './inbound-signature';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const SECRET = secret();
const NOW = 1_796_000_000_000;
const body = Buffer.from('{"type":"meeting.upserted","data":{"title":"Zoë"}}');

function headers(id: string, seconds: number, signatures: string[]) {
  return { 'webhook-id': id, 'webhook-timestamp': String(seconds), 'webhook-signature': signatures.join(' ') };
}
const sign = (key: string, id: string, seconds: number, payload: Buffer | string = body) =>
  new Webhook(key).sign(id, new Date(seconds * 1000), payload.toString());
const slugOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return `${error.getStatus()} ${error.type.split('/').pop()}`;
    throw error;
  }
  return 'accepted';
};

describe('verifyInbound', () => {
  const at = Math.floor(NOW / 1000);

  it('accepts a valid signature and answers the message id', () => {
    expect(verifyInbound(SECRET, headers('msg_1', at, [sign(SECRET, 'msg_1', at)]), body, NOW)).toBe('msg_1');
  });

  it('accepts any one of several signatures (rotation), and refuses when none matches', () => {
    const old = secret();
    expect(verifyInbound(SECRET, headers('m', at, [sign(old, 'm', at), sign(SECRET, 'm', at)]), body, NOW)).toBe('m');
    expect(slugOf(() => verifyInbound(SECRET, headers('m', at, [sign(old, 'm', at)]), body, NOW))).toBe('401 webhook-signature-invalid');
    // Other versions are not ours to check, and do not count.
    const [, value] = sign(SECRET, 'm', at).split(',');
    expect(slugOf(() => verifyInbound(SECRET, headers('m', at, [`v1a,${value}`]), body, NOW))).toBe('401 webhook-signature-invalid');
  });

  it('binds the signature to the id, the timestamp and every byte of the body', () => {
    const signature = sign(SECRET, 'm', at);
    expect(slugOf(() => verifyInbound(SECRET, headers('n', at, [signature]), body, NOW))).toBe('401 webhook-signature-invalid');
    expect(slugOf(() => verifyInbound(SECRET, headers('m', at + 1, [signature]), body, NOW))).toBe('401 webhook-signature-invalid');
    const altered = Buffer.from(body);
    altered[altered.length - 3] ^= 1;
    expect(slugOf(() => verifyInbound(SECRET, headers('m', at, [signature]), altered, NOW))).toBe('401 webhook-signature-invalid');
  });

  it('refuses timestamps outside the tolerance, either way, and accepts them at its edge', () => {
    for (const skew of [-INBOUND_TOLERANCE_SECONDS - 1, INBOUND_TOLERANCE_SECONDS + 1])
      expect(slugOf(() => verifyInbound(SECRET, headers('m', at + skew, [sign(SECRET, 'm', at + skew)]), body, NOW))).toBe(
        '401 webhook-timestamp-out-of-tolerance',
      );
    for (const skew of [-INBOUND_TOLERANCE_SECONDS, INBOUND_TOLERANCE_SECONDS])
      expect(verifyInbound(SECRET, headers('m', at + skew, [sign(SECRET, 'm', at + skew)]), body, NOW)).toBe('m');
  });

  it('refuses missing headers, a timestamp that is not whole seconds and an id that cannot be kept', () => {
    expect(slugOf(() => verifyInbound(SECRET, {}, body, NOW))).toBe('401 webhook-signature-invalid');
    expect(
      slugOf(() => verifyInbound(SECRET, { ...headers('m', at, [sign(SECRET, 'm', at)]), 'webhook-timestamp': `${at}.5` }, body, NOW)),
    ).toBe('401 webhook-signature-invalid');
    expect(slugOf(() => verifyInbound(SECRET, headers('m m', at, [sign(SECRET, 'm m', at)]), body, NOW))).toBe('400 validation-failed');
    expect(slugOf(() => verifyInbound(SECRET, headers('x'.repeat(257), at, ['v1,x']), body, NOW))).toBe('400 validation-failed');
  });

  it('never puts the secret or the expected signature in its problems', () => {
    const expected = sign(SECRET, 'm', at).slice(3);
    try {
      verifyInbound(SECRET, headers('m', at, ['v1,AAAA']), body, NOW);
      throw new Error('accepted');
    } catch (error) {
      const text = JSON.stringify(error) + (error as Error).message;
      expect(text).not.toContain(SECRET.slice(6));
      expect(text).not.toContain(expected);
    }
  });
});
