import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ApiBodyByMediaType,
  AppConfig,
  Consumes,
  NoTimeout,
  ProblemException,
  RequestContext,
  streamResponse,
  UuidParam,
} from '@quorum/platform';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { SegmentDto } from '../dto/segment.dto';
import { MeetingsService } from '../meetings.service';
import {
  mediaTypeEssence,
  parseTranscript,
  TRANSCRIPT_EXPORT_FORMATS,
  TRANSCRIPT_MEDIA_TYPES,
  TranscriptExportFormat,
  transcriptFileFormat,
  TranscriptFormatError,
  writeChunks,
} from './formats';
import { ExportMaskerRegistry, type TextMasker } from './export-masker.registry';
import type { MeetingForExport } from './formats/meeting-for-export';
import { MinutesActionItemsRegistry } from './minutes-action-items.registry';
import { MinutesAnalysisRegistry } from './minutes-analysis.registry';
import { tooManySegments } from './too-many-segments.problem';
import { TRANSCRIPT_FILE_BODIES } from './transcript-file-bodies';
import { TranscriptService } from './transcript.service';

export class ExportTranscriptQuery {
  @ApiPropertyOptional({ enum: TRANSCRIPT_EXPORT_FORMATS, default: 'json', description: 'md gives readable minutes' })
  @IsOptional()
  @IsIn(TRANSCRIPT_EXPORT_FORMATS)
  format?: TranscriptExportFormat;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      "Apply the tenant's PII masking rules to every text of the file (segments, speakers, the minutes' meeting details and analysis)",
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  masked?: boolean;
}

export class ImportedTranscriptDto {
  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ example: 3 })
  revision: number;

  @ApiProperty({ example: 530, description: 'Segments now in the transcript' })
  imported: number;
}

/** Whole-transcript files: import (replacing the transcript) and export. */
@ApiTags('meetings')
@ApiExtraModels(SegmentDto)
@Controller('meetings/:id/transcript')
export class TranscriptFileController {
  constructor(
    private readonly transcript: TranscriptService,
    private readonly meetings: MeetingsService,
    private readonly config: AppConfig,
    private readonly minutesAnalysis: MinutesAnalysisRegistry,
    private readonly minutesActionItems: MinutesActionItemsRegistry,
    private readonly exportMasker: ExportMaskerRegistry,
  ) {}

  @Post()
  @Consumes(...TRANSCRIPT_MEDIA_TYPES)
  @ApiOperation({
    summary:
      'Import a whole transcript file (WebVTT, SRT, JSON or "Speaker: text" lines, by Content-Type), replacing the transcript; up to 10 MB and 50,000 segments; a bad file changes nothing',
  })
  @ApiBodyByMediaType(TRANSCRIPT_FILE_BODIES)
  @ApiOkResponse({ type: ImportedTranscriptDto })
  async import(@UuidParam('id') id: string, @Req() req: Request): Promise<ImportedTranscriptDto> {
    // The meeting first: another tenant's id must look missing whatever the file holds.
    await this.meetings.get(id);
    const body = typeof req.body === 'string' ? req.body : '';
    let segments;
    try {
      segments = parseTranscript(body, req.headers['content-type'] ?? '');
    } catch (error) {
      if (error instanceof TranscriptFormatError) throw toProblem(error);
      throw error;
    }
    const result = await this.transcript.replace(id, segments);
    return { meetingId: id, revision: result.revision, imported: segments.length };
  }

