import type { TranscriptSegmentInput } from '../analysis.types';
import { isBackchannel } from './backchannel';
import { cleanUtterance } from './clean-utterance';
import { contentTerms, words } from './tokens';

/** A sentence of the cleaned transcript, with where it came from. */
export interface Sentence {
  /** Position among all sentences. */
  index: number;
  /** Position of its segment in the input. */
  segmentIndex: number;
  segmentId: string;
  speaker: string | null;
  startMs: number;
  endMs: number;
  text: string;
  /** Lower-case words of the cleaned text. */
  words: string[];
  /** Stems of its content words. */
  terms: string[];
  isQuestion: boolean;
  isBackchannel: boolean;
}

/** A segment after cleaning, with its sentences. */
export interface CleanSegment {
  index: number;
  source: TranscriptSegmentInput;
  text: string;
  sentences: Sentence[];
}

const SENTENCE_END = /(?<=[.?!])\s+(?=\S)/;

/** Splits every segment into sentences after cleaning; a segment with nothing left keeps no sentence. */
export function splitTranscript(segments: readonly TranscriptSegmentInput[]): CleanSegment[] {
  const out: CleanSegment[] = [];
  let index = 0;
  segments.forEach((source, segmentIndex) => {
    const text = cleanUtterance(typeof source.text === 'string' ? source.text : '');
    const sentences: Sentence[] = [];
    for (const raw of text.split(SENTENCE_END)) {
      const sentenceText = raw.trim();
      const sentenceWords = words(sentenceText);
      if (!sentenceWords.length) continue;
      sentences.push({
        index: index++,
        segmentIndex,
        segmentId: source.id,
        speaker: source.speaker,
        startMs: source.startMs,
        endMs: source.endMs,
        text: sentenceText,
        words: sentenceWords,
        terms: contentTerms(sentenceText),
        isQuestion: sentenceText.endsWith('?'),
        isBackchannel: isBackchannel(sentenceText),
      });
    }
    out.push({ index: segmentIndex, source, text, sentences });
  });
  return out;
}
