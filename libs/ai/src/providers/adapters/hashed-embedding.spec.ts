import { HASHED_EMBEDDING_DIMENSION, hashedEmbedding } from './hashed-embedding';

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);

describe('hashedEmbedding (local, lexical)', () => {
  it('is deterministic, unit length and of the fixed dimension', () => {
    const vector = hashedEmbedding('We agreed to ship the release on Friday.');
    expect(vector).toHaveLength(HASHED_EMBEDDING_DIMENSION);
    expect(hashedEmbedding('We agreed to ship the release on Friday.')).toEqual(vector);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 10);
  });

  it('scores shared words high and unrelated text low, ignoring case and punctuation', () => {
    const a = hashedEmbedding('Ship the release on Friday');
    expect(cosine(a, hashedEmbedding('ship THE release, on friday!'))).toBeCloseTo(1, 10);
    expect(cosine(a, hashedEmbedding('Friday we ship the release'))).toBeGreaterThan(0.5);
    expect(Math.abs(cosine(a, hashedEmbedding('budget spreadsheet for marketing')))).toBeLessThan(0.2);
  });

  it('gives the zero vector for text without words', () => {
    expect(hashedEmbedding('  …  ').every((value) => value === 0)).toBe(true);
  });
});
