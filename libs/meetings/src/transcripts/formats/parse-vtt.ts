import { type CaptionClock, checkCueId, checkCueText, readTimingLine } from './captions';
import { type SegmentInput, UNKNOWN_SPEAKER } from './segment';
import { isBlank, lineBlocks, quote, splitSpeakerLabel, textLines } from './text-lines';
import { parseVttTimestamp } from './timestamps';
import { checkSegmentCount, TranscriptFormatError } from './transcript-format.error';

const VTT_CLOCK: CaptionClock = { parse: parseVttTimestamp, separator: '.', pattern: 'hh:mm:ss.ttt or mm:ss.ttt' };

/** The character references WebVTT defines by name, plus the two HTML ones caption tools commonly emit. */
const NAMED_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00A0'],
  ['lrm', '\u200E'],
  ['rlm', '\u200F'],
]);

/** One pass, so `&amp;lt;` becomes the literal text `&lt;` and not `<`. Unknown references stay as written. */
export function decodeVttEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (!ref.startsWith('#')) return NAMED_ENTITIES.get(ref) ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Drops every tag (`<b>`, `<c.x>`, `<00:00:01.000>`, `</v>`…) and keeps the
 * first voice tag's name. In WebVTT a literal `<` is always written `&lt;`, so
 * any `<` opens a tag; one left unclosed runs to the end of its line, which
 * also keeps the scan linear on hostile input.
 */
function readCueText(lines: readonly string[]): { voice: string | undefined; lines: string[] } {
  let voice: string | undefined;
  const plain: string[] = [];
  for (const line of lines) {
    const stripped = line.replace(/<([^>]*)(?:>|$)/g, (_tag, inside: string) => {
      if (voice === undefined) {
        const name = /^v(?:\.\S*)?\s+([\s\S]*)$/.exec(inside);
        const decoded = name ? decodeVttEntities(name[1]).trim() : '';
        if (decoded !== '') voice = decoded;
      }
      return '';
    });
    const text = decodeVttEntities(stripped).trim();
    if (text !== '') plain.push(text);
  }
  return { voice, lines: plain };
}

/** Ids for cues without an identifier, stepping around ones the file already uses so they stay unique. */
function generatedId(cueNumber: number, taken: Map<string, number>): string {
  let id = `cue-${cueNumber}`;
  for (let k = 2; taken.has(id); k++) id = `cue-${cueNumber}-${k}`;
  taken.set(id, 0);
  return id;
}

/**
 * WebVTT. Cue text lines are joined with one space: caption line breaks are
 * there to fit a screen, not to separate thoughts, and a transcript is searched
 * and read as prose. The speaker is the first `<v Name>` voice tag, else a
 * `Name: ` prefix on the first text line, else "Unknown". Cues without an
 * identifier line get `cue-<n>` (n counts cues from 1). Reading stops at the
 * cue past MAX_TRANSCRIPT_SEGMENTS.
 */
export function parseVtt(body: string): SegmentInput[] {
  const lines = textLines(body);
  const first = lines.next();
  const header = first.done ? '' : first.value;
  if (!/^WEBVTT(?:[ \t].*)?$/.test(header)) {
    throw TranscriptFormatError.syntax(1, `missing "WEBVTT" header: the first line must be "WEBVTT", got ${quote(header)}`);
  }
  let lineNumber = 1;
  for (let next = lines.next(); !next.done; next = lines.next()) {
    lineNumber++;
    if (isBlank(next.value)) break;
    if (next.value.includes('-->'))
      throw TranscriptFormatError.syntax(lineNumber, 'a blank line must separate the "WEBVTT" header from the first cue');
  }

  const seenIds = new Map<string, number>();
  const cues: { id: string | undefined; speaker: string; startMs: number; endMs: number; text: string }[] = [];
  for (const block of lineBlocks(lines, lineNumber + 1)) {
    if (/^(?:NOTE|STYLE|REGION)(?:[ \t]|$)/.test(block.lines[0])) continue;
    checkSegmentCount(cues.length + 1, { line: block.firstLine });
    const hasId = !block.lines[0].includes('-->');
    if (hasId && !block.lines[1]?.includes('-->')) {
      throw TranscriptFormatError.syntax(
        block.firstLine,
        `expected a cue (an optional identifier line, then a timing line such as "00:00:01.000 --> 00:00:04.000"), got ${quote(block.lines[0])}`,
      );
    }
    const id = hasId ? block.lines[0].trim() : undefined;
    if (id !== undefined) checkCueId(id, block.firstLine, seenIds, 'cue identifier');
    const timingIndex = hasId ? 1 : 0;
    const timingLine = block.firstLine + timingIndex;
    const { startMs, endMs } = readTimingLine(block.lines[timingIndex], timingLine, VTT_CLOCK);

    const rawText = block.lines.slice(timingIndex + 1);
    const arrow = rawText.findIndex((line) => line.includes('-->'));
    if (arrow >= 0) {
      throw TranscriptFormatError.syntax(
        timingLine + 1 + arrow,
        'cue text must not contain "-->": separate cues with a blank line, or write "--&gt;"',
      );
    }
    const cueText = readCueText(rawText);
    let speaker = cueText.voice;
    if (speaker === undefined && cueText.lines.length > 0) {
      const label = splitSpeakerLabel(cueText.lines[0]);
      if (label) {
        speaker = label.speaker;
        cueText.lines[0] = label.text;
      }
    }
    const text = cueText.lines.filter((line) => line !== '').join(' ');
    speaker ??= UNKNOWN_SPEAKER;
    checkCueText(speaker, text, rawText.length > 0 ? timingLine + 1 : timingLine);
    cues.push({ id, speaker, startMs, endMs, text });
  }
  if (cues.length === 0) throw TranscriptFormatError.content(undefined, 'the transcript has no cues');

  return cues.map((cue, index) => ({
    segmentId: cue.id ?? generatedId(index + 1, seenIds),
    speaker: cue.speaker,
    startMs: cue.startMs,
    endMs: cue.endMs,
    text: cue.text,
  }));
}
