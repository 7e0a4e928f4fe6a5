/**
 * Openings that announce a new subject in spoken meetings ("okay, so", "moving on", "next item"). Discourse cues like these
 * are a known signal for topic boundaries in meetings (Galley et al. 2003, Passonneau & Litman 1997); they only add weight
 * to a boundary that lexical cohesion already suggests.
 */
const SHIFT_OPENING =
  /^(?:(?:okay|ok|alright|all right|right|so|now|well|good|great)\b[\s,.]*)+(?:so|now|next|then|let's|let us|we|the next|moving|anyway)?\b/i;
const SHIFT_ANYWHERE =
  /\b(?:moving on|move on to|next (?:item|point|thing|topic|question|one|on the agenda)|on the agenda|agenda|let's (?:talk|turn|look|go|move|start|discuss)|turn to|the next thing|another (?:thing|issue|question|item)|last (?:thing|item|point)|first (?:thing|item|point))\b/i;

/** 0 (no cue), 0.5 (an opening word such as "okay so"), 1 (an explicit shift such as "moving on to the next item"). */
export function topicShiftCue(text: string): number {
  if (SHIFT_ANYWHERE.test(text)) return 1;
  return SHIFT_OPENING.test(text) ? 0.5 : 0;
}
