import { parseJsonTranscript } from './parse-json';
import { parsePlainText } from './parse-plain-text';
import { parseSrt } from './parse-srt';
import { parseVtt } from './parse-vtt';
import { MAX_TRANSCRIPT_BYTES, type SegmentInput } from './segment';
import { TranscriptFormatError } from './transcript-format.error';

const PARSERS: ReadonlyMap<string, (body: string) => SegmentInput[]> = new Map([
  ['text/vtt', parseVtt],
  ['application/x-subrip', parseSrt],
  ['text/srt', parseSrt],
  ['application/srt', parseSrt],
  ['application/json', parseJsonTranscript],
  ['text/plain', parsePlainText],
]);

/** Every media type parseTranscript reads, for `Accept-Post` and API docs. */
export const TRANSCRIPT_MEDIA_TYPES: readonly string[] = [...PARSERS.keys()];

/** `Text/VTT; charset=utf-8` → `text/vtt`: the body is already a decoded string, so parameters carry nothing a parser needs. */
export function mediaTypeEssence(mediaType: string): string {
  return mediaType.split(';', 1)[0].trim().toLowerCase();
}

/**
 * Reads a transcript in the format its media type names. Throws
 * TranscriptFormatError: 413 over MAX_TRANSCRIPT_BYTES (UTF-8), 415 for a media
 * type without a parser, 400 for syntax, 422 for content that breaks the rules.
 */
export function parseTranscript(body: string, mediaType: string): SegmentInput[] {
  // Checked before anything else so an oversized body costs no parsing.
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_TRANSCRIPT_BYTES) {
    throw new TranscriptFormatError({
      status: 413,
      problem: `the transcript is ${bytes} bytes; the limit is ${MAX_TRANSCRIPT_BYTES} (10 MiB)`,
    });
  }
  const essence = mediaTypeEssence(mediaType);
  const parse = PARSERS.get(essence);
  if (!parse) {
    throw new TranscriptFormatError({
      status: 415,
      problem: `unsupported media type ${JSON.stringify(essence)}; supported: ${TRANSCRIPT_MEDIA_TYPES.join(', ')}`,
      supportedMediaTypes: TRANSCRIPT_MEDIA_TYPES,
    });
  }
  return parse(body);
}
