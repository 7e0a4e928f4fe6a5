/**
 * TextTiling's depth score of every gap: how far similarity drops at the gap below the nearest peak on each side,
 * found by climbing while similarity keeps rising. Computed in O(n): the peak a climb from i reaches is the peak
 * a climb from its neighbour reaches whenever the climb steps there.
 */
export function depthScores(similarity: readonly number[]): number[] {
  const n = similarity.length;
  const leftPeak = new Array<number>(n);
  const rightPeak = new Array<number>(n);
  for (let i = 0; i < n; i++) leftPeak[i] = i > 0 && similarity[i - 1] >= similarity[i] ? leftPeak[i - 1] : similarity[i];
  for (let i = n - 1; i >= 0; i--) rightPeak[i] = i < n - 1 && similarity[i + 1] >= similarity[i] ? rightPeak[i + 1] : similarity[i];
  return similarity.map((s, i) => leftPeak[i] - s + (rightPeak[i] - s));
}

/** A centred moving average, so one odd gap does not make a boundary. */
export function smooth(values: readonly number[], radius: number): number[] {
  const prefix = [0];
  for (const v of values) prefix.push(prefix[prefix.length - 1] + v);
  return values.map((_v, i) => {
    const from = Math.max(0, i - radius);
    const to = Math.min(values.length, i + radius + 1);
    return (prefix[to] - prefix[from]) / (to - from);
  });
}
