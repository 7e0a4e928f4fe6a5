/** Cache key of a session's liveness, shared by the strategy (reader) and the sessions service (invalidator). */
export const sessionCacheKey = (sessionId: string): string => `session:${sessionId}:holder`;

/** What the cache keeps of a live session: whose it is and the tenant it acts in. */
export interface SessionHolder {
  userId: string;
  tenantId: string;
}
/** Short, so even without Redis (one cache per instance) a revocation is seen everywhere within a minute. */
export const SESSION_CACHE_TTL_MS = 60_000;
