/** A sparse TF-IDF vector, L2-normalised so that a dot product is a cosine. */
export type TermVector = Map<string, number>;

/** Inverse document frequencies over the given documents (each a list of terms): log(N / df), at least a small positive weight. */
export function inverseDocumentFrequencies(documents: readonly (readonly string[])[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const doc of documents) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = Math.max(1, documents.length);
  const idf = new Map<string, number>();
  for (const [term, count] of df) idf.set(term, Math.max(0.1, Math.log(n / count)));
  return idf;
}

export function tfidfVector(terms: readonly string[], idf: ReadonlyMap<string, number>): TermVector {
  const vector: TermVector = new Map();
  for (const term of terms) vector.set(term, (vector.get(term) ?? 0) + 1);
  let norm = 0;
  for (const [term, tf] of vector) {
    const weight = (1 + Math.log(tf)) * (idf.get(term) ?? 0.1);
    vector.set(term, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, weight] of vector) vector.set(term, weight / norm);
  return vector;
}

export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) {
    const other = large.get(term);
    if (other !== undefined) dot += weight * other;
  }
  return dot;
}

/** The normalised mean of the vectors: what the meeting is about as a whole. */
export function centroid(vectors: readonly TermVector[]): TermVector {
  const sum: TermVector = new Map();
  for (const vector of vectors) for (const [term, weight] of vector) sum.set(term, (sum.get(term) ?? 0) + weight);
  let norm = 0;
  for (const weight of sum.values()) norm += weight * weight;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [term, weight] of sum) sum.set(term, weight / norm);
  return sum;
}
