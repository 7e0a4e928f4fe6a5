import { charCount, SPEAKER_MAX_CHARS, TEXT_MAX_CHARS } from './segment';
import { TranscriptFormatError } from './transcript-format.error';

/**
 * The lines of a body, without its byte order mark, for any mix of CRLF, CR
 * and LF endings (the first line yielded is line 1). Lazy, so a parser that
 * stops early (a syntax error, too many segments) never pays for the rest, and
 * a 10 MB body of two million short lines is never two million strings at once.
 */
export function* textLines(body: string): Generator<string, void, undefined> {
  let start = body.startsWith('\uFEFF') ? 1 : 0;
  // The next LF and CR at or after `start`; -1 once there are no more, so neither is searched for twice.
  let lf = body.indexOf('\n', start);
  let cr = body.indexOf('\r', start);
  for (;;) {
    if (lf < 0 && cr < 0) {
      yield body.slice(start);
      return;
    }
    const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    yield body.slice(start, end);
    start = end + (end === cr && lf === cr + 1 ? 2 : 1);
    if (lf >= 0 && lf < start) lf = body.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = body.indexOf('\r', start);
  }
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** A run of non-blank lines; caption formats separate their cues this way. */
export interface LineBlock {
  /** 1-based number of the block's first line. */
  firstLine: number;
  lines: string[];
}

/**
 * Every text line of a cue adds at least one character to its text, which
 * TEXT_MAX_CHARS bounds, so a longer block (plus its id and timing lines) can
 * never be a valid cue; refusing it there keeps one block's memory bounded.
 */
export const MAX_BLOCK_LINES = TEXT_MAX_CHARS + 2;

/**
 * The blocks of `lines`, lazily; `firstLineNumber` is the number of the first
 * line the iterator will give. A block over MAX_BLOCK_LINES is refused (422)
 * at its first line.
 */
export function* lineBlocks(lines: Iterator<string>, firstLineNumber = 1): Generator<LineBlock, void, undefined> {
  let current: LineBlock | undefined;
  let lineNumber = firstLineNumber;
  for (let next = lines.next(); !next.done; next = lines.next(), lineNumber++) {
    if (isBlank(next.value)) {
      if (current) yield current;
      current = undefined;
    } else if (current) {
      if (current.lines.length >= MAX_BLOCK_LINES) {
        throw TranscriptFormatError.content(
          current.firstLine,
          `a block of more than ${MAX_BLOCK_LINES} lines cannot be a cue, whose text is at most ${TEXT_MAX_CHARS} characters: separate cues with a blank line`,
        );
      }
      current.lines.push(next.value);
    } else {
      current = { firstLine: lineNumber, lines: [next.value] };
    }
  }
  if (current) yield current;
}

/**
 * Splits `Speaker: text`. The speaker is everything before the first colon, and
 * that colon must be followed by whitespace or the end of the line, so times
 * ("at 10:30") and links ("https://…") are not mistaken for names. A would-be
 * name over SPEAKER_MAX_CHARS is a sentence with a colon in it, not a speaker.
 * The marks captions put before a change of speaker, a dialogue dash ("- Ada: …")
 * and a broadcast chevron (">> Ada: …"), are not part of the name.
 */
export function splitSpeakerLabel(line: string): { speaker: string; text: string } | undefined {
  const match = /^\s*(?:-\s+|>>\s*)?([^:]*):(\s.*)?$/.exec(line);
  if (!match) return undefined;
  const speaker = match[1].trim();
  if (speaker === '' || charCount(speaker) > SPEAKER_MAX_CHARS) return undefined;
  // The group is optional: `Ada:` alone has no text.
  const text = match.at(2);
  return { speaker, text: (text ?? '').trim() };
}

/**
 * Every line break, with the whitespace around it, becomes one space. Parsers
 * join a cue's lines the same way, so what the exporters write reads back equal.
 */
export function singleLine(value: string): string {
  return value.replace(/\s*[\r\n]\s*/g, ' ').trim();
}

/** A piece of the body quoted in an error message, cut short so a garbage megabyte line does not become the message. */
export function quote(value: string, max = 60): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
