/** One transcript segment as the meetings module stores it: a speaker turn with its times. */
export interface TranscriptSegment {
  id: string;
  startMs: number;
  endMs: number;
  /** Null when the transcript does not know who spoke. */
  speaker: string | null;
  text: string;
}

/** A passage of a transcript for retrieval, with what a citation needs (segments, speakers, times). */
export interface TranscriptChunk {
  /** Position of the chunk in the transcript, from 0. */
  index: number;
  /** The indexed text: one line per turn (or part of a turn), `Speaker: words`, so speaker names are searchable. */
  text: string;
  /** Words of the turns' text (speaker names not counted): the length bound is on this. */
  words: number;
  /** Ids of the segments the chunk covers, in order (a long turn split in parts appears in each of its parts). */
  segmentIds: string[];
  /** Distinct known speakers in order of first appearance. */
  speakers: string[];
  firstSpeaker: string | null;
  lastSpeaker: string | null;
  startMs: number;
  endMs: number;
}

export interface TranscriptChunkOptions {
  /** Upper bound on words per chunk (words as a proxy for tokens). Default 150. */
  maxWords?: number;
  /** Words of the previous chunk's last turns repeated at the start of the next one. Default 25; 0 for none. */
  overlapWords?: number;
}

interface Piece {
  segment: TranscriptSegment;
  words: string[];
}

const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean);

/**
 * Splits a transcript into speaker-aware passages: whole turns are packed in order until the next one would exceed
 * `maxWords`; a turn is cut only when it alone exceeds the bound (then into windows of `maxWords` with `overlapWords`
 * of overlap). Each new chunk starts with the last turns of the previous one, as long as they fit in `overlapWords`.
 * Empty turns are skipped. Pure: the same input gives the same chunks.
 */
export function chunkTranscript(segments: readonly TranscriptSegment[], options: TranscriptChunkOptions = {}): TranscriptChunk[] {
  const maxWords = Math.max(1, Math.floor(options.maxWords ?? 150));
  const overlapWords = Math.max(0, Math.min(Math.floor(options.overlapWords ?? 25), Math.floor(maxWords / 2)));
  const pieces = splitLongTurns(segments, maxWords, overlapWords);
  const chunks: TranscriptChunk[] = [];
  let current: Piece[] = [];
  let currentWords = 0;
  let fresh = 0; // pieces in `current` that no earlier chunk holds
  const flush = () => {
    if (fresh === 0) return;
    chunks.push(toChunk(current, chunks.length));
    // Carry over the last whole pieces that fit in the overlap (never the whole chunk).
    const carried: Piece[] = [];
    let carriedWords = 0;
    for (let i = current.length - 1; i > 0; i--) {
      if (carriedWords + current[i].words.length > overlapWords) break;
      carried.unshift(current[i]);
      carriedWords += current[i].words.length;
    }
    current = carried;
    currentWords = carriedWords;
    fresh = 0;
  };
  for (const piece of pieces) {
    if (currentWords + piece.words.length > maxWords) flush();
    // A piece that still does not fit beside the carried overlap starts a chunk of its own.
    if (currentWords + piece.words.length > maxWords) {
      current = [];
      currentWords = 0;
    }
    current.push(piece);
    currentWords += piece.words.length;
    fresh++;
  }
  flush();
  return chunks;
}

function splitLongTurns(segments: readonly TranscriptSegment[], maxWords: number, overlapWords: number): Piece[] {
  const pieces: Piece[] = [];
  for (const segment of segments) {
    const words = wordsOf(segment.text);
    if (!words.length) continue;
    if (words.length <= maxWords) {
      pieces.push({ segment, words });
      continue;
    }
    const step = Math.max(1, maxWords - overlapWords);
    for (let from = 0; ; from += step) {
      pieces.push({ segment, words: words.slice(from, from + maxWords) });
      if (from + maxWords >= words.length) break;
    }
  }
  return pieces;
}

function toChunk(pieces: readonly Piece[], index: number): TranscriptChunk {
  const segmentIds: string[] = [];
  const speakers: string[] = [];
  for (const { segment } of pieces) {
    if (segmentIds.at(-1) !== segment.id) segmentIds.push(segment.id);
    if (segment.speaker && !speakers.includes(segment.speaker)) speakers.push(segment.speaker);
  }
  return {
    index,
    text: pieces.map((p) => (p.segment.speaker ? `${p.segment.speaker}: ${p.words.join(' ')}` : p.words.join(' '))).join('\n'),
    words: pieces.reduce((sum, p) => sum + p.words.length, 0),
    segmentIds,
    speakers,
    firstSpeaker: pieces[0].segment.speaker,
    lastSpeaker: pieces[pieces.length - 1].segment.speaker,
    startMs: Math.min(...pieces.map((p) => p.segment.startMs)),
    endMs: Math.max(...pieces.map((p) => p.segment.endMs)),
  };
}

/** Fixed windows of `size` whole turns without overlap (the evaluation's baseline passages), with the same citation fields. */
export function fixedTurnWindows(segments: readonly TranscriptSegment[], size = 5): TranscriptChunk[] {
  const chunks: TranscriptChunk[] = [];
  for (let from = 0; from < segments.length; from += size) {
    const pieces = segments.slice(from, from + size).map((segment) => ({ segment, words: wordsOf(segment.text) }));
    chunks.push(toChunk(pieces, chunks.length));
  }
  return chunks;
}
