/**
 * The baseline of `npm run eval:rag`: Okapi BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5) / (df + 0.5))) over
 * lower-cased runs of letters and digits (apostrophes dropped), no stop words, no stemming.
 */
export const bm25Tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

export class Bm25Index {
  private readonly docs: Map<string, number>[];
  private readonly lengths: number[];
  private readonly df = new Map<string, number>();
  private readonly avgdl: number;

  constructor(
    texts: readonly string[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.docs = texts.map((text) => {
      const tf = new Map<string, number>();
      for (const token of bm25Tokens(text)) tf.set(token, (tf.get(token) ?? 0) + 1);
      for (const token of tf.keys()) this.df.set(token, (this.df.get(token) ?? 0) + 1);
      return tf;
    });
    this.lengths = texts.map((text) => bm25Tokens(text).length);
    this.avgdl = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, texts.length) || 1;
  }

  /** Document indices by descending score (ties by index); documents sharing no term with the query are left out. */
  search(query: string, topK: number): number[] {
    const terms = [...new Set(bm25Tokens(query))];
    const n = this.docs.length;
    const scored: { i: number; score: number }[] = [];
    this.docs.forEach((tf, i) => {
      let score = 0;
      for (const term of terms) {
        const f = tf.get(term);
        if (!f) continue;
        const df = this.df.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * this.lengths[i]) / this.avgdl));
      }
      if (score > 0) scored.push({ i, score });
    });
    return scored
      .sort((x, y) => y.score - x.score || x.i - y.i)
      .slice(0, topK)
      .map((s) => s.i);
  }
}
