import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { MetricsRegistry } from '../observability/metrics-registry';
import { RedisConnection } from '../redis';
import { MemoryCache } from './memory-cache';

/**
 * The cache every module uses: Redis through cache-manager when REDIS_URL is
 * set (shared by every instance), else a bounded map in this process
 * (MemoryCache). A cache is an optimisation: when its store (Redis) fails,
 * reads become misses and writes are skipped, and the request carries on
 * against PostgreSQL.
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger('Cache');
  private lastWarning = 0;

  private readonly hits;
  private readonly misses;
  /** Without Redis: this instance's own store, read without a promise per step. */
  private readonly local?: MemoryCache;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    metrics: MetricsRegistry,
    redis: RedisConnection,
  ) {
    if (!redis.client) this.local = new MemoryCache();
    this.hits = metrics.counter('quorum_cache_hits_total', 'Cache reads that found a value.');
    this.misses = metrics.counter('quorum_cache_misses_total', 'Cache reads that found nothing (or could not reach the store).');
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (this.local) return this.counted(this.local.get<T>(key));
    let value: T | undefined;
    try {
      value = (await this.cache.get<T>(key)) ?? undefined;
    } catch (error) {
      this.warn(error);
    }
    return this.counted(value);
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (this.local) return this.local.set(key, value, ttlMs);
    try {
      await this.cache.set(key, value, ttlMs);
    } catch (error) {
      this.warn(error);
    }
  }

  async del(...keys: string[]): Promise<void> {
    if (this.local) return this.local.del(keys);
    try {
      await this.cache.mdel(keys);
    } catch (error) {
      this.warn(error);
    }
  }

  /** Returns the cached value, or computes, stores and returns it. */
  async getOrSet<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    return this.getOrSetNow(key, ttlMs, compute);
  }

  /**
   * getOrSet for the hot path: a hit in this instance's own store (no Redis)
   * is returned as it is, not in a promise, so a caller that checks for one
   * can go on synchronously. Two of these sit on every authenticated request,
   * and with async hooks enabled (the request context) every promise a
   * request makes has a price.
   */
  getOrSetNow<T>(key: string, ttlMs: number, compute: () => Promise<T>): T | Promise<T> {
    if (this.local) {
      const cached = this.counted(this.local.get<T>(key));
      if (cached !== undefined) return cached;
    }
    return this.getOrCompute(key, ttlMs, compute);
  }

  private async getOrCompute<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    // Without Redis the local store was just read (a miss); with it, the read is the remote one.
    const cached = this.local ? undefined : await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await compute();
    await this.set(key, value, ttlMs);
    return value;
  }

  private counted<T>(value: T | undefined): T | undefined {
    (value === undefined ? this.misses : this.hits).inc();
    return value;
  }

  private warn(error: unknown): void {
    // One line every 10 s is enough to show the cache is degraded without flooding the log.
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`cache unavailable, serving without it: ${(error as Error).message}`);
  }
}
