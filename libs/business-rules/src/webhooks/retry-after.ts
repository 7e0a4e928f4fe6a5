/** A Retry-After header's wait in milliseconds (delta-seconds or an HTTP date), or 0 when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return 0;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}
