import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Consumes, Idempotent, NoTimeout, Problem, UuidParam } from '@quorum/platform';
import type { Request, Response } from 'express';
import { RecordingAcceptedDto, RecordingDto } from './dto/recording.dto';
import { RecordingsService } from './recordings.service';

@ApiTags('meetings')
@Controller('meetings/:id/recordings')
export class RecordingsController {
  constructor(private readonly recordings: RecordingsService) {}

  @Post()
  @Idempotent()
  @HttpCode(202)
  @Consumes('multipart/form-data')
  // The body arrives within REQUEST_TIMEOUT_MS or the server answers 408 itself; storing it must not be cut off halfway.
  @NoTimeout()
  @ApiOperation({
    summary:
      'Upload a recording (multipart: `file`, optional `language`) to transcribe in a job; its segments join the transcript and the meeting is analysed. WAV, MP3, FLAC, Ogg, WebM or M4A by content, up to RECORDING_MAX_BYTES; 503 when no provider transcribes.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, language: { type: 'string', example: 'en', description: 'ISO 639-1' } },
    },
  })
  @ApiNotFoundResponse({ type: Problem, description: 'No such meeting in this tenant' })
  @ApiPayloadTooLargeResponse({ type: Problem, description: 'Over RECORDING_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({
    type: Problem,
    description: 'Not multipart, or the file is not audio in an accepted format (judged by content)',
  })
  @ApiUnprocessableEntityResponse({ type: Problem, description: 'No `file` part, an empty file, or a bad `language`' })
  @ApiServiceUnavailableResponse({ type: Problem, description: '`ai-unavailable` naming AI_TRANSCRIPTION_PROVIDER, or `jobs-unavailable`' })
  @ApiAcceptedResponse({
    type: RecordingAcceptedDto,
    headers: { Location: { description: "The transcription job's status", schema: { type: 'string' } } },
  })
  async upload(@UuidParam('id') id: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<RecordingAcceptedDto> {
    const accepted = await this.recordings.upload(id, req);
    res.setHeader('Location', accepted.location);
    return accepted;
  }

  @Get()
  @ApiOperation({ summary: "The meeting's recordings (latest 100) and how their transcription went" })
  @ApiOkResponse({ type: [RecordingDto] })
  @ApiNotFoundResponse({ type: Problem, description: 'No such meeting in this tenant' })
  list(@UuidParam('id') id: string): Promise<RecordingDto[]> {
    return this.recordings.list(id);
  }
}
