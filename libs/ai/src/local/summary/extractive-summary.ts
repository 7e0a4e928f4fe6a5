import type { Summary, SummarySentence } from '../analysis.types';
import type { Sentence } from '../text/sentences';
import { centroid, cosine, inverseDocumentFrequencies, type TermVector, tfidfVector } from '../text/term-vectors';
import { words } from '../text/tokens';
import { compressSentence } from './compress-sentence';
import { textRank } from './textrank';

export interface SummaryOptions {
  maxWords: number;
  /** Inclusive sentence-index ranges of the topics, for one key point per topic. */
  topicRanges: readonly { first: number; last: number }[];
}

/** Sentences shorter than this say too little to stand alone in a summary. */
const MIN_CONTENT_TERMS = 4;
/** Weight of relevance against novelty in maximal marginal relevance. */
const MMR_LAMBDA = 0.7;
/** A summary's key points: one per topic, at least this many where the meeting says that much, at most this many. */
const MIN_KEY_POINTS = 3;
const MAX_KEY_POINTS = 10;

/**
 * Extractive summary: sentences are scored by windowed TextRank centrality and by similarity to the meeting's centroid
 * (what the meeting as a whole is about), damped for short ones. Each topic's best sentence comes first, so every part of
 * the meeting is covered in order; the rest of the budget goes by maximal marginal relevance, so that a second sentence
 * saying the same thing loses to one that adds something. Sentences are compressed (discourse markers, hedges and tags
 * dropped) and the budget counts the compressed words. Backchannels, questions and fragments are never candidates.
 */
export function extractiveSummary(sentences: readonly Sentence[], options: SummaryOptions): Summary {
  const candidates = sentences.filter((s) => !s.isBackchannel && !s.isQuestion && s.terms.length >= MIN_CONTENT_TERMS);
  if (!candidates.length) return { overview: '', sentences: [], keyPoints: [] };
  const idf = inverseDocumentFrequencies(candidates.map((s) => s.terms));
  const vectors = candidates.map((s) => tfidfVector(s.terms, idf));
  const central = centroid(vectors);
  const ranks = textRank(vectors);
  const scores = candidates.map((s, i) => {
    const lengthFactor = Math.min(1, s.terms.length / 12);
    return (0.5 * ranks[i] + 0.5 * cosine(vectors[i], central)) * lengthFactor;
  });

  const texts = candidates.map((s) => compressSentence(s.text));
  const lengths = texts.map((t) => words(t).length);
  // Every topic first gets its best sentence (a summary that covers each part of the meeting in order), then the rest
  // of the budget goes by maximal marginal relevance.
  const seeds = bestPerTopic(candidates, scores, options.topicRanges);
  const chosen = selectByMmr(lengths, vectors, scores, options.maxWords, seeds);
  const picked = chosen.sort((a, b) => a - b).map((i) => toSummarySentence(candidates[i], texts[i]));
  return {
    overview: picked.map((s) => s.text).join(' '),
    sentences: picked,
    keyPoints: keyPoints(candidates, scores, options.topicRanges, lengths, vectors),
  };
}

function selectByMmr(
  lengths: readonly number[],
  vectors: readonly TermVector[],
  scores: readonly number[],
  maxWords: number,
  seeds: readonly number[] = [],
  maxCount = Infinity,
): number[] {
  // Only the best few hundred can ever be picked for a summary of a few hundred words; MMR over them stays cheap.
  const pool = scores
    .map((score, i) => ({ score, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, 300)
    .map((c) => c.i);
  const chosen: number[] = [];
  const maxSim = new Map<number, number>(pool.map((i) => [i, 0]));
  let used = 0;
  for (const seed of seeds) {
    if (used + lengths[seed] > maxWords) continue;
    chosen.push(seed);
    used += lengths[seed];
    if (pool.includes(seed)) pool.splice(pool.indexOf(seed), 1);
    for (const i of pool) maxSim.set(i, Math.max(maxSim.get(i) ?? 0, cosine(vectors[i], vectors[seed])));
  }
  while (pool.length && chosen.length < maxCount) {
    let best = -1;
    let bestValue = -Infinity;
    for (const i of pool) {
      if (used + lengths[i] > maxWords) continue;
      const value = MMR_LAMBDA * scores[i] - (1 - MMR_LAMBDA) * (maxSim.get(i) ?? 0);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    used += lengths[best];
    pool.splice(pool.indexOf(best), 1);
    for (const i of pool) maxSim.set(i, Math.max(maxSim.get(i) ?? 0, cosine(vectors[i], vectors[best])));
  }
  return chosen;
}

/** Indices of the best-scoring candidate of each topic (that has one), in meeting order. */
function bestPerTopic(candidates: readonly Sentence[], scores: readonly number[], topicRanges: SummaryOptions['topicRanges']): number[] {
  const best: number[] = [];
  for (const range of topicRanges) {
    let top = -1;
    candidates.forEach((s, i) => {
      if (s.index >= range.first && s.index <= range.last && (top < 0 || scores[i] > scores[top])) top = i;
    });
    if (top >= 0) best.push(top);
  }
  return best;
}

/**
 * The best sentence of each topic, in meeting order: of the ten best-scoring topics when there are more. A meeting of
 * one or two topics still gets three points where it has the sentences: the best of the rest, by maximal marginal
 * relevance, so a second point says something the first does not.
 */
function keyPoints(
  candidates: readonly Sentence[],
  scores: readonly number[],
  topicRanges: SummaryOptions['topicRanges'],
  lengths: readonly number[],
  vectors: readonly TermVector[],
): SummarySentence[] {
  let chosen = bestPerTopic(candidates, scores, topicRanges);
  if (chosen.length > MAX_KEY_POINTS) chosen = [...chosen].sort((a, b) => scores[b] - scores[a] || a - b).slice(0, MAX_KEY_POINTS);
  else if (chosen.length < MIN_KEY_POINTS) chosen = selectByMmr(lengths, vectors, scores, Infinity, chosen, MIN_KEY_POINTS);
  return chosen.sort((a, b) => a - b).map((i) => toSummarySentence(candidates[i], compressSentence(candidates[i].text)));
}

function toSummarySentence(s: Sentence, text: string): SummarySentence {
  return { text, speaker: s.speaker, segmentIds: [s.segmentId], startMs: s.startMs, endMs: s.endMs };
}
