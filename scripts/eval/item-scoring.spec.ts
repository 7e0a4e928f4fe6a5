import { precisionRecallF1, scoreMeeting } from './item-scoring';

describe('item scoring', () => {
  const labelled = [{ evidence: [100_000, 400_000] }, { evidence: [900_000] }, { evidence: [] }];

  it('matches a moment within ±30 s of any evidence start, and never an item without evidence', () => {
    expect(scoreMeeting([129_000, 371_000, 931_000, 0], labelled)).toEqual({
      extracted: 4,
      extractedMatched: 2,
      labelled: 3,
      labelledMatched: 1,
    });
  });

  it('counts at most 10 moments', () => {
    const moments = Array.from({ length: 12 }, () => 900_000);
    expect(scoreMeeting(moments, labelled)).toEqual({ extracted: 10, extractedMatched: 10, labelled: 3, labelledMatched: 1 });
  });

  it('micro-averages precision, recall and F1', () => {
    expect(precisionRecallF1({ extracted: 4, extractedMatched: 2, labelled: 2, labelledMatched: 1 })).toEqual({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
  });
});
