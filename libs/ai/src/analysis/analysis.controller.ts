import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Problem, UuidParam } from '@quorum/platform';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { type AnalysisRequested, AnalysisService } from './analysis.service';
import { MeetingAnalysisDto } from './dto/meeting-analysis.dto';
import { RequestAnalysisDto } from './dto/request-analysis.dto';
import { ANALYSIS_KINDS, type AnalysisKind } from './entities/meeting-analysis.entity';

export class AnalysisRequestedDto implements AnalysisRequested {
  @ApiProperty({ description: 'The job that makes the analysis' })
  jobId: string;

  @ApiProperty({ example: '/api/v1/jobs/c0a86b7a-6e21-8b79-afb5-8c3e3d55b7af', description: "The job's status; also the Location header" })
  location: string;

  @ApiProperty({ example: '/api/v1/meetings/0b8f…/analysis', description: 'Where the analysis is read once the job has succeeded' })
  analysis: string;
}

export class AnalysisKindQuery {
  @ApiPropertyOptional({ enum: ANALYSIS_KINDS, default: 'final', description: '`rolling`: the running analysis of a live meeting' })
  @IsOptional()
  @IsIn(ANALYSIS_KINDS)
  kind?: AnalysisKind;
}

@ApiTags('meetings')
@Controller('meetings/:id/analysis')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Analyse the meeting (summary, decisions, action items, topics, questions, keywords, speakers, sentiment) in a job. While one is queued or running, the same job is returned.',
  })
  @ApiNotFoundResponse({ type: Problem, description: 'No such meeting in this tenant' })
  @ApiConflictResponse({ type: Problem, description: '`no-transcript`: the meeting has no transcript to analyse' })
  @ApiUnprocessableEntityResponse({ type: Problem, description: 'The provider is unknown, or not configured for chat here' })
  @ApiServiceUnavailableResponse({ type: Problem, description: '`jobs-unavailable`: the job queue did not answer; nothing was queued' })
  @ApiAcceptedResponse({
    type: AnalysisRequestedDto,
    headers: { Location: { description: "The job's status", schema: { type: 'string' } } },
  })
  async request(
    @UuidParam('id') id: string,
    @Body() dto: RequestAnalysisDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AnalysisRequestedDto> {
    const requested = await this.analysis.request(id, dto.provider);
    res.setHeader('Location', requested.location);
    return requested;
  }

  @Get()
  @ApiOperation({ summary: "The meeting's latest analysis, with the provider, model, tokens, cost and duration that made it" })
  @ApiOkResponse({ type: MeetingAnalysisDto })
  @ApiNotFoundResponse({ type: Problem, description: 'No such meeting in this tenant, or it has not been analysed yet' })
  latest(@UuidParam('id') id: string, @Query() query: AnalysisKindQuery): Promise<MeetingAnalysisDto> {
    return this.analysis.latest(id, query.kind);
  }
}
