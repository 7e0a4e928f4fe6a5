import { type CaptionClock, checkCueId, checkCueText, readTimingLine } from './captions';
import { type SegmentInput, UNKNOWN_SPEAKER } from './segment';
import { lineBlocks, quote, splitSpeakerLabel, textLines } from './text-lines';
import { parseSrtTimestamp, splitTimingLine } from './timestamps';
import { checkSegmentCount, TranscriptFormatError } from './transcript-format.error';

const SRT_CLOCK: CaptionClock = { parse: parseSrtTimestamp, separator: ',', pattern: 'hh:mm:ss,ttt' };

/**
 * The formatting players understand in SubRip (`<i>`, `<b>`, `<u>`, `<s>`,
 * `<font …>`, and `{\an8}`-style overrides). SubRip has no escaping, so other
 * `<` and `{` are text: QMSum's `{vocalsound}` markers survive. The attribute
 * length is capped so an unclosed `<font ` repeated over a long line cannot
 * make the scan quadratic.
 */
function stripSrtFormatting(line: string): string {
  return line.replace(/<\/?(?:b|i|u|s|font)(?:\s[^>]{0,200})?>/gi, '').replace(/\{\\[^}]{0,200}\}/g, '');
}

function isTimingLine(line: string): boolean {
  const parts = splitTimingLine(line);
  return parts !== undefined && parseSrtTimestamp(parts.start) !== undefined && parseSrtTimestamp(parts.end) !== undefined;
}

/**
 * SubRip. Blocks are a number, a timing line and text lines; text lines are
 * joined with one space, as in WebVTT. The speaker is a `Name: ` prefix on the
 * first text line, else "Unknown". Segment ids are `srt-<number>` from the
 * block numbers, which need not be consecutive but must be unique. Reading
 * stops at the subtitle past MAX_TRANSCRIPT_SEGMENTS.
 */
export function parseSrt(body: string): SegmentInput[] {
  const seenIds = new Map<string, number>();
  const segments: SegmentInput[] = [];
  for (const block of lineBlocks(textLines(body))) {
    checkSegmentCount(segments.length + 1, { line: block.firstLine });
    const numberLine = block.lines[0].trim();
    if (!/^\d+$/.test(numberLine)) {
      const hint = isTimingLine(numberLine)
        ? 'a subtitle number line must come before the timing line'
        : `expected a subtitle number, got ${quote(numberLine)}`;
      throw TranscriptFormatError.syntax(block.firstLine, hint);
    }
    if (block.lines.length < 2) throw TranscriptFormatError.syntax(block.firstLine + 1, `subtitle ${numberLine} has no timing line`);
    const segmentId = `srt-${numberLine.replace(/^0+(?=\d)/, '')}`;
    checkCueId(segmentId, block.firstLine, seenIds, 'subtitle id');
    const timingLine = block.firstLine + 1;
    const { startMs, endMs } = readTimingLine(block.lines[1], timingLine, SRT_CLOCK);

    const rawText = block.lines.slice(2);
    const stray = rawText.findIndex(isTimingLine);
    if (stray >= 0)
      throw TranscriptFormatError.syntax(
        timingLine + 1 + stray,
        'a timing line inside subtitle text: separate subtitles with a blank line',
      );
    const lines = rawText.map((line) => stripSrtFormatting(line).trim()).filter((line) => line !== '');
    let speaker = UNKNOWN_SPEAKER;
    const label = lines.length > 0 ? splitSpeakerLabel(lines[0]) : undefined;
    if (label) {
      speaker = label.speaker;
      lines[0] = label.text;
    }
    const text = lines.filter((line) => line !== '').join(' ');
    checkCueText(speaker, text, rawText.length > 0 ? timingLine + 1 : timingLine);
    segments.push({ segmentId, speaker, startMs, endMs, text });
  }
  if (segments.length === 0) throw TranscriptFormatError.content(undefined, 'the transcript has no subtitles');
  return segments;
}
