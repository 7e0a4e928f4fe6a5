import { MAX_SEGMENT_MS, segmentIdProblem, speakerProblem, textProblem, timeProblem } from './segment';
import { formatTimestamp, splitTimingLine } from './timestamps';
import { quote } from './text-lines';
import { TranscriptFormatError } from './transcript-format.error';

/** What differs between WebVTT and SubRip timing lines. */
export interface CaptionClock {
  parse(value: string): number | undefined;
  separator: '.' | ',';
  /** How a timestamp should look, for error messages. */
  pattern: string;
}

/** Reads a timing line: an unreadable one is a syntax error (400), impossible times are content errors (422). */
export function readTimingLine(line: string, lineNumber: number, clock: CaptionClock): { startMs: number; endMs: number } {
  const parts = splitTimingLine(line);
  if (!parts) {
    const example = `${formatTimestamp(1000, clock.separator)} --> ${formatTimestamp(4000, clock.separator)}`;
    throw TranscriptFormatError.syntax(lineNumber, `expected a timing line such as "${example}", got ${quote(line)}`);
  }
  const startMs = clock.parse(parts.start);
  if (startMs === undefined)
    throw TranscriptFormatError.syntax(lineNumber, `start time ${quote(parts.start)} is not a timestamp (expected ${clock.pattern})`);
  const endMs = clock.parse(parts.end);
  if (endMs === undefined)
    throw TranscriptFormatError.syntax(lineNumber, `end time ${quote(parts.end)} is not a timestamp (expected ${clock.pattern})`);
  // A parsed timestamp is never negative or fractional, so the only way to break the time rule is to be too late.
  for (const [name, value, written] of [
    ['start', startMs, parts.start],
    ['end', endMs, parts.end],
  ] as const) {
    if (timeProblem(value)) {
      throw TranscriptFormatError.content(
        lineNumber,
        `${name} time ${written} is later than the latest time a segment can have (${formatTimestamp(MAX_SEGMENT_MS, clock.separator)})`,
      );
    }
  }
  if (endMs < startMs) {
    throw TranscriptFormatError.content(
      lineNumber,
      `end time ${formatTimestamp(endMs, clock.separator)} is before start time ${formatTimestamp(startMs, clock.separator)}`,
    );
  }
  return { startMs, endMs };
}

/** Holds a cue's own identifier to the segment id rule and to uniqueness within the file. */
export function checkCueId(id: string, lineNumber: number, seenIds: Map<string, number>, idLabel: string): void {
  const problem = segmentIdProblem(id);
  if (problem) throw TranscriptFormatError.content(lineNumber, `${idLabel} ${quote(id)} ${problem}`);
  const firstUse = seenIds.get(id);
  if (firstUse !== undefined)
    throw TranscriptFormatError.content(lineNumber, `duplicate ${idLabel} ${quote(id)} (first used on line ${firstUse})`);
  seenIds.set(id, lineNumber);
}

/** Holds a cue's speaker and text to the segment rules; `lineNumber` is its first text line (or its timing line when it has none). */
export function checkCueText(speaker: string, text: string, lineNumber: number): void {
  const speakerIssue = speakerProblem(speaker);
  if (speakerIssue) throw TranscriptFormatError.content(lineNumber, `speaker ${speakerIssue}`);
  const textIssue = textProblem(text);
  if (textIssue) throw TranscriptFormatError.content(lineNumber, text.trim() === '' ? 'the cue has no text' : `text ${textIssue}`);
}
