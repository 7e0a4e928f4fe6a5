import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { MetricsRegistry } from '../observability/metrics-registry';

/**
 * The cache every module uses. A cache is an optimisation: when its store
 * (Redis) fails, reads become misses and writes are skipped, and the request
 * carries on against PostgreSQL.
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger('Cache');
  private lastWarning = 0;

  private readonly hits;
  private readonly misses;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    metrics: MetricsRegistry,
  ) {
    this.hits = metrics.counter('quorum_cache_hits_total', 'Cache reads that found a value.');
    this.misses = metrics.counter('quorum_cache_misses_total', 'Cache reads that found nothing (or could not reach the store).');
  }

  async get<T>(key: string): Promise<T | undefined> {
    let value: T | undefined;
    try {
      value = (await this.cache.get<T>(key)) ?? undefined;
    } catch (error) {
      this.warn(error);
    }
    (value === undefined ? this.misses : this.hits).inc();
    return value;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    try {
      await this.cache.set(key, value, ttlMs);
    } catch (error) {
      this.warn(error);
    }
  }

  async del(...keys: string[]): Promise<void> {
    try {
      await this.cache.mdel(keys);
    } catch (error) {
      this.warn(error);
    }
  }

  /** Returns the cached value, or computes, stores and returns it. */
  async getOrSet<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await compute();
    await this.set(key, value, ttlMs);
    return value;
  }

  private warn(error: unknown): void {
    // One line every 10 s is enough to show the cache is degraded without flooding the log.
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`cache unavailable, serving without it: ${(error as Error).message}`);
  }
}
