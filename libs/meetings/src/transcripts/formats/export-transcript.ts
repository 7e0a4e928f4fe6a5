import { byStart } from './by-start';
import { JsonWriter } from './export-json';
import { MarkdownWriter } from './export-markdown';
import { SrtWriter } from './export-srt';
import { type TranscriptFileWriter, writeWhole } from './export-transcript-writer';
import { VttWriter } from './export-vtt';
import { type MeetingForExport } from './meeting-for-export';
import { type SegmentInput } from './segment';
import { TranscriptFormatError } from './transcript-format.error';

export const TRANSCRIPT_EXPORT_FORMATS = ['vtt', 'srt', 'json', 'md'] as const;
export type TranscriptExportFormat = (typeof TRANSCRIPT_EXPORT_FORMATS)[number];

export interface ExportedTranscript {
  body: string;
  /** For Content-Type. */
  mediaType: string;
  /** Without the dot, for a download file name. */
  extension: string;
}

/** A download format's writer, with what the response needs to announce it. */
export interface TranscriptFileFormat {
  writer: TranscriptFileWriter;
  mediaType: string;
  extension: string;
  /** Whether the writer needs the segments in start order (all but json, which keeps the order given). */
  inStartOrder: boolean;
}

/**
 * The writer for a download format. `lastStartMs`, the latest start in the
 * transcript (undefined when empty), is only read by md, whose clock format
 * depends on it.
 */
export function transcriptFileFormat(
  format: TranscriptExportFormat,
  meeting: MeetingForExport,
  lastStartMs: number | undefined,
): TranscriptFileFormat {
  switch (format) {
    case 'vtt':
      return { writer: new VttWriter(), mediaType: 'text/vtt; charset=utf-8', extension: 'vtt', inStartOrder: true };
    case 'srt':
      return { writer: new SrtWriter(), mediaType: 'application/x-subrip; charset=utf-8', extension: 'srt', inStartOrder: true };
    case 'json':
      return { writer: new JsonWriter(), mediaType: 'application/json', extension: 'json', inStartOrder: false };
    case 'md':
      return {
        writer: new MarkdownWriter(meeting, lastStartMs),
        mediaType: 'text/markdown; charset=utf-8',
        extension: 'md',
        inStartOrder: true,
      };
    default:
      // Reachable from untyped callers such as a query parameter cast to the type.
      throw TranscriptFormatError.syntax(
        undefined,
        `unknown export format ${JSON.stringify(format)}; supported: ${TRANSCRIPT_EXPORT_FORMATS.join(', ')}`,
      );
  }
}

/** Writes the segments in a download format. vtt, srt and json read back through parseTranscript with the same media type. */
export function exportTranscript(
  format: TranscriptExportFormat,
  meeting: MeetingForExport,
  segments: readonly SegmentInput[],
): ExportedTranscript {
  const ordered = byStart(segments);
  const { writer, mediaType, extension, inStartOrder } = transcriptFileFormat(format, meeting, ordered[ordered.length - 1]?.startMs);
  return { body: writeWhole(writer, inStartOrder ? ordered : segments), mediaType, extension };
}
