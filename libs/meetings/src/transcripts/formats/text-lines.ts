import { charCount, SPEAKER_MAX_CHARS } from './segment';

/** Lines of a body without its byte order mark, for any mix of CRLF, CR and LF endings. Index i is line i + 1. */
export function splitLines(body: string): string[] {
  return (body.startsWith('\uFEFF') ? body.slice(1) : body).split(/\r\n|\r|\n/);
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

export function splitBlocks(lines: readonly string[], fromIndex = 0): LineBlock[] {
  const blocks: LineBlock[] = [];
  let current: LineBlock | undefined;
  for (let i = fromIndex; i < lines.length; i++) {
    if (isBlank(lines[i])) {
      current = undefined;
    } else if (current) {
      current.lines.push(lines[i]);
    } else {
      current = { firstLine: i + 1, lines: [lines[i]] };
      blocks.push(current);
    }
  }
  return blocks;
}

/**
 * Splits `Speaker: text`. The speaker is everything before the first colon, and
 * that colon must be followed by whitespace or the end of the line, so times
 * ("at 10:30") and links ("https://…") are not mistaken for names. A would-be
 * name over SPEAKER_MAX_CHARS is a sentence with a colon in it, not a speaker.
 */
export function splitSpeakerLabel(line: string): { speaker: string; text: string } | undefined {
  const match = /^([^:]*):(\s.*)?$/.exec(line);
  if (!match) return undefined;
  const speaker = match[1].trim();
  if (speaker === '' || charCount(speaker) > SPEAKER_MAX_CHARS) return undefined;
  return { speaker, text: (match[2] ?? '').trim() };
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
