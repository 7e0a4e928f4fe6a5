import type { Decision } from '../analysis.types';
import type { CleanSegment, Sentence } from '../text/sentences';
import { AGREEMENT, cueStrength, DECISION_CUES, DISAGREEMENT } from './cue-patterns';
import { itemTitle } from './item-title';
import { meetingPositions } from './meeting-position';
import { selectMoments } from './moment-selection';

export const DECISION_THRESHOLD = 0.3;
const MIN_GAP_MS = 60_000;
/** How far after a proposal replies still count as agreeing with it. */
const REPLY_SEGMENTS = 5;
const REPLY_WINDOW_MS = 20_000;

/**
 * Decisions: sentences that state or propose a choice ("let's go with…", "we decided…", "it'll be…"), strengthened
 * when other speakers agree right after and weakened when they push back, and weighted towards the end of the
 * meeting, where choices are confirmed and recapped.
 */
export function extractDecisions(segments: readonly CleanSegment[], limit: number): Decision[] {
  const position = meetingPositions(segments);
  const candidates: {
    sentence: Sentence;
    score: number;
    startMs: number;
    order: number;
    terms: readonly string[];
    agreedBy: string[];
    replies: string[];
  }[] = [];
  for (const segment of segments) {
    const replies = repliesTo(segments, segment.index);
    for (const sentence of segment.sentences) {
      if (sentence.isBackchannel || sentence.terms.length < 2) continue;
      const cue = cueStrength(sentence.text, DECISION_CUES);
      const support = 0.3 * Math.min(2, replies.agreedBy.length) - 0.3 * Math.min(2, replies.disagreements);
      const isLastSentence = sentence === segment.sentences[segment.sentences.length - 1];
      // Replies answer the end of a turn, so only its last sentence earns them.
      const score = (cue + (isLastSentence ? support : 0)) * (0.25 + 0.75 * position[segment.index] ** 2);
      if (score > 0)
        candidates.push({
          sentence,
          score,
          startMs: sentence.startMs,
          order: sentence.index,
          terms: sentence.terms,
          agreedBy: isLastSentence ? replies.agreedBy : [],
          replies: replies.ids,
        });
    }
  }
  return selectMoments(candidates, limit, DECISION_THRESHOLD, MIN_GAP_MS).map(({ sentence, score, agreedBy, replies }) => ({
    title: itemTitle(sentence.text),
    agreedBy,
    confidence: Math.round(Math.min(1, score / 1.5) * 100) / 100,
    segmentIds: [sentence.segmentId, ...(agreedBy.length ? replies : [])],
    startMs: sentence.startMs,
    endMs: sentence.endMs,
  }));
}

/** Who agreed with segment `index` in the replies that follow it, and how many pushed back. */
function repliesTo(segments: readonly CleanSegment[], index: number): { agreedBy: string[]; disagreements: number; ids: string[] } {
  const proposer = segments[index].source.speaker;
  const end = segments[index].source.endMs;
  const agreedBy: string[] = [];
  const ids: string[] = [];
  let disagreements = 0;
  for (let i = index + 1; i < segments.length && i <= index + REPLY_SEGMENTS; i++) {
    const reply = segments[i];
    if (reply.source.startMs - end > REPLY_WINDOW_MS) break;
    const speaker = reply.source.speaker;
    if (speaker === null || speaker === proposer) continue;
    if (AGREEMENT.test(reply.text) && !agreedBy.includes(speaker)) {
      agreedBy.push(speaker);
      ids.push(reply.source.id);
    } else if (DISAGREEMENT.test(reply.text)) disagreements++;
  }
  return { agreedBy, disagreements, ids };
}
