import { MAX_SEGMENT_MS, type SegmentInput, TEXT_MAX_CHARS, textProblem } from './segment';
import { quote, splitSpeakerLabel, textLines } from './text-lines';
import { checkSegmentCount, TranscriptFormatError } from './transcript-format.error';

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

/** A speaker's turn as it is read. */
interface Turn {
  line: number;
  speaker: string;
  parts: string[];
  /** UTF-16 length of the parts joined with single spaces. */
  length: number;
}

/** Past this many UTF-16 units a text surely has over TEXT_MAX_CHARS code points (a code point is at most two units). */
const CERTAINLY_TOO_LONG = 2 * TEXT_MAX_CHARS;

/**
 * Plain text: each `Speaker: text` line starts a segment (`line-<n>`, n its
 * line number); a non-empty line without that prefix continues the previous
 * segment, joined with one space, so wrapped paragraphs and pasted minutes
 * work. The first non-empty line must name a speaker. Blank lines are ignored.
 * Plain text carries no times, so segments are laid end to end from 0, each
 * lasting estimateDurationMs of its text. Read in one pass that stops at the
 * first error, including the segment past MAX_TRANSCRIPT_SEGMENTS.
 */
export function parsePlainText(body: string): SegmentInput[] {
  const segments: SegmentInput[] = [];
  let clock = 0;
  let turn: Turn | undefined;

  const finish = (done: Turn) => {
    const text = done.parts.join(' ');
    const problem = textProblem(text);
    if (problem)
      throw TranscriptFormatError.content(
        done.line,
        text === '' ? `text is empty (nothing follows ${quote(`${done.speaker}:`)})` : `text ${problem}`,
      );
    const startMs = clock;
    const endMs = startMs + estimateDurationMs(text);
    if (endMs > MAX_SEGMENT_MS)
      throw TranscriptFormatError.content(done.line, 'the transcript is too long to give synthetic times that fit in a segment');
    clock = endMs;
    segments.push({ segmentId: `line-${done.line}`, speaker: done.speaker, startMs, endMs, text });
  };

  let lineNumber = 0;
  for (const raw of textLines(body)) {
    lineNumber++;
    const line = raw.trim();
    if (line === '') continue;
    const label = splitSpeakerLabel(line);
    if (label) {
      if (turn) finish(turn);
      checkSegmentCount(segments.length + 1, { line: lineNumber });
      turn = { line: lineNumber, speaker: label.speaker, parts: label.text === '' ? [] : [label.text], length: label.text.length };
    } else if (turn) {
      turn.length += (turn.parts.length > 0 ? 1 : 0) + line.length;
      turn.parts.push(line);
      // Stopped here rather than at the turn's end, so a turn of millions of lines is never held.
      if (turn.length > CERTAINLY_TOO_LONG)
        throw TranscriptFormatError.content(
          turn.line,
          `text must be at most ${TEXT_MAX_CHARS} characters (it is longer than that by line ${lineNumber})`,
        );
    } else {
      throw TranscriptFormatError.syntax(
        lineNumber,
        `expected "Speaker: text" (a name of up to 200 characters without colons, a colon, a space, then the text), got ${quote(line)}`,
      );
    }
  }
  if (!turn) throw TranscriptFormatError.content(undefined, 'the transcript has no lines');
  finish(turn);
  return segments;
}
