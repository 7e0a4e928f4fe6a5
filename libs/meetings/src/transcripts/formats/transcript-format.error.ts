import { MAX_TRANSCRIPT_SEGMENTS } from './segment';

/**
 * 400: the body cannot be read as the format (syntax); 413: over MAX_TRANSCRIPT_BYTES;
 * 415: a media type no parser handles; 422: well-formed but breaks a segment rule
 * or holds more than MAX_TRANSCRIPT_SEGMENTS segments.
 */
export type TranscriptFormatStatus = 400 | 413 | 415 | 422;

export interface TranscriptFormatProblem {
  status: TranscriptFormatStatus;
  /** 1-based line of the body, for the line-oriented formats. */
  line?: number;
  /** Where in a JSON document, e.g. `segments[3].endMs`, since JSON errors are about values rather than lines. */
  path?: string;
  /** What is wrong, without the location. */
  problem: string;
  /** On 415: the media types that would have worked, for an `Accept-Post` header. */
  supportedMediaTypes?: readonly string[];
  /** Set when the file holds more than this many segments (MAX_TRANSCRIPT_SEGMENTS), so clients can tell a size limit from a broken file. */
  maxSegments?: number;
}

/** Why a transcript body was refused, precise enough for a client to fix the file. */
export class TranscriptFormatError extends Error {
  readonly status: TranscriptFormatStatus;
  readonly line?: number;
  readonly path?: string;
  readonly problem: string;
  readonly supportedMediaTypes?: readonly string[];
  readonly maxSegments?: number;

  constructor(init: TranscriptFormatProblem) {
    super(
      init.line !== undefined
        ? `line ${init.line}: ${init.problem}`
        : init.path !== undefined
          ? `${init.path}: ${init.problem}`
          : init.problem,
    );
    this.name = 'TranscriptFormatError';
    this.status = init.status;
    this.line = init.line;
    this.path = init.path;
    this.problem = init.problem;
    this.supportedMediaTypes = init.supportedMediaTypes;
    this.maxSegments = init.maxSegments;
  }

  /** The body is not valid in the format at all. */
  static syntax(line: number | undefined, problem: string): TranscriptFormatError {
    return new TranscriptFormatError({ status: 400, line, problem });
  }

  /** The body reads fine but what it says breaks a rule (times, lengths, duplicates). */
  static content(line: number | undefined, problem: string): TranscriptFormatError {
    return new TranscriptFormatError({ status: 422, line, problem });
  }

  /** The segment at `where` would be one more than MAX_TRANSCRIPT_SEGMENTS; parsers throw this as soon as they reach it. */
  static tooManySegments(where: { line?: number; path?: string }): TranscriptFormatError {
    return new TranscriptFormatError({
      status: 422,
      ...where,
      problem: `the transcript has more than ${MAX_TRANSCRIPT_SEGMENTS} segments, the most one transcript may hold`,
      maxSegments: MAX_TRANSCRIPT_SEGMENTS,
    });
  }
}

/** For parsers: throws tooManySegments once `count` segments would pass the cap. */
export function checkSegmentCount(count: number, where: { line?: number; path?: string }): void {
  if (count > MAX_TRANSCRIPT_SEGMENTS) throw TranscriptFormatError.tooManySegments(where);
}
