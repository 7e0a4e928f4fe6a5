import { byStart } from './by-start';
import { type TranscriptFileWriter, writeWhole } from './export-transcript-writer';
import { type SegmentInput } from './segment';
import { singleLine } from './text-lines';
import { formatTimestamp } from './timestamps';

/** SubRip piece by piece (see exportSrt); segments must come in start order. */
export class SrtWriter implements TranscriptFileWriter {
  private written = 0;

  begin(): string {
    return '';
  }

  write(segments: readonly SegmentInput[]): string {
    let out = '';
    for (const s of segments) {
      this.written++;
      out += `${this.written === 1 ? '' : '\n\n'}${this.written}\n${formatTimestamp(s.startMs, ',')} --> ${formatTimestamp(s.endMs, ',')}\n${singleLine(s.speaker)}: ${singleLine(s.text)}`;
    }
    return out;
  }

  end(): string {
    return this.written === 0 ? '' : '\n';
  }
}

/**
 * SubRip, numbered from 1 in start order, with `Speaker: text` on one line.
 * SubRip has no ids, no escaping and no speaker field, so segment ids are not
 * kept, and a speaker name with a colon in it does not read back as a speaker.
 */
export function exportSrt(segments: readonly SegmentInput[]): string {
  return writeWhole(new SrtWriter(), byStart(segments));
}
