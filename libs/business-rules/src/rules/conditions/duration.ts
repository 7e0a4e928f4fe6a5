const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SHORT = /^(\d{1,6})\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)$/i;
const ISO = /^P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?)?$/i;

/** The longest duration a rule may name: date arithmetic past it would leave JavaScript's date range. */
const MAX_MS = 100 * 365 * 86_400_000;

/**
 * A duration as rules write it: `30m`, `12h`, `3d`, `2w` (or spelt out: `3 days`), or ISO 8601 (`P3D`, `PT12H`,
 * `P1DT6H`). Months and years are refused: their length depends on the date, and a rule should mean one thing.
 * Null when the text is none of these.
 */
export function parseDuration(text: unknown): number | null {
  if (typeof text !== 'string' || text.length > 40) return null;
  const short = SHORT.exec(text.trim());
  let ms: number;
  if (short) ms = Number(short[1]) * UNIT_MS[short[2][0].toLowerCase() === 'm' ? 'm' : short[2][0].toLowerCase()];
  else {
    const iso = ISO.exec(text.trim());
    if (!iso || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return null;
    const [, w, d, h, m] = iso.map((part: string | undefined) => Number(part ?? 0));
    ms = w * UNIT_MS.w + d * UNIT_MS.d + h * UNIT_MS.h + m * UNIT_MS.m;
  }
  return ms > 0 && ms <= MAX_MS ? ms : null;
}
