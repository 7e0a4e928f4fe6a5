/** A scored moment of the transcript that may become an item. */
export interface ScoredMoment {
  score: number;
  startMs: number;
  /** Position among sentences, the tie-break that keeps the result deterministic. */
  order: number;
}

/**
 * The best moments, at most `limit`, none weaker than `threshold`, and none within `minGapMs` of a better one:
 * the same task is often said several times in a row, and one item per moment is what a reader wants.
 */
export function selectMoments<T extends ScoredMoment>(moments: readonly T[], limit: number, threshold: number, minGapMs: number): T[] {
  const ranked = [...moments].sort((a, b) => b.score - a.score || a.order - b.order);
  const chosen: T[] = [];
  for (const moment of ranked) {
    if (chosen.length >= limit || moment.score < threshold) break;
    if (chosen.some((c) => Math.abs(c.startMs - moment.startMs) < minGapMs)) continue;
    chosen.push(moment);
  }
  return chosen.sort((a, b) => a.startMs - b.startMs || a.order - b.order);
}
