/** Dimension of the local lexical vectors: enough that collisions among a meeting's vocabulary are rare. */
export const HASHED_EMBEDDING_DIMENSION = 512;

/** FNV-1a, 32 bits: fast, deterministic across processes and versions (unlike anything seeded). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A lexical embedding by feature hashing: lower-cased words and adjacent word pairs, each hashed to a
 * signed coordinate (the sign halves the bias collisions add), weighted 1 + ln(count), L2-normalised.
 * The same text always gives the same vector, and texts sharing words score high cosine similarity;
 * it knows nothing of meaning (synonyms, paraphrase), so it is the offline stand-in for a real model.
 */
export function hashedEmbedding(text: string, dimension = HASHED_EMBEDDING_DIMENSION): number[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  words.forEach((word, i) => {
    add(word);
    if (i > 0) add(`${words[i - 1]} ${word}`);
  });
  const vector = new Array<number>(dimension).fill(0);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    const sign = hash & 0x80000000 ? -1 : 1;
    vector[hash % dimension] += sign * (1 + Math.log(count));
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
