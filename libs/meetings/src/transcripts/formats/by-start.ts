import { type SegmentInput } from './segment';

/** A copy in playback order; segments starting together keep their given order (Array.prototype.sort is stable). */
export function byStart(segments: readonly SegmentInput[]): SegmentInput[] {
  return [...segments].sort((a, b) => a.startMs - b.startMs);
}
