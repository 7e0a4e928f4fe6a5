interface Entry {
  json: string;
  expiresAt: number;
}

/** Enough for every live session and tenant of one instance; past it the oldest entry goes first. */
export const MEMORY_CACHE_MAX_ENTRIES = 50_000;

/**
 * The cache of a single instance (no REDIS_URL): a Map in this process,
 * bounded in entries, each with its time to live. Synchronous, so a hit
 * costs a lookup rather than a chain of promises through a store adapter
 * (every authenticated request reads two entries). Values are kept as JSON
 * and parsed on every read, so a caller gets its own copy, as from Redis.
 * Expired entries go when read, and the oldest written when the bound is hit.
 */
export class MemoryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = MEMORY_CACHE_MAX_ENTRIES) {}

  get size(): number {
    return this.entries.size;
  }

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return JSON.parse(entry.json) as T;
  }

  set(key: string, value: unknown, ttlMs: number): void {
    const json = JSON.stringify(value) as string | undefined;
    // Re-inserted, so a rewritten key counts as the newest.
    this.entries.delete(key);
    if (json === undefined || ttlMs <= 0) return;
    this.entries.set(key, { json, expiresAt: Date.now() + ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  del(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key);
  }
}
