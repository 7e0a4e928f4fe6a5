import { Injectable, Logger } from '@nestjs/common';
import { RedisConnection } from '../redis';

/**
 * Counts events per key in a sliding expiry window and holds timed locks,
 * in Redis when configured (so every instance sees the same counts) and in
 * memory otherwise. Used for login lockouts and similar abuse limits.
 */
@Injectable()
export class AttemptCounter {
  private readonly logger = new Logger('AttemptCounter');
  private readonly memory = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly redis: RedisConnection) {}

  /** Adds one to the key's count (the window restarts with each hit) and returns the new count. */
  async hit(key: string, windowMs: number): Promise<number> {
    const client = this.redis.client;
    if (client) {
      try {
        const [[, count]] = (await client.multi().incr(key).pexpire(key, windowMs).exec()) as [[null, number], [null, number]];
        return count;
      } catch (error) {
        this.degraded(error);
      }
    }
    if (this.memory.size > 10_000) this.prune();
    const entry = this.live(key);
    const value = (entry?.value ?? 0) + 1;
    this.memory.set(key, { value, expiresAt: Date.now() + windowMs });
    return value;
  }

  async reset(...keys: string[]): Promise<void> {
    for (const key of keys) this.memory.delete(key);
    if (this.redis.client) await this.redis.client.del(...keys).catch((error: unknown) => this.degraded(error));
  }

  async lock(key: string, ms: number): Promise<void> {
    this.memory.set(key, { value: 1, expiresAt: Date.now() + ms });
    if (this.redis.client) await this.redis.client.set(key, '1', 'PX', ms).catch((error: unknown) => this.degraded(error));
  }

  /** Milliseconds left on a lock, 0 when not locked. */
  async lockedFor(key: string): Promise<number> {
    if (this.redis.client) {
      try {
        return Math.max(0, await this.redis.client.pttl(key));
      } catch (error) {
        this.degraded(error);
      }
    }
    const entry = this.live(key);
    return entry ? entry.expiresAt - Date.now() : 0;
  }

  private live(key: string): { value: number; expiresAt: number } | undefined {
    const entry = this.memory.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.memory.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, entry] of this.memory) if (entry.expiresAt <= now) this.memory.delete(key);
  }

  private degraded(error: unknown): void {
    this.logger.warn(`Redis unavailable for attempt counting, using memory: ${(error as Error).message}`);
  }
}
