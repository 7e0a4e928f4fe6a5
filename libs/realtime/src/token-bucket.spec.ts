import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a full burst through at once, then refuses', () => {
    const bucket = new TokenBucket(20, 40, 0);
    for (let i = 0; i < 40; i++) expect(bucket.take(0)).toEqual({ allowed: true });
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterMs: 50 });
  });

  it('refills at the rate, never above the burst', () => {
    const bucket = new TokenBucket(20, 40, 0);
    for (let i = 0; i < 40; i++) bucket.take(0);
    expect(bucket.take(49).allowed).toBe(false);
    expect(bucket.take(50).allowed).toBe(true);
    expect(bucket.take(50).allowed).toBe(false);

    const idle = new TokenBucket(20, 40, 0);
    let allowed = 0;
    while (idle.take(3_600_000).allowed) allowed++;
    expect(allowed).toBe(40);
  });

  it('says how long until the next token, and refused attempts cost nothing', () => {
    const bucket = new TokenBucket(4, 1, 0);
    expect(bucket.take(0).allowed).toBe(true);
    expect(bucket.take(100)).toEqual({ allowed: false, retryAfterMs: 150 });
    expect(bucket.take(200)).toEqual({ allowed: false, retryAfterMs: 50 });
    expect(bucket.take(250)).toEqual({ allowed: true });
  });

  it('sustains exactly the rate under constant pressure', () => {
    const bucket = new TokenBucket(4, 2, 0);
    let allowed = 0;
    for (let t = 0; t <= 10_000; t += 125) if (bucket.take(t).allowed) allowed++;
    expect(allowed).toBe(2 + 40);
  });

  it('ignores a clock that steps back', () => {
    const bucket = new TokenBucket(1, 1, 1000);
    expect(bucket.take(1000).allowed).toBe(true);
    expect(bucket.take(0).allowed).toBe(false);
    expect(bucket.take(1999).allowed).toBe(false);
    expect(bucket.take(2000).allowed).toBe(true);
  });

  it('refuses nonsensical settings', () => {
    expect(() => new TokenBucket(0, 40)).toThrow(/positive rate/);
    expect(() => new TokenBucket(20, 0)).toThrow(/burst of at least 1/);
  });
});

describe('a token bucket charged by size', () => {
  it('takes the cost in tokens and says when enough have come back', () => {
    const bucket = new TokenBucket(1000, 3000, 0);
    expect(bucket.take(0, 2500)).toEqual({ allowed: true });
    expect(bucket.take(0, 1000)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(bucket.take(500, 1000)).toEqual({ allowed: true });
  });

  it('charges a cost above the burst as the burst, so a large message can pass once the bucket is full', () => {
    const bucket = new TokenBucket(1000, 3000, 0);
    expect(bucket.take(0, 10_000)).toEqual({ allowed: true });
    expect(bucket.take(0, 1)).toEqual({ allowed: false, retryAfterMs: 1 });
  });
});
