/** A labelled item: the start times (ms) of the dialogue acts that evidence it (none for the few sentences without evidence). */
export interface LabelledItem {
  evidence: readonly number[];
}

export interface ItemCounts {
  extracted: number;
  extractedMatched: number;
  labelled: number;
  labelledMatched: number;
}

export const TOLERANCE_MS = 30_000;

/** Whether a moment lies within ±30 s of the start of one of the item's evidence dialogue acts. */
export function matches(moment: number, item: LabelledItem): boolean {
  return item.evidence.some((start) => Math.abs(moment - start) <= TOLERANCE_MS);
}

/**
 * One meeting's counts as the AMI README defines them: an extracted moment is correct when it matches some labelled item,
 * a labelled item is found when some extracted moment matches it; at most 10 moments count.
 */
export function scoreMeeting(moments: readonly number[], labelled: readonly LabelledItem[], limit = 10): ItemCounts {
  const used = moments.slice(0, limit);
  return {
    extracted: used.length,
    extractedMatched: used.filter((m) => labelled.some((item) => matches(m, item))).length,
    labelled: labelled.length,
    labelledMatched: labelled.filter((item) => used.some((m) => matches(m, item))).length,
  };
}

export function addCounts(a: ItemCounts, b: ItemCounts): ItemCounts {
  return {
    extracted: a.extracted + b.extracted,
    extractedMatched: a.extractedMatched + b.extractedMatched,
    labelled: a.labelled + b.labelled,
    labelledMatched: a.labelledMatched + b.labelledMatched,
  };
}

export const NO_COUNTS: ItemCounts = { extracted: 0, extractedMatched: 0, labelled: 0, labelledMatched: 0 };

/** Micro-averaged precision, recall and F1 (0 to 1) over summed counts. */
export function precisionRecallF1(counts: ItemCounts): { precision: number; recall: number; f1: number } {
  const precision = counts.extracted ? counts.extractedMatched / counts.extracted : 0;
  const recall = counts.labelled ? counts.labelledMatched / counts.labelled : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}
