import type { OnApplicationShutdown } from '@nestjs/common';
import type { ImmediateThrottlerStorage, ThrottlerStorageRecord } from './immediate-throttler.storage';

interface Window {
  hits: number;
  /** When the window's count starts over (epoch ms). */
  endsAt: number;
  /** Until when the key is refused (epoch ms), 0 when it is not. */
  blockedUntil: number;
}

/** Expired windows are dropped every this many increments, so memory follows the active keys. */
const SWEEP_EVERY = 10_000;

/**
 * The same fixed-window counting as RedisThrottlerStorage, in this process's
 * memory: one counter per key, so an increment costs the same however many
 * hits its window holds. (The framework's in-memory store keeps one expiry
 * per hit, filters them all on every request and takes Math.min over them
 * by spreading the array, which throws past ~130,000 hits in one window.)
 */
export class MemoryThrottlerStorage implements ImmediateThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private increments = 0;

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.incrementNow(key, ttl, limit, blockDuration, throttlerName));
  }

  incrementNow(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ThrottlerStorageRecord {
    return this.take(`${throttlerName}:${key}`, ttl, limit, blockDuration, Date.now());
  }

  /** Synchronous core of increment, with the clock as a parameter for tests. */
  take(id: string, ttl: number, limit: number, blockDuration: number, now: number): ThrottlerStorageRecord {
    if (++this.increments % SWEEP_EVERY === 0) this.sweep(now);
    let window = this.windows.get(id);
    if (!window || (window.endsAt <= now && window.blockedUntil <= now)) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    } else if (window.endsAt <= now) {
      // Still blocked past its window: the count starts over once the block lifts.
      window.hits = 0;
      window.endsAt = now + ttl;
    }
    const timeToExpire = Math.ceil((window.endsAt - now) / 1000);
    if (window.blockedUntil > now) {
      return {
        totalHits: Math.max(window.hits, limit + 1),
        timeToExpire,
        isBlocked: true,
        timeToBlockExpire: Math.ceil((window.blockedUntil - now) / 1000),
      };
    }
    window.hits++;
    if (window.hits > limit) {
      window.blockedUntil = now + blockDuration;
      return { totalHits: window.hits, timeToExpire, isBlocked: true, timeToBlockExpire: Math.ceil(blockDuration / 1000) };
    }
    return { totalHits: window.hits, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }

  onApplicationShutdown(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
  }
}
