/**
 * Lexical cohesion across every gap between two segments, TextTiling-style (Hearst 1997): the cosine between the
 * term counts of the `block` terms before the gap and the `block` terms after it. Both windows slide one term at a time
 * and the dot product and norms are updated incrementally, so the whole transcript costs O(terms), not O(gaps × block).
 *
 * `termsBySegment[i]` are the content terms of segment i; the result has one value per gap (segments.length - 1).
 */
export function lexicalCohesion(termsBySegment: readonly (readonly string[])[], block: number): number[] {
  const stream: string[] = [];
  const gapAt: number[] = []; // gapAt[g] = number of terms before gap g (between segment g and g + 1)
  termsBySegment.forEach((terms, i) => {
    stream.push(...terms);
    if (i < termsBySegment.length - 1) gapAt.push(stream.length);
  });
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  const add = (side: Map<string, number>, other: Map<string, number>, term: string, delta: 1 | -1): void => {
    const before = side.get(term) ?? 0;
    const after = before + delta;
    if (after === 0) side.delete(term);
    else side.set(term, after);
    const otherCount = other.get(term) ?? 0;
    dot += delta * otherCount;
    const sq = after * after - before * before;
    if (side === left) leftNorm += sq;
    else rightNorm += sq;
  };
  // Windows for split point p: left = stream[p - block, p), right = stream[p, p + block).
  let leftStart = 0;
  let split = 0;
  let rightEnd = 0;
  const result: number[] = [];
  for (const p of gapAt) {
    while (rightEnd < Math.min(stream.length, p + block)) add(right, left, stream[rightEnd++], 1);
    while (split < p) {
      add(right, left, stream[split], -1);
      add(left, right, stream[split], 1);
      split++;
    }
    while (leftStart < p - block) add(left, right, stream[leftStart++], -1);
    result.push(leftNorm > 0 && rightNorm > 0 ? dot / Math.sqrt(leftNorm * rightNorm) : 0);
  }
  return result;
}
