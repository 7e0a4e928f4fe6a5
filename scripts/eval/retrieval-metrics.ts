/** Where a question's first relevant passage came in a ranking (1-based), or null when none of the ranking is relevant. */
export function firstHitRank<T>(ranking: readonly T[], relevant: (item: T) => boolean): number | null {
  const index = ranking.findIndex(relevant);
  return index < 0 ? null : index + 1;
}

export interface RetrievalScores {
  recallAt5: number;
  recallAt10: number;
  mrr: number;
  questions: number;
}

/**
 * Recall@k as the share of questions with a relevant passage in the first k (each question's evidence counts once,
 * however many passages overlap it), and the mean reciprocal rank of the first relevant passage (0 when there is none in
 * the ranking, which is cut at 10).
 */
export function retrievalScores(ranks: readonly (number | null)[]): RetrievalScores {
  const n = ranks.length;
  const within = (k: number) => ranks.filter((r) => r !== null && r <= k).length / (n || Number.NaN);
  const mrr = ranks.reduce<number>((sum, r) => sum + (r !== null && r <= 10 ? 1 / r : 0), 0) / (n || Number.NaN);
  return { recallAt5: within(5), recallAt10: within(10), mrr, questions: n };
}

/** Whether a passage's turns overlap any inclusive evidence range. */
export const overlapsEvidence = (turns: readonly number[], evidence: readonly [number, number][]) =>
  turns.some((t) => evidence.some(([from, to]) => t >= from && t <= to));
