import {
  canonicalSegment,
  confidenceProblem,
  languageProblem,
  MAX_TRANSCRIPT_SEGMENTS,
  participantIdProblem,
  segmentIdProblem,
  type SegmentInput,
  speakerProblem,
  textProblem,
  timeProblem,
} from './segment';
import { jsonPosition, type JsonLimits, scanJson } from './json-syntax';
import { TranscriptFormatError } from './transcript-format.error';

const SEGMENT_KEYS: readonly (keyof SegmentInput)[] = [
  'segmentId',
  'speaker',
  'participantId',
  'startMs',
  'endMs',
  'text',
  'confidence',
  'language',
];
const KNOWN_KEYS = new Set<string>(SEGMENT_KEYS);

/**
 * What a valid document can need: the wrapper object and the list, then each
 * segment and its fields. Anything bigger is refused before JSON.parse builds
 * it, which bounds the memory one import can take whatever the JSON holds.
 */
const JSON_LIMITS: JsonLimits = {
  maxSegments: MAX_TRANSCRIPT_SEGMENTS,
  maxValues: 2 + MAX_TRANSCRIPT_SEGMENTS * (1 + SEGMENT_KEYS.length),
};

function invalid(path: string, problem: string): TranscriptFormatError {
  return new TranscriptFormatError({ status: 422, path, problem });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a.b` for plain names, `a["odd key"]` otherwise, so a path can always be read back unambiguously. */
function member(base: string, key: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

function parseDocument(body: string): unknown {
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  const scan = scanJson(text, JSON_LIMITS);
  if (scan.syntaxError) {
    const { line, column } = jsonPosition(text, scan.syntaxError.offset);
    throw TranscriptFormatError.syntax(line, `invalid JSON: ${scan.syntaxError.problem} (column ${column})`);
  }
  if (scan.tooManySegments)
    throw TranscriptFormatError.tooManySegments({ path: `${scan.tooManySegments.base}[${scan.tooManySegments.index}]` });
  if (scan.tooManyValues) {
    const { line, column } = jsonPosition(text, scan.tooManyValues.offset);
    throw TranscriptFormatError.content(
      line,
      `the document holds more than ${JSON_LIMITS.maxValues} JSON values (the most ${MAX_TRANSCRIPT_SEGMENTS} segments can need), the first one too many at column ${column}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // Only if the scan and the engine disagree about validity; the engine's words are better than nothing.
    throw TranscriptFormatError.syntax(undefined, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readString(
  item: Record<string, unknown>,
  key: keyof SegmentInput,
  path: string,
  rule: (value: string) => string | undefined,
): string {
  const value = item[key];
  if (typeof value !== 'string') throw invalid(path, value === undefined ? 'is required' : 'must be a string');
  const problem = rule(value);
  if (problem) throw invalid(path, problem);
  return value;
}

function readTime(item: Record<string, unknown>, key: 'startMs' | 'endMs', path: string): number {
  const value = item[key];
  if (typeof value !== 'number') throw invalid(path, value === undefined ? 'is required' : 'must be a number');
  const problem = timeProblem(value);
  if (problem) throw invalid(path, problem);
  // JSON can spell zero as -0, which would survive into exports and equality checks as a different number.
  return value === 0 ? 0 : value;
}

function readSegment(item: unknown, path: string): SegmentInput {
  if (!isObject(item)) throw invalid(path, 'must be an object');
  for (const key of Object.keys(item)) {
    if (!KNOWN_KEYS.has(key)) throw invalid(member(path, key), `is not a segment property (allowed: ${SEGMENT_KEYS.join(', ')})`);
  }
  // Copied field by field, so nothing else from the document rides along into storage.
  const segment: SegmentInput = {
    segmentId: readString(item, 'segmentId', `${path}.segmentId`, segmentIdProblem),
    speaker: readString(item, 'speaker', `${path}.speaker`, speakerProblem),
    startMs: readTime(item, 'startMs', `${path}.startMs`),
    endMs: readTime(item, 'endMs', `${path}.endMs`),
    text: readString(item, 'text', `${path}.text`, textProblem),
  };
  if (segment.endMs < segment.startMs) throw invalid(`${path}.endMs`, `must not be before startMs (${segment.endMs} < ${segment.startMs})`);
  if (item.participantId !== undefined)
    segment.participantId = readString(item, 'participantId', `${path}.participantId`, participantIdProblem);
  if (item.confidence !== undefined) {
    if (typeof item.confidence !== 'number') throw invalid(`${path}.confidence`, 'must be a number');
    const problem = confidenceProblem(item.confidence);
    if (problem) throw invalid(`${path}.confidence`, problem);
    segment.confidence = item.confidence;
  }
  if (item.language !== undefined) segment.language = readString(item, 'language', `${path}.language`, languageProblem);
  return canonicalSegment(segment);
}

/**
 * JSON: an array of segments or `{ "segments": [...] }`, nothing else. Values
 * are held to the SegmentInput rules; `null` is not accepted for optional
 * fields (leave them out). Errors name the JSON path, e.g. `segments[3].endMs`
 * (or `[3].endMs` for a bare array). A document that parses but has the wrong
 * shape or values is 422; only unparseable JSON is 400. More than
 * MAX_TRANSCRIPT_SEGMENTS segments is refused before the document is built.
 */
export function parseJsonTranscript(body: string): SegmentInput[] {
  const document = parseDocument(body);
  let items: unknown[];
  let base: string;
  if (Array.isArray(document)) {
    items = document;
    base = '';
  } else if (isObject(document) && 'segments' in document) {
    for (const key of Object.keys(document)) {
      if (key !== 'segments') throw invalid(member('', key), 'is not allowed: the document holds only "segments"');
    }
    if (!Array.isArray(document.segments)) throw invalid('segments', 'must be an array');
    items = document.segments;
    base = 'segments';
  } else {
    throw new TranscriptFormatError({ status: 422, problem: 'expected an array of segments or an object { "segments": [...] }' });
  }
  if (items.length === 0) throw new TranscriptFormatError({ status: 422, problem: 'the transcript has no segments' });
  // The scan counts the list by its raw key; a key spelt with escapes ("\u0073egments") is only known here.
  if (items.length > MAX_TRANSCRIPT_SEGMENTS) throw TranscriptFormatError.tooManySegments({ path: `${base}[${MAX_TRANSCRIPT_SEGMENTS}]` });

  const firstIndex = new Map<string, number>();
  return items.map((item, index) => {
    const segment = readSegment(item, `${base}[${index}]`);
    const earlier = firstIndex.get(segment.segmentId);
    if (earlier !== undefined)
      throw invalid(`${base}[${index}].segmentId`, `duplicates ${base}[${earlier}].segmentId ${JSON.stringify(segment.segmentId)}`);
    firstIndex.set(segment.segmentId, index);
    return segment;
  });
}
