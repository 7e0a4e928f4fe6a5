import type { CleanSegment } from '../text/sentences';
import { topicShiftCue } from './cue-phrases';
import { depthScores, smooth } from './depth-scores';
import { lexicalCohesion } from './lexical-cohesion';

/** Inclusive segment-index ranges, in order, covering every segment. */
export interface TopicRange {
  first: number;
  last: number;
}

/** Weight of who-is-talking against what-is-said in the cohesion of a gap: a presentation ending is a topic ending too. */
const SPEAKER_WEIGHT = 0.25;
const CUE_WEIGHT = 0.1;
/**
 * A topic-shift cue said by the meeting's lead (whoever takes the most turns: the chair, who runs the agenda) weighs this
 * much more: "okay, next item" from the chair changes the subject far more often than the same words from anyone else.
 */
const LEAD_CUE_FACTOR = 2.5;
/**
 * A gap becomes a boundary only when its depth is an outlier: this many standard deviations above the mean depth. Pk
 * (and a reader) pays as much for a false boundary as for a missed one, and on meetings lexical cohesion is a weak
 * signal (QMSum's topics are barely found better than by one topic), so only the clearest drops are kept.
 */
const DEPTH_SDS = 2;

/**
 * Splits a meeting into topics: TextTiling's lexical cohesion over sliding term windows, blended with the cohesion of
 * the speaker mix in the same windows, smoothed, turned into depth scores, nudged by topic-shift cue phrases (more when the
 * meeting's lead says them); the deepest
 * gaps become boundaries as long as they stand out (two standard deviations above the mean depth) and no topic is
 * shorter than a window.
 */
export function segmentTopics(segments: readonly CleanSegment[]): TopicRange[] {
  const n = segments.length;
  if (n === 0) return [];
  const terms = segments.map((s) => s.sentences.flatMap((x) => x.terms));
  const totalTerms = terms.reduce((sum, t) => sum + t.length, 0);
  const block = Math.round(Math.min(300, Math.max(40, totalTerms / 8)));
  if (n < 3 || totalTerms < 4 * block) return [{ first: 0, last: n - 1 }];

  const lexical = lexicalCohesion(terms, block);
  const speakers = lexicalCohesion(
    segments.map((s, i) => terms[i].map(() => s.source.speaker ?? '?')),
    block,
  );
  const similarity = smooth(
    lexical.map((l, g) => (1 - SPEAKER_WEIGHT) * l + SPEAKER_WEIGHT * speakers[g]),
    2,
  );
  const lead = meetingLead(segments);
  const depth = depthScores(similarity).map((d, g) => {
    const next = segments[g + 1];
    return d + CUE_WEIGHT * topicShiftCue(next.text) * (lead !== null && next.source.speaker === lead ? LEAD_CUE_FACTOR : 1);
  });

  const mean = depth.reduce((a, b) => a + b, 0) / depth.length;
  const sd = Math.sqrt(depth.reduce((a, b) => a + (b - mean) ** 2, 0) / depth.length);
  const threshold = mean + DEPTH_SDS * sd;
  const termOffset: number[] = [];
  let offset = 0;
  for (const t of terms) {
    offset += t.length;
    termOffset.push(offset);
  }
  const maxTopics = Math.max(1, Math.min(10, Math.floor(totalTerms / block / 2)));
  const order = depth.map((d, g) => ({ d, g })).sort((a, b) => b.d - a.d || a.g - b.g);
  const cuts: number[] = [];
  for (const { d, g } of order) {
    if (d < threshold || cuts.length >= maxTopics - 1) break;
    const at = termOffset[g];
    const tooClose = [0, totalTerms, ...cuts.map((c) => termOffset[c])].some((other) => Math.abs(other - at) < block);
    if (!tooClose) cuts.push(g);
  }
  cuts.sort((a, b) => a - b);
  const ranges: TopicRange[] = [];
  let first = 0;
  for (const g of cuts) {
    ranges.push({ first, last: g });
    first = g + 1;
  }
  ranges.push({ first, last: n - 1 });
  return ranges;
}

/** The speaker who takes the most turns (the first of them on a tie), or null when no segment names a speaker. */
export function meetingLead(segments: readonly CleanSegment[]): string | null {
  const turns = new Map<string, number>();
  let lead: string | null = null;
  for (const segment of segments) {
    const speaker = segment.source.speaker;
    if (typeof speaker !== 'string' || speaker === '') continue;
    const count = (turns.get(speaker) ?? 0) + 1;
    turns.set(speaker, count);
    if (lead === null || count > (turns.get(lead) ?? 0)) lead = speaker;
  }
  return lead;
}
