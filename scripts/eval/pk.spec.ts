import { halfMeanSegmentLength, pk, runIds } from './pk';

describe('Pk', () => {
  const reference = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];

  it('is 0 for a perfect segmentation', () => {
    expect(pk(reference, reference, 2)).toBe(0);
  });

  it('counts the probes that disagree, by hand', () => {
    // One topic, k = 2: the probes (i, i+2) that straddle a reference boundary are i = 2, 3, 6, 7: 4 of 10.
    expect(
      pk(
        reference,
        reference.map(() => 0),
        2,
      ),
    ).toBeCloseTo(0.4);
  });

  it('treats a label that comes back later as a new segment', () => {
    expect(runIds([0, 0, 1, 1, 0, 0])).toEqual([0, 0, 1, 1, 2, 2]);
    expect(halfMeanSegmentLength([0, 0, 1, 1, 0, 0])).toBe(1);
  });
});
