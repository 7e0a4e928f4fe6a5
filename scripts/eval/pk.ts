/**
 * Beeferman's Pk (1999): the probability that two units k apart are wrongly judged to be in the same segment or in
 * different ones. Segmentations are given as one label per unit (turn); a change of label between neighbours is a boundary.
 * Lower is better; 0 is a perfect match.
 */
export function pk(reference: readonly number[], hypothesis: readonly number[], k: number): number {
  if (reference.length !== hypothesis.length) throw new Error('pk: the segmentations cover different numbers of units');
  const n = reference.length;
  const window = Math.max(1, Math.round(k));
  if (n <= window) return 0;
  const refId = runIds(reference);
  const hypId = runIds(hypothesis);
  let errors = 0;
  for (let i = 0; i + window < n; i++) {
    const sameRef = refId[i] === refId[i + window];
    const sameHyp = hypId[i] === hypId[i + window];
    if (sameRef !== sameHyp) errors++;
  }
  return errors / (n - window);
}

/** Each unit's contiguous run number, so a label that comes back later is a new segment. */
export function runIds(labels: readonly number[]): number[] {
  let run = 0;
  return labels.map((label, i) => (i > 0 && label !== labels[i - 1] ? ++run : run));
}

/** Half the mean length of the reference's segments, in units: the customary k. */
export function halfMeanSegmentLength(reference: readonly number[]): number {
  const runs = runIds(reference);
  const count = reference.length ? runs[runs.length - 1] + 1 : 1;
  return reference.length / count / 2;
}
