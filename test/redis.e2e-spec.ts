import { CacheService, RedisConnection } from '@quorum/platform';
import Redis from 'ioredis';
import request from 'supertest';
import { hasRedisServerBinary, PrivateRedis } from './support/private-redis';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';
import { testRedisPrefix, testRedisUrl } from './support/test-database';

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

describeWithRedis('Redis-backed cache and rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ redis: true });
  });
  afterAll(() => t.close());

  it('reports Redis in the health report, and leaves it out of readiness', async () => {
    const ready = await request(t.server).get('/health/ready').expect(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['database', 'lifecycle', 'migrations']);
    const report = await request(t.server).get('/health').expect(200);
    expect(report.body).toMatchObject({ status: 'ok', redis: { status: 'up' } });
    expect(report.body.reasons).toBeUndefined();
  });

  it('stores cache entries in Redis under the configured key prefix', async () => {
    const cache = t.app.get(CacheService);
    await cache.set('greeting', { hello: 'world' }, 60_000);
    expect(await cache.get('greeting')).toEqual({ hello: 'world' });
    const raw = new Redis(testRedisUrl()!);
    try {
      const keys = await raw.keys(`${t.config.redisKeyPrefix}*greeting*`);
      expect(keys).toHaveLength(1);
    } finally {
      raw.disconnect();
    }
    await cache.del('greeting');
    expect(await cache.get('greeting')).toBeUndefined();
  });
});

describeWithRedis('rate limits shared by two instances through Redis', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // Same prefix: the two apps are two instances of one deployment.
    const env = { THROTTLE_LIMIT: '3', REDIS_KEY_PREFIX: testRedisPrefix() };
    a = await startTestApp({ redis: true, env });
    b = await startTestApp({ redis: true, env });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('counts requests to either instance against one limit', async () => {
    await request(a.server).get('/api/v1').expect(200);
    await request(b.server).get('/api/v1').expect(200);
    await request(a.server).get('/api/v1').expect(200);
    const limited = await request(b.server).get('/api/v1').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

(hasRedisServerBinary() ? describe : describe.skip)('when Redis goes away and comes back', () => {
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startTestApp({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'outage:' } });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('keeps serving requests on cache misses, stays ready, reports itself degraded, and recovers by itself', async () => {
    const cache = t.app.get(CacheService);
    await request(t.server).get('/health/ready').expect(200);
    await cache.set('k', 'v', 60_000);
    expect(await cache.get('k')).toBe('v');

    await redis.stop();
    await eventually(async () => !t.app.get(RedisConnection).ready);

    // Requests still succeed: the cache misses and the rate limiter counts in memory.
    const started = Date.now();
    await request(t.server).get('/api/v1').expect(200);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 'v2', 60_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    // This instance still serves, so it stays in the Service: a Redis blip must not empty every pod at once.
    await request(t.server).get('/health/ready').expect(200);
    const degraded = await request(t.server).get('/health').expect(200);
    expect(degraded.body).toMatchObject({ status: 'degraded', redis: { status: 'down' }, database: { status: 'up' } });
    expect(degraded.body.reasons).toEqual([expect.stringMatching(/^redis: /)]);

    await redis.start();
    await eventually(async () => (await request(t.server).get('/health')).body.status === 'ok');
    await request(t.server).get('/health/ready').expect(200);
    await cache.set('k', 'v3', 60_000);
    expect(await cache.get('k')).toBe('v3');
  });
});
