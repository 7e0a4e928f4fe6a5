import type { CleanSegment } from '../text/sentences';

/**
 * Where in the meeting (0 = start, 1 = end) each segment lies, by time; by order when the times say nothing
 * (all zero, or out of order), so odd input still gets a sensible position.
 */
export function meetingPositions(segments: readonly CleanSegment[]): number[] {
  const n = segments.length;
  if (n === 0) return [];
  const starts = segments.map((s) => (Number.isFinite(s.source.startMs) ? s.source.startMs : 0));
  const first = starts[0];
  const last = starts[n - 1];
  const ordered = starts.every((t, i) => i === 0 || t >= starts[i - 1]);
  if (!ordered || last <= first) return segments.map((_s, i) => (n === 1 ? 1 : i / (n - 1)));
  return starts.map((t) => (t - first) / (last - first));
}
