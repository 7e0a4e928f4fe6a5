export type RetrievalLeg = 'lexical' | 'dense';

export interface FusionWeights {
  lexical: number;
  dense: number;
  /** RRF's constant: how much a first place outweighs a tenth (60 in Cormack et al., 2009). */
  k: number;
}

export interface Fused<T> {
  item: T;
  score: number;
  legs: RetrievalLeg[];
}

/**
 * Reciprocal-rank fusion: each leg's ranked list gives its items `weight / (k + rank)` (rank from 1), summed over
 * the legs that found them. Ranks, not scores, are combined, because BM25 and cosine similarity have no common
 * scale. Best first; ties go to the better lexical rank, then to the order items were first seen.
 */
export function reciprocalRankFusion<T extends { id: string }>(
  ranked: Partial<Record<RetrievalLeg, readonly T[]>>,
  weights: FusionWeights,
): Fused<T>[] {
  const fused = new Map<string, Fused<T> & { order: number; lexicalRank: number }>();
  for (const leg of ['lexical', 'dense'] as const) {
    (ranked[leg] ?? []).forEach((item, index) => {
      const share = weights[leg] / (weights.k + index + 1);
      const entry = fused.get(item.id);
      if (entry) {
        entry.score += share;
        entry.legs.push(leg);
      } else {
        fused.set(item.id, {
          item,
          score: share,
          legs: [leg],
          order: fused.size,
          lexicalRank: leg === 'lexical' ? index : Number.POSITIVE_INFINITY,
        });
      }
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.lexicalRank - b.lexicalRank || a.order - b.order)
    .map(({ item, score, legs }) => ({ item, score, legs }));
}
