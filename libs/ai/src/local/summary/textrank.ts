import { cosine, type TermVector } from '../text/term-vectors';

/**
 * TextRank/LexRank centrality over a windowed similarity graph: each sentence is linked only to the `window` sentences
 * on either side, so the graph has O(n·window) edges instead of O(n²) and a two-hour meeting ranks in milliseconds.
 * Topics in a meeting are contiguous, so the sentences that matter for a sentence's centrality are mostly near it.
 * Returns scores scaled to a maximum of 1.
 */
export function textRank(vectors: readonly TermVector[], window = 40, damping = 0.85, iterations = 30): number[] {
  const n = vectors.length;
  if (n === 0) return [];
  const neighbours: { j: number; w: number }[][] = vectors.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j <= Math.min(n - 1, i + window); j++) {
      const w = cosine(vectors[i], vectors[j]);
      if (w > 0.01) {
        neighbours[i].push({ j, w });
        neighbours[j].push({ j: i, w });
      }
    }
  }
  const outWeight = neighbours.map((edges) => edges.reduce((sum, e) => sum + e.w, 0));
  let rank = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    for (let i = 0; i < n; i++) {
      if (outWeight[i] === 0) continue;
      const share = (damping * rank[i]) / outWeight[i];
      for (const e of neighbours[i]) next[e.j] += share * e.w;
    }
    rank = next;
  }
  const max = rank.reduce((m, r) => Math.max(m, r), 0);
  return rank.map((r) => (max > 0 ? r / max : 0));
}
