/** A scored moment of the transcript that may become an item. */
export interface ScoredMoment {
  score: number;
  startMs: number;
  /** Position among sentences, the tie-break that keeps the result deterministic. */
  order: number;
  /** Content terms, to tell a repeat of the same item from a different one said just after it. */
  terms: readonly string[];
}

/** Share of terms in common (Jaccard); above this, two nearby moments are one item said twice. */
const SAME_ITEM_OVERLAP = 0.2;

/** Whether two moments' terms overlap enough to be the same item said twice. */
export function sameItem(a: readonly string[], b: readonly string[]): boolean {
  return overlap(a, b) >= SAME_ITEM_OVERLAP;
}

function overlap(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  const setB = new Set(b);
  let common = 0;
  for (const t of setA) if (setB.has(t)) common++;
  const union = setA.size + setB.size - common;
  return union ? common / union : 1;
}

/**
 * The best moments, at most `limit`, none weaker than `threshold`, and none that repeats a better one: the same task
 * is often said several times within a few seconds ("I'll send it. Yeah, I'll send the slides."), and a reader wants it once.
 * Two moments are one item when they are within `minGapMs` and share words (or share none at all, like "I'll do that"),
 * and, with `minSpacingMs`, whenever they are closer than that whatever their words (one exchange, one item).
 */
export function selectMoments<T extends ScoredMoment>(
  moments: readonly T[],
  limit: number,
  threshold: number,
  minGapMs: number,
  minSpacingMs = 0,
): T[] {
  const ranked = [...moments].sort((a, b) => b.score - a.score || a.order - b.order);
  const chosen: T[] = [];
  for (const moment of ranked) {
    if (chosen.length >= limit || moment.score < threshold) break;
    if (
      chosen.some((c) => {
        const apart = Math.abs(c.startMs - moment.startMs);
        return apart < minSpacingMs || (apart < minGapMs && sameItem(c.terms, moment.terms));
      })
    )
      continue;
    chosen.push(moment);
  }
  return chosen.sort((a, b) => a.startMs - b.startMs || a.order - b.order);
}
