import { firstTokens, rouge, rougeL, rougeN, rougeTokens } from './rouge';

describe('ROUGE', () => {
  it('tokenises lower-case alphanumerics only', () => {
    expect(rougeTokens("The L_C_D, isn't {vocalsound} 25€!")).toEqual(['the', 'l', 'c', 'd', 'isn', 't', 'vocalsound', '25']);
  });

  it('scores identical texts 1 and disjoint texts 0', () => {
    expect(rouge('the cat sat', 'The cat sat.')).toEqual({ rouge1: 1, rouge2: 1, rougeL: 1 });
    expect(rouge('dogs bark', 'the cat sat')).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0 });
  });

  it('clips n-gram counts and computes F1 by hand-checked examples', () => {
    // system "the the the cat", reference "the cat sat": unigram overlap min(3,1)+min(1,1) = 2; P = 2/4, R = 2/3.
    expect(rougeN(['the', 'the', 'the', 'cat'], ['the', 'cat', 'sat'], 1)).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3));
    // bigrams: system {the the ×2, the cat}, reference {the cat, cat sat}: overlap 1; P = 1/3, R = 1/2.
    expect(rougeN(['the', 'the', 'the', 'cat'], ['the', 'cat', 'sat'], 2)).toBeCloseTo(0.4);
    // LCS("a b c d e", "a x c y e") = a c e = 3; P = R = 3/5.
    expect(rougeL(['a', 'b', 'c', 'd', 'e'], ['a', 'x', 'c', 'y', 'e'])).toBeCloseTo(0.6);
  });

  it('cuts a summary to a number of tokens', () => {
    expect(firstTokens('One, two. Three four!', 3)).toBe('one two three');
  });
});
