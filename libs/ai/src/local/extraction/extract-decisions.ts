import type { Decision } from '../analysis.types';
import { isBackchannel } from '../text/backchannel';
import type { CleanSegment, Sentence } from '../text/sentences';
import { AGREEMENT, cueStrength, DECISION_CUES, DISAGREEMENT } from './cue-patterns';
import { itemTitle } from './item-title';
import { meetingPositions } from './meeting-position';
import { sameItem, selectMoments } from './moment-selection';

/**
 * A sentence needs at least this much decision wording or agreement of its own to be a candidate: one "yeah" after it
 * (0.3) is not enough, a decision cue or two speakers agreeing is.
 */
export const DECISION_THRESHOLD = 0.35;
const MIN_GAP_MS = 60_000;
/**
 * Two decisions are never cited within this long of each other: the sentences of one exchange ("let's use rubber",
 * "rubber, yeah, and the buttons too") are one item for a reader, and the context score would otherwise pile every
 * item of the list onto the one densest minute.
 */
const MIN_SPACING_MS = 15_000;
/**
 * Decisions are settled in stretches of discussion (options weighed, a proposal, agreement, a restatement), not in one
 * isolated sentence: a candidate's score adds the decision evidence of everything said within this long on either side.
 */
const CONTEXT_MS = 60_000;
/** How far after a proposal replies still count as agreeing with it. */
const REPLY_SEGMENTS = 5;
const REPLY_WINDOW_MS = 20_000;
/**
 * A discussion ends with its conclusion: a candidate said in the last minute of a topic (before the subject changes)
 * weighs this much more.
 */
const TOPIC_END_FACTOR = 1.3;
const TOPIC_END_MS = 60_000;

/**
 * Decisions: sentences that state or propose a choice ("let's go with…", "we decided…", "it'll be…"), strengthened
 * when other speakers agree right after and weakened when they push back, ranked by their own evidence plus the evidence
 * of the two minutes around them (a choice is made where a stretch of the meeting converges, not in a stray "let's"),
 * weighted towards the end of the meeting, where choices are confirmed and recapped, and towards the end of each topic,
 * where its discussion concludes.
 */
export function extractDecisions(
  segments: readonly CleanSegment[],
  limit: number,
  /** When each topic but the last ends (ms): where one discussion closes and the next opens. */
  topicEnds: readonly number[] = [],
): Decision[] {
  const position = meetingPositions(segments);
  const evidence: { sentence: Sentence; own: number; agreedBy: string[]; replies: string[]; segmentIndex: number }[] = [];
  for (const segment of segments) {
    const replies = repliesTo(segments, segment.index);
    const answered = answeredSentence(segment.sentences);
    for (const sentence of segment.sentences) {
      if (sentence.isBackchannel || sentence.terms.length < 2) continue;
      const cue = cueStrength(sentence.text, DECISION_CUES);
      const support = 0.3 * Math.min(2, replies.agreedBy.length) - 0.3 * Math.min(2, replies.disagreements);
      const earnsReplies = sentence === answered;
      const own = Math.max(0, cue + (earnsReplies ? support : 0));
      if (own > 0)
        evidence.push({
          sentence,
          own,
          agreedBy: earnsReplies ? replies.agreedBy : [],
          replies: earnsReplies ? replies.ids : [],
          segmentIndex: segment.index,
        });
    }
  }
  const context = windowSums(
    evidence.map((e) => e.sentence.startMs),
    evidence.map((e) => e.own),
    CONTEXT_MS,
  );
  const candidates = evidence
    .map((e, i) => ({
      ...e,
      score:
        (e.own + context[i]) *
        (0.25 + 0.75 * position[e.segmentIndex] ** 2) *
        (closesTopic(e.sentence.startMs, topicEnds) ? TOPIC_END_FACTOR : 1),
      startMs: e.sentence.startMs,
      order: e.sentence.index,
      terms: e.sentence.terms,
    }))
    .filter((c) => c.own >= DECISION_THRESHOLD);
  // An agreeing reply that restates the choice ("Agreed, let's go with the 15th") is part of the proposal it answers,
  // which its agreement already strengthens and which cites it: not a second decision.
  const answeredBy = new Map<string, typeof candidates>();
  for (const p of candidates) for (const id of p.replies) answeredBy.set(id, [...(answeredBy.get(id) ?? []), p]);
  const decisions = candidates.filter(
    (c) => !(answeredBy.get(c.sentence.segmentId) ?? []).some((p) => p !== c && sameItem(p.terms, c.terms)),
  );
  return selectMoments(decisions, limit, 0, MIN_GAP_MS, MIN_SPACING_MS).map(({ sentence, own, agreedBy, replies }) => ({
    title: itemTitle(sentence.text, { kind: 'decision' }),
    agreedBy,
    confidence: Math.round(Math.min(1, own / 1.5) * 100) / 100,
    segmentIds: [sentence.segmentId, ...(agreedBy.length ? replies : [])],
    startMs: sentence.startMs,
    endMs: sentence.endMs,
  }));
}

/**
 * The sentence of a turn that the replies after it answer: its last, unless that is a question put after a proposal
 * ("I propose we launch on the 15th. Does that work for everyone?"), which asks about the proposal: then the last
 * sentence before it that states or proposes a choice.
 */
function answeredSentence(sentences: readonly Sentence[]): Sentence | undefined {
  const last = sentences.at(-1);
  if (!last?.text.trimEnd().endsWith('?')) return last;
  for (let i = sentences.length - 2; i >= 0; i--)
    if (!sentences[i].isBackchannel && cueStrength(sentences[i].text, DECISION_CUES) > 0) return sentences[i];
  return last;
}

/** Whether a moment lies in the last {@link TOPIC_END_MS} before one of the topic ends (the moments the subject changes). */
function closesTopic(startMs: number, topicEnds: readonly number[]): boolean {
  return topicEnds.some((end) => end >= startMs && end - startMs <= TOPIC_END_MS);
}

/**
 * Who agreed with segment `index` in the replies that follow it, and how many pushed back. Replies answer the latest
 * thing said: once another speaker says something of their own (neither agreeing, pushing back nor a backchannel),
 * the "sounds good" after it is about that, not about this segment.
 */
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
    if (AGREEMENT.test(reply.text)) {
      if (!agreedBy.includes(speaker)) {
        agreedBy.push(speaker);
        ids.push(reply.source.id);
      }
    } else if (DISAGREEMENT.test(reply.text)) disagreements++;
    else if (!isBackchannel(reply.text)) break;
  }
  return { agreedBy, disagreements, ids };
}

/** For each moment (in time order), the sum of the weights of every moment within `radiusMs` of it, itself included. O(n). */
export function windowSums(times: readonly number[], weights: readonly number[], radiusMs: number): number[] {
  let from = 0;
  let to = 0;
  let sum = 0;
  return times.map((t) => {
    while (to < times.length && times[to] <= t + radiusMs) sum += weights[to++];
    while (from < to && times[from] < t - radiusMs) sum -= weights[from++];
    return sum;
  });
}
