import { Injectable, Logger } from '@nestjs/common';
import { RedisConnection } from '../redis';

/** One limit a guess is counted against: a counter in a sliding window, and the lock it sets once it reaches `limit`. */
export interface AttemptLimit {
  counterKey: string;
  lockKey: string;
  limit: number;
  windowMs: number;
  /** The lock for the guess that reaches the limit; each guess past it doubles the lock, up to `lockMaxMs`. */
  lockBaseMs: number;
  lockMaxMs: number;
}

/** A guess that was let through: `counts[i]` is the count it brought `limits[i]` to. */
export interface AttemptGrant {
  allowed: true;
  counts: number[];
}

export type AttemptVerdict = AttemptGrant | { allowed: false; retryAfterMs: number };

/**
 * The check and the count of one guess in a single step, so that concurrent
 * guesses cannot all pass the check before any of them is counted: refused
 * while any lock holds; otherwise counted against every limit, and the guess
 * that reaches a limit sets its lock before it is evaluated, so later
 * guesses wait for it. Redis runs the step as one script; in memory it runs
 * without an await between check and count.
 */
const TAKE_SCRIPT = `
local wait = 0
for i = 2, #KEYS, 2 do
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl > wait then wait = ttl end
end
if wait > 0 then return {0, wait} end
local result = {1}
for i = 1, #KEYS / 2 do
  local counter, lock = KEYS[2 * i - 1], KEYS[2 * i]
  local limit, window, base, max = tonumber(ARGV[4 * i - 3]), tonumber(ARGV[4 * i - 2]), tonumber(ARGV[4 * i - 1]), tonumber(ARGV[4 * i])
  local count = redis.call('INCR', counter)
  redis.call('PEXPIRE', counter, window)
  if count >= limit then
    redis.call('SET', lock, '1', 'PX', math.floor(math.min(base * 2 ^ math.min(count - limit, 10), max)))
  end
  result[i + 1] = count
end
return result
`;

/** Gives back a guess that turned out legitimate, and lifts the lock it set, if it set one. */
const REFUND_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
if tonumber(ARGV[1]) >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[2]) end
return 1
`;

/**
 * Counts guesses per key in a sliding window and holds timed locks, in Redis
 * when configured (so every instance sees the same counts) and in memory
 * otherwise, or while Redis is unreachable. Used for login lockouts.
 */
@Injectable()
export class AttemptCounter {
  private readonly logger = new Logger('AttemptCounter');
  private readonly memory = new Map<string, { value: number; expiresAt: number }>();

  constructor(private readonly redis: RedisConnection) {}

  /** Lets one guess through against all the limits, or says how long to wait. */
  async take(limits: AttemptLimit[]): Promise<AttemptVerdict> {
    const client = this.redis.client;
    if (client) {
      try {
        const keys = limits.flatMap((l) => [l.counterKey, l.lockKey]);
        const args = limits.flatMap((l) => [l.limit, l.windowMs, l.lockBaseMs, l.lockMaxMs]);
        const [allowed, ...rest] = (await client.eval(TAKE_SCRIPT, keys.length, ...keys, ...args)) as number[];
        return allowed === 1 ? { allowed: true, counts: rest } : { allowed: false, retryAfterMs: rest[0] };
      } catch (error) {
        this.degraded(error);
      }
    }
    return this.takeInMemory(limits);
  }

  /** The guess counted as `count` against `limit` was not a guess after all (it succeeded): uncount it. */
  async refund(limit: AttemptLimit, count: number): Promise<void> {
    this.refundInMemory(limit, count);
    if (this.redis.client)
      await this.redis.client
        .eval(REFUND_SCRIPT, 2, limit.counterKey, limit.lockKey, count, limit.limit)
        .catch((error: unknown) => this.degraded(error));
  }

  /** Forgets the counts and locks of these keys. */
  async reset(...keys: string[]): Promise<void> {
    for (const key of keys) this.memory.delete(key);
    if (this.redis.client) await this.redis.client.del(...keys).catch((error: unknown) => this.degraded(error));
  }

  private takeInMemory(limits: AttemptLimit[]): AttemptVerdict {
    const now = Date.now();
    if (this.memory.size > 10_000) this.prune(now);
    const wait = Math.max(0, ...limits.map((l) => (this.live(l.lockKey, now)?.expiresAt ?? now) - now));
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    const counts = limits.map((l) => {
      const count = (this.live(l.counterKey, now)?.value ?? 0) + 1;
      this.memory.set(l.counterKey, { value: count, expiresAt: now + l.windowMs });
      if (count >= l.limit) this.memory.set(l.lockKey, { value: 1, expiresAt: now + lockDuration(l, count) });
      return count;
    });
    return { allowed: true, counts };
  }

  private refundInMemory(limit: AttemptLimit, count: number): void {
    const entry = this.live(limit.counterKey, Date.now());
    if (entry && entry.value > 0) entry.value -= 1;
    if (count >= limit.limit) this.memory.delete(limit.lockKey);
  }

  private live(key: string, now: number): { value: number; expiresAt: number } | undefined {
    const entry = this.memory.get(key);
    if (entry && entry.expiresAt <= now) {
      this.memory.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.memory) if (entry.expiresAt <= now) this.memory.delete(key);
  }

  private degraded(error: unknown): void {
    this.logger.warn(`Redis unavailable for attempt counting, using memory: ${(error as Error).message}`);
  }
}

/** The lock set by the guess that brought a counter to `count`: the base at the limit, doubling past it. */
export function lockDuration(limit: Pick<AttemptLimit, 'limit' | 'lockBaseMs' | 'lockMaxMs'>, count: number): number {
  return Math.min(limit.lockBaseMs * 2 ** Math.min(count - limit.limit, 10), limit.lockMaxMs);
}
