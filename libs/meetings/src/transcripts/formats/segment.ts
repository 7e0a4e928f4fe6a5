/** One utterance as a client sends it and as every transcript format parses into. */
export interface SegmentInput {
  /** Client-supplied id; 1-128 characters of A-Z a-z 0-9 . _ : - */
  segmentId: string;
  /** 1-200 characters. */
  speaker: string;
  /** Up to 128 characters. */
  participantId?: string;
  /** Integer >= 0. */
  startMs: number;
  /** Integer >= startMs. */
  endMs: number;
  /** 1-20000 characters. */
  text: string;
  /** 0..1 */
  confidence?: number;
  /** BCP 47 tag, up to 35 characters. */
  language?: string;
}

export const MAX_TRANSCRIPT_BYTES = 10 * 1024 * 1024;

/**
 * The most segments one transcript may hold, however they arrive (file import,
 * REST or Socket.IO appends). A ten-hour meeting has about 20,000 turns, so
 * this only ever refuses machine-made files; it is what keeps one import's
 * memory and time bounded, since 10 MB of one-word lines would otherwise be
 * two million segments.
 */
export const MAX_TRANSCRIPT_SEGMENTS = 50_000;

export const SEGMENT_ID_MAX_CHARS = 128;
export const SPEAKER_MAX_CHARS = 200;
export const PARTICIPANT_ID_MAX_CHARS = 128;
export const TEXT_MAX_CHARS = 20_000;
export const LANGUAGE_MAX_CHARS = 35;
/** Times are stored in PostgreSQL `integer` columns; anything later (about 596 hours) would fail on insert instead of here. */
export const MAX_SEGMENT_MS = 2_147_483_647;
/** The speaker of a caption that names nobody. */
export const UNKNOWN_SPEAKER = 'Unknown';

const SEGMENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The same rule as the meeting's own `language` field, so a segment never holds a tag its meeting would refuse. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Length in code points, as PostgreSQL's varchar(n) and class-validator count,
 * so an emoji is one character rather than two UTF-16 units.
 */
export function charCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/** The same segment with its fields in one fixed order and no absent optional keys, so exports are stable and diff cleanly. */
export function canonicalSegment(segment: SegmentInput): SegmentInput {
  return {
    segmentId: segment.segmentId,
    speaker: segment.speaker,
    ...(segment.participantId !== undefined && { participantId: segment.participantId }),
    startMs: segment.startMs,
    endMs: segment.endMs,
    text: segment.text,
    ...(segment.confidence !== undefined && { confidence: segment.confidence }),
    ...(segment.language !== undefined && { language: segment.language }),
  };
}

/*
 * The rule checks below return what is wrong as a phrase that reads after a
 * field name or a JSON path ("text must not be empty", "segments[2].text: must
 * not be empty"), or undefined when the value is fine. Every format shares them
 * so a transcript is held to the same rules whichever way it arrives.
 */

function boundedText(value: string, max: number): string | undefined {
  if (value.trim() === '') return 'must not be empty';
  // Code points never outnumber UTF-16 units, so only long strings need counting.
  if (value.length > max) {
    const count = charCount(value);
    if (count > max) return `must be at most ${max} characters (it has ${count})`;
  }
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  return undefined;
}

export function segmentIdProblem(value: string): string | undefined {
  return SEGMENT_ID.test(value) ? undefined : 'must be 1-128 characters of A-Z a-z 0-9 . _ : -';
}

export function speakerProblem(value: string): string | undefined {
  return boundedText(value, SPEAKER_MAX_CHARS);
}

export function textProblem(value: string): string | undefined {
  return boundedText(value, TEXT_MAX_CHARS);
}

export function participantIdProblem(value: string): string | undefined {
  return boundedText(value, PARTICIPANT_ID_MAX_CHARS);
}

export function languageProblem(value: string): string | undefined {
  if (value.length > LANGUAGE_MAX_CHARS) return `must be at most ${LANGUAGE_MAX_CHARS} characters (it has ${value.length})`;
  return LANGUAGE_TAG.test(value) ? undefined : 'must be a BCP 47 tag such as en or en-GB';
}

export function confidenceProblem(value: number): string | undefined {
  return Number.isFinite(value) && value >= 0 && value <= 1 ? undefined : 'must be a number from 0 to 1';
}

export function timeProblem(value: number): string | undefined {
  return Number.isInteger(value) && value >= 0 && value <= MAX_SEGMENT_MS
    ? undefined
    : `must be a whole number of milliseconds from 0 to ${MAX_SEGMENT_MS}`;
}
