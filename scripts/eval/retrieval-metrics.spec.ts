import { firstHitRank, overlapsEvidence, retrievalScores } from './retrieval-metrics';

describe('retrieval metrics', () => {
  it('finds the first relevant rank and scores recall and MRR', () => {
    expect(firstHitRank([1, 2, 3], (x) => x >= 2)).toBe(2);
    expect(firstHitRank([1], () => false)).toBeNull();
    const s = retrievalScores([1, 2, 6, null]);
    expect(s.recallAt5).toBe(0.5);
    expect(s.recallAt10).toBe(0.75);
    expect(s.mrr).toBeCloseTo((1 + 0.5 + 1 / 6) / 4);
  });

  it('counts a passage as a hit when its turns overlap an inclusive range', () => {
    expect(overlapsEvidence([3, 4], [[4, 9]])).toBe(true);
    expect(overlapsEvidence([10, 11], [[4, 9]])).toBe(false);
  });
});
