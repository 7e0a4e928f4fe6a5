import type { Sentiment, SentimentScore } from '../analysis.types';
import type { Sentence } from '../text/sentences';
import { NEGATORS, SENTIMENT_LEXICON } from './sentiment-lexicon';

/** How many words back a negation flips a polar word ("not really that good"). */
const NEGATION_REACH = 3;
const TIME_BUCKETS = 10;

/** Positive and negative weight of one sentence, negation applied. */
export function sentencePolarity(sentence: Pick<Sentence, 'words'>): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  sentence.words.forEach((word, i) => {
    const weight = SENTIMENT_LEXICON.get(word);
    if (weight === undefined) return;
    let negated = false;
    for (let j = Math.max(0, i - NEGATION_REACH); j < i; j++) if (NEGATORS.has(sentence.words[j])) negated = true;
    const signed = negated ? -weight * 0.75 : weight;
    if (signed > 0) positive += signed;
    else negative -= signed;
  });
  return { positive, negative };
}

/** (positive − negative) / (positive + negative + 10): near 0 when little was said either way, towards ±1 when much was. */
function toScore(positive: number, negative: number): SentimentScore {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { score: round((positive - negative) / (positive + negative + 10)), positive: round(positive), negative: round(negative) };
}

/** Lexicon sentiment over the whole meeting, per speaker, and over ten equal slices of its time. */
export function lexiconSentiment(sentences: readonly Sentence[]): Sentiment {
  const overall = { positive: 0, negative: 0 };
  const bySpeaker = new Map<string, { positive: number; negative: number }>();
  const first = sentences.length ? sentences[0].startMs : 0;
  const last = sentences.length ? Math.max(first, sentences[sentences.length - 1].endMs) : 0;
  const span = Math.max(1, last - first);
  const buckets = Array.from({ length: sentences.length ? TIME_BUCKETS : 0 }, () => ({ positive: 0, negative: 0 }));
  for (const sentence of sentences) {
    const { positive, negative } = sentencePolarity(sentence);
    overall.positive += positive;
    overall.negative += negative;
    const speaker = sentence.speaker ?? 'unknown';
    const entry = bySpeaker.get(speaker) ?? { positive: 0, negative: 0 };
    entry.positive += positive;
    entry.negative += negative;
    bySpeaker.set(speaker, entry);
    const b = Math.min(TIME_BUCKETS - 1, Math.max(0, Math.floor(((sentence.startMs - first) / span) * TIME_BUCKETS)));
    buckets[b].positive += positive;
    buckets[b].negative += negative;
  }
  return {
    overall: toScore(overall.positive, overall.negative),
    bySpeaker: [...bySpeaker]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([speaker, v]) => ({ speaker, ...toScore(v.positive, v.negative) })),
    overTime: buckets.map((v, i) => ({
      startMs: Math.round(first + (span * i) / TIME_BUCKETS),
      endMs: Math.round(first + (span * (i + 1)) / TIME_BUCKETS),
      ...toScore(v.positive, v.negative),
    })),
  };
}
