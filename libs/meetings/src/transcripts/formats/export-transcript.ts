import { exportJson } from './export-json';
import { exportMarkdown } from './export-markdown';
import { exportSrt } from './export-srt';
import { exportVtt } from './export-vtt';
import { MeetingForExport } from './meeting-for-export';
import { SegmentInput } from './segment';
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

/** Writes the segments in a download format. vtt, srt and json read back through parseTranscript with the same media type. */
export function exportTranscript(format: TranscriptExportFormat, meeting: MeetingForExport, segments: readonly SegmentInput[]): ExportedTranscript {
  switch (format) {
    case 'vtt':
      return { body: exportVtt(segments), mediaType: 'text/vtt; charset=utf-8', extension: 'vtt' };
    case 'srt':
      return { body: exportSrt(segments), mediaType: 'application/x-subrip; charset=utf-8', extension: 'srt' };
    case 'json':
      return { body: exportJson(segments), mediaType: 'application/json', extension: 'json' };
    case 'md':
      return { body: exportMarkdown(meeting, segments), mediaType: 'text/markdown; charset=utf-8', extension: 'md' };
    default:
      // Reachable from untyped callers such as a query parameter cast to the type.
      throw TranscriptFormatError.syntax(undefined, `unknown export format ${JSON.stringify(format)}; supported: ${TRANSCRIPT_EXPORT_FORMATS.join(', ')}`);
  }
}
