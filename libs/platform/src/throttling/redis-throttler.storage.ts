import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { MemoryThrottlerStorage } from './memory-throttler.storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Fixed-window counters in Redis, atomic through one Lua script, so a limit
 * holds across every api instance. Returns [hits, ms to window end, blocked, ms to unblock].
 */
const INCREMENT = `
local hitsKey = KEYS[1]
local blockKey = KEYS[2]
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockDuration = tonumber(ARGV[3])
local blockTtl = redis.call('PTTL', blockKey)
if blockTtl > 0 then
  return { tonumber(redis.call('GET', hitsKey) or limit + 1), math.max(redis.call('PTTL', hitsKey), 0), 1, blockTtl }
end
local hits = redis.call('INCR', hitsKey)
if hits == 1 then redis.call('PEXPIRE', hitsKey, ttl) end
local ttlLeft = redis.call('PTTL', hitsKey)
if ttlLeft < 0 then redis.call('PEXPIRE', hitsKey, ttl); ttlLeft = ttl end
if hits > limit then
  redis.call('SET', blockKey, 1, 'PX', blockDuration)
  return { hits, ttlLeft, 1, blockDuration }
end
return { hits, ttlLeft, 0, 0 }
`;

export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('Throttler');
  /** Used while Redis is unreachable: limits then hold per instance rather than not at all. */
  private readonly fallback = new MemoryThrottlerStorage();
  private degradedSince = 0;

  constructor(private readonly redis: Redis) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `throttle:${throttlerName}:${key}`;
    try {
      const [hits, ttlLeft, blocked, blockLeft] = (await this.redis.eval(
        INCREMENT,
        2,
        `${base}:hits`,
        `${base}:block`,
        ttl,
        limit,
        blockDuration,
      )) as number[];
      this.degradedSince = 0;
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(ttlLeft / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockLeft / 1000),
      };
    } catch (error) {
      if (!this.degradedSince) {
        this.degradedSince = Date.now();
        this.logger.warn(`Redis unavailable for rate limiting (${(error as Error).message}); counting in memory until it returns`);
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  /** Nest calls this on the storage provider; the fallback's counters go with the app. */
  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
  }
}
