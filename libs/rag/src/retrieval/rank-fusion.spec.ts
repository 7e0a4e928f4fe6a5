import { reciprocalRankFusion } from './rank-fusion';

const items = (...ids: string[]) => ids.map((id) => ({ id }));
const weights = { lexical: 1, dense: 1, k: 60 };

describe('reciprocalRankFusion', () => {
  it('sums each leg’s 1/(k + rank) and names the legs that found each item', () => {
    const fused = reciprocalRankFusion({ lexical: items('a', 'b', 'c'), dense: items('c', 'd') }, weights);
    expect(fused.map((f) => f.item.id)).toEqual(['c', 'a', 'b', 'd']); // b and d tie (1/62): b's lexical rank wins;
    expect(fused[0]).toMatchObject({ legs: ['lexical', 'dense'] });
    expect(fused[0].score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused.find((f) => f.item.id === 'd')).toMatchObject({ legs: ['dense'] });
    expect(fused.find((f) => f.item.id === 'a')!.score).toBeCloseTo(1 / 61, 12);
  });

  it('weights the legs', () => {
    const lexicalFirst = reciprocalRankFusion({ lexical: items('a'), dense: items('b') }, { ...weights, dense: 0.5 });
    expect(lexicalFirst.map((f) => f.item.id)).toEqual(['a', 'b']);
    const denseFirst = reciprocalRankFusion({ lexical: items('a'), dense: items('b') }, { ...weights, lexical: 0.5 });
    expect(denseFirst.map((f) => f.item.id)).toEqual(['b', 'a']);
    expect(denseFirst[1].score).toBeCloseTo(0.5 / 61, 12);
  });

  it('breaks ties by the lexical rank, then by first appearance, and keeps a single leg’s order', () => {
    expect(reciprocalRankFusion({ lexical: items('a'), dense: items('b') }, weights).map((f) => f.item.id)).toEqual(['a', 'b']);
    expect(reciprocalRankFusion({ dense: items('x', 'y', 'z') }, weights).map((f) => f.item.id)).toEqual(['x', 'y', 'z']);
    expect(reciprocalRankFusion({ lexical: [], dense: [] }, weights)).toEqual([]);
  });

  it('a smaller k favours the top of each list more', () => {
    // a: 1st lexically only; b: 3rd in both. With k = 1 a wins, with k = 60 b does.
    const ranked = { lexical: items('a', 'x', 'b'), dense: items('y', 'z', 'b') };
    expect(reciprocalRankFusion(ranked, { ...weights, k: 1 })[0].item.id).toBe('a');
    expect(reciprocalRankFusion(ranked, weights)[0].item.id).toBe('b');
  });
});
