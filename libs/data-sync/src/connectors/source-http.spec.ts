import { redact, retryAfterMs } from './source-http';
import { TokenBucket } from './token-bucket';

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs(['3', '9'])).toBe(3000);
  });
});

describe('redact', () => {
  it('drops the query string and user info, where tokens travel', () => {
    expect(redact('https://user:pw@cal.example.com/feed.ics?token=secret')).toBe('https://cal.example.com/feed.ics');
    expect(redact('not a url')).toBe('(an unreadable URL)');
  });
});

describe('TokenBucket', () => {
  it('gives a burst at once, then one token per interval', async () => {
    let now = 0;
    const bucket = new TokenBucket(600, 2, () => now);
    const signal = new AbortController().signal;
    await bucket.take(signal);
    await bucket.take(signal);
    let third = false;
    const waiting = bucket.take(signal).then(() => (third = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBe(false);
    now = 100; // 600 a minute: one every 100 ms
    await waiting;
    expect(third).toBe(true);
  });

  it('stops waiting when the run is aborted', async () => {
    const bucket = new TokenBucket(1, 1, () => 0);
    const controller = new AbortController();
    await bucket.take(controller.signal);
    const waiting = bucket.take(controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});
