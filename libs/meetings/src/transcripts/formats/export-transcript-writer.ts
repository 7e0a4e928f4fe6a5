import { type SegmentInput } from './segment';

/**
 * Writes one transcript file piece by piece, so an export can stream from the
 * database a page at a time and never hold the whole transcript or file.
 * begin() + write(page 1) + write(page 2) + … + end() is byte for byte the
 * file the whole-transcript exporters give for all the pages at once.
 */
export interface TranscriptFileWriter {
  /** What comes before the first segment. */
  begin(): string;
  /** The next segments, in file order (start order for vtt, srt and md, which do not sort pages themselves). */
  write(segments: readonly SegmentInput[]): string;
  /** What comes after the last segment. */
  end(): string;
}

/** The whole file at once: what the whole-transcript exporters and their tests use. */
export function writeWhole(writer: TranscriptFileWriter, segments: readonly SegmentInput[]): string {
  return writer.begin() + writer.write(segments) + writer.end();
}

/** The file as chunks: one per page, as the pages arrive, for a streamed response. */
export async function* writeChunks(
  writer: TranscriptFileWriter,
  pages: AsyncIterable<readonly SegmentInput[]>,
): AsyncGenerator<string, void, undefined> {
  yield writer.begin();
  for await (const page of pages) yield writer.write(page);
  yield writer.end();
}