  @Get()
  // Streamed: a large file to a slow client may rightly outlast REQUEST_TIMEOUT_MS; streamResponse bounds it by progress instead.
  @NoTimeout()
  @ApiOperation({ summary: 'Export the transcript as vtt, srt, json or md (readable minutes), streamed from the database' })
  @ApiProduces('application/json', 'text/vtt', 'application/x-subrip', 'text/markdown')
  @ApiOkResponse({ description: 'The transcript file, sent chunked' })
  async export(@UuidParam('id') id: string, @Query() query: ExportTranscriptQuery, @Res() res: Response): Promise<void> {
    const meeting = await this.meetings.get(id);
    // Everything that can fail cleanly happens before the headers: a missing meeting or an unreachable database is still a problem document.
    const format = query.format ?? 'json';
    const mask = query.masked ? await this.masker() : null;
    const [analysis, actionItems] =
      format === 'md' ? await Promise.all([this.minutesAnalysis.forMeeting(id), this.minutesActionItems.forMeeting(id)]) : [null, []];
    const { lastStartMs, pages } = await this.transcript.pages(id, RequestContext.signal());
    const details: MeetingForExport = { ...meeting, analysis, actionItems };
    const file = transcriptFileFormat(format, mask ? maskedMeeting(details, mask) : details, lastStartMs);
    res.setHeader('Content-Type', `${mediaTypeEssence(file.mediaType)}; charset=utf-8`);
    res.setHeader('Content-Disposition', `attachment; filename="${slug(mask ? mask(meeting.title) : meeting.title)}.${file.extension}"`);
    await streamResponse(res, writeChunks(file.writer, mask ? maskedPages(pages, mask) : pages), this.config.requestTimeoutMs);
  }

  private async masker(): Promise<TextMasker> {
    const mask = await this.exportMasker.masker();
    if (!mask)
      throw new ProblemException({ status: 503, detail: 'PII masking is not loaded in this process; export without masked=true.' });
    return mask;
  }
}

async function* maskedPages(pages: AsyncIterable<SegmentDto[]>, mask: TextMasker): AsyncGenerator<SegmentDto[], void, undefined> {
  for await (const page of pages) yield page.map((segment) => ({ ...segment, speaker: mask(segment.speaker), text: mask(segment.text) }));
}

/** The meeting's own texts masked too: the minutes list participants' addresses, quote the analysis and name assignees. */
function maskedMeeting(meeting: MeetingForExport, mask: TextMasker): MeetingForExport {
  const { analysis } = meeting;
  return {
    ...meeting,
    title: mask(meeting.title),
    description: meeting.description ? mask(meeting.description) : meeting.description,
    participants: meeting.participants.map((p) => ({ ...p, name: mask(p.name), email: mask(p.email) })),
    analysis: analysis && {
      ...analysis,
      summary: analysis.summary === undefined ? undefined : mask(analysis.summary),
      decisions: analysis.decisions?.map(mask),
    },
    actionItems: meeting.actionItems?.map((item) => ({
      ...item,
      title: mask(item.title),
      ...(item.assignee ? { assignee: mask(item.assignee) } : {}),
    })),
  };
}

function toProblem(error: TranscriptFormatError): ProblemException {
  const where = error.line !== undefined ? `line ${error.line}` : error.path;
  if (error.maxSegments !== undefined) {
    return tooManySegments({
      detail: `${where === undefined ? '' : `${where}: `}${error.problem}.`,
      errors: [{ field: where ?? 'body', message: error.problem }],
      extensions: { ...(error.line !== undefined ? { line: error.line } : {}), ...(error.path !== undefined ? { path: error.path } : {}) },
    });
  }
  return new ProblemException({
    status: error.status,
    slug: error.status === 422 ? 'invalid-transcript' : error.status === 400 ? 'malformed-transcript' : undefined,
    title: error.status === 422 ? 'Invalid transcript' : error.status === 400 ? 'Malformed transcript' : undefined,
    detail: error.message,
    errors: [{ field: where ?? 'body', message: error.problem }],
    extensions: error.line !== undefined ? { line: error.line } : {},
    headers: error.supportedMediaTypes ? { 'Accept-Post': error.supportedMediaTypes.join(', ') } : {},
  });
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .toLowerCase()
      .slice(0, 80) || 'transcript'
  );
}
