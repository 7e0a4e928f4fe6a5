/** A deterministic small vector for a text, so protocol servers answer embeddings the same way every time. */
export function fakeVector(text: string, dimension = 8): number[] {
  const vector = Array.from({ length: dimension }, (_, i) => {
    let hash = 2166136261 ^ i;
    for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    return ((hash >>> 0) % 2000) / 1000 - 1;
  });
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** Tokens as these servers count them: whitespace-separated words, so tests can predict the figures. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
