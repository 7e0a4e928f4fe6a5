/**
 * A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1):
 * the same seed gives the same sequence, so a generated test case or
 * benchmark input can be reproduced from its seed. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
