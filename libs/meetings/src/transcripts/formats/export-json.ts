import { type TranscriptFileWriter, writeWhole } from './export-transcript-writer';
import { canonicalSegment, type SegmentInput } from './segment';

/**
 * `{ "segments": [...] }` piece by piece (see exportJson), laid out exactly as
 * JSON.stringify(…, null, 2) lays out the whole document: each segment is
 * stringified on its own and indented to its depth, which is safe because
 * JSON.stringify never writes a raw line break inside a value.
 */
export class JsonWriter implements TranscriptFileWriter {
  private written = 0;

  begin(): string {
    return '{\n  "segments": [';
  }

  write(segments: readonly SegmentInput[]): string {
    let out = '';
    for (const s of segments) {
      out += `${this.written === 0 ? '\n' : ',\n'}    ${JSON.stringify(canonicalSegment(s), null, 2).replace(/\n/g, '\n    ')}`;
      this.written++;
    }
    return out;
  }

  end(): string {
    return this.written === 0 ? ']\n}\n' : '\n  ]\n}\n';
  }
}

/** `{ "segments": [...] }`, two-space indented, in the given order: the lossless format, exactly what the JSON parser takes back. */
export function exportJson(segments: readonly SegmentInput[]): string {
  return writeWhole(new JsonWriter(), segments);
}
