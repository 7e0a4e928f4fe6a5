import { createCache } from 'cache-manager';
import { MetricsRegistry } from '../observability/metrics-registry';
import type { RedisConnection } from '../redis';
import { CacheService } from './cache.service';

const noRedis = { client: undefined } as unknown as RedisConnection;
/** Any object stands for a configured Redis: the service only asks whether there is a client. */
const withRedis = { client: {} } as unknown as RedisConnection;

describe('CacheService.getOrSetNow', () => {
  it('answers a hit in its own store synchronously, and a miss with a promise that computes and stores once', async () => {
    const cache = new CacheService(createCache(), new MetricsRegistry(), noRedis);
    const compute = jest.fn(async () => ({ userId: 'u1' }));

    const first = cache.getOrSetNow('session:1', 60_000, compute);
    expect(first).toBeInstanceOf(Promise);
    await expect(first).resolves.toEqual({ userId: 'u1' });

    const second = cache.getOrSetNow('session:1', 60_000, compute);
    expect(second).not.toBeInstanceOf(Promise);
    expect(second).toEqual({ userId: 'u1' });
    expect(compute).toHaveBeenCalledTimes(1);
    // getOrSet answers the same, as a promise.
    await expect(cache.getOrSet('session:1', 60_000, compute)).resolves.toEqual({ userId: 'u1' });
  });

  it('keeps a cached null (an ended session) as a hit, and counts hits and misses', async () => {
    const metrics = new MetricsRegistry();
    const cache = new CacheService(createCache(), metrics, noRedis);
    await cache.getOrSetNow('session:gone', 60_000, async () => null);
    expect(cache.getOrSetNow('session:gone', 60_000, async () => ({ userId: 'wrong' }))).toBeNull();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^quorum_cache_hits_total 1$/m);
    expect(text).toMatch(/^quorum_cache_misses_total 1$/m);
  });

  it('goes through the shared store, always as a promise, when Redis is configured', async () => {
    const store = createCache();
    const cache = new CacheService(store, new MetricsRegistry(), withRedis);
    const compute = jest.fn(async () => ['10.0.0.0/8']);
    const first = cache.getOrSetNow('tenant:t:ip-allowlist', 60_000, compute);
    expect(first).toBeInstanceOf(Promise);
    await expect(first).resolves.toEqual(['10.0.0.0/8']);
    const second = cache.getOrSetNow('tenant:t:ip-allowlist', 60_000, compute);
    expect(second).toBeInstanceOf(Promise);
    await expect(second).resolves.toEqual(['10.0.0.0/8']);
    expect(compute).toHaveBeenCalledTimes(1);
    await expect(store.get('tenant:t:ip-allowlist')).resolves.toEqual(['10.0.0.0/8']);
  });
});
