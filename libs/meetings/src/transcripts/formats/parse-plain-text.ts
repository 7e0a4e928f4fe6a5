import { MAX_SEGMENT_MS, SegmentInput, textProblem } from './segment';
import { quote, splitLines, splitSpeakerLabel } from './text-lines';
import { TranscriptFormatError } from './transcript-format.error';

export const PLAIN_TEXT_WORDS_PER_MINUTE = 150;
export const MIN_SYNTHETIC_DURATION_MS = 1000;

/**
 * How long the text takes to say at PLAIN_TEXT_WORDS_PER_MINUTE. Only tokens
 * with a letter or digit count as words, so transcripts that space out their
 * punctuation ("we 're on .") are not timed as if every comma were spoken.
 */
export function estimateDurationMs(text: string): number {
  const words = text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
  return Math.max(MIN_SYNTHETIC_DURATION_MS, Math.round((words * 60_000) / PLAIN_TEXT_WORDS_PER_MINUTE));
}

/**
 * Plain text: each `Speaker: text` line starts a segment (`line-<n>`, n its
 * line number); a non-empty line without that prefix continues the previous
 * segment, joined with one space, so wrapped paragraphs and pasted minutes
 * work. The first non-empty line must name a speaker. Blank lines are ignored.
 * Plain text carries no times, so segments are laid end to end from 0, each
 * lasting estimateDurationMs of its text.
 */
export function parsePlainText(body: string): SegmentInput[] {
  const turns: { line: number; speaker: string; parts: string[] }[] = [];
  splitLines(body).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const label = splitSpeakerLabel(line);
    if (label) {
      turns.push({ line: index + 1, speaker: label.speaker, parts: label.text === '' ? [] : [label.text] });
    } else if (turns.length > 0) {
      turns[turns.length - 1].parts.push(line);
    } else {
      throw TranscriptFormatError.syntax(index + 1, `expected "Speaker: text" (a name of up to 200 characters without colons, a colon, a space, then the text), got ${quote(line)}`);
    }
  });
  if (turns.length === 0) throw TranscriptFormatError.content(undefined, 'the transcript has no lines');

  let clock = 0;
  return turns.map((turn) => {
    const text = turn.parts.join(' ');
    const problem = textProblem(text);
    if (problem) throw TranscriptFormatError.content(turn.line, text === '' ? `text is empty (nothing follows ${quote(`${turn.speaker}:`)})` : `text ${problem}`);
    const startMs = clock;
    const endMs = startMs + estimateDurationMs(text);
    if (endMs > MAX_SEGMENT_MS) throw TranscriptFormatError.content(turn.line, 'the transcript is too long to give synthetic times that fit in a segment');
    clock = endMs;
    return { segmentId: `line-${turn.line}`, speaker: turn.speaker, startMs, endMs, text };
  });
}
