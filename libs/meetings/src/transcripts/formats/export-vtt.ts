import { byStart } from './by-start';
import { type TranscriptFileWriter, writeWhole } from './export-transcript-writer';
import { type SegmentInput } from './segment';
import { singleLine } from './text-lines';
import { formatTimestamp } from './timestamps';

/** The three characters WebVTT cue text cannot hold literally; escaping `>` also keeps `-->` out of cues. */
export function escapeVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT piece by piece (see exportVtt); segments must come in start order. */
export class VttWriter implements TranscriptFileWriter {
  begin(): string {
    return 'WEBVTT';
  }

  write(segments: readonly SegmentInput[]): string {
    let out = '';
    for (const s of segments)
      out += `\n\n${s.segmentId}\n${formatTimestamp(s.startMs)} --> ${formatTimestamp(s.endMs)}\n<v ${escapeVtt(singleLine(s.speaker))}>${escapeVtt(singleLine(s.text))}</v>`;
    return out;
  }

  end(): string {
    return '\n';
  }
}

/**
 * WebVTT with the segment id as cue identifier and the speaker as a voice tag.
 * Cues are in start order, as the format requires; each cue's text is written
 * on one line (see singleLine) because a blank line inside would end the cue.
 */
export function exportVtt(segments: readonly SegmentInput[]): string {
  return writeWhole(new VttWriter(), byStart(segments));
}
