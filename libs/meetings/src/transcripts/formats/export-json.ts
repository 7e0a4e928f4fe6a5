import { canonicalSegment, SegmentInput } from './segment';

/** `{ "segments": [...] }`, two-space indented, in the given order: the lossless format, exactly what the JSON parser takes back. */
export function exportJson(segments: readonly SegmentInput[]): string {
  return `${JSON.stringify({ segments: segments.map(canonicalSegment) }, null, 2)}\n`;
}
