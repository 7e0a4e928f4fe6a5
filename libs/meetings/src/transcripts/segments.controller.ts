import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PAGE_LIMITS, pageQuery, Problem, UuidParam } from '@quorum/platform';
import { AppendedSegmentsDto, AppendSegmentsDto, SegmentPageDto } from '../dto/append-segments.dto';
import { TranscriptService } from './transcript.service';

/** `limit` and `cursor`: a transcript is read in pages of 100 segments by default. */
export class SegmentPageQuery extends pageQuery(PAGE_LIMITS.transcript) {}

@ApiTags('meetings')
@Controller('meetings/:id/segments')
export class SegmentsController {
  constructor(private readonly transcript: TranscriptService) {}

  @Post()
  @ApiOperation({ summary: 'Append a batch of transcript segments; a segmentId sent again replaces its segment' })
  @ApiCreatedResponse({ type: AppendedSegmentsDto })
  @ApiConflictResponse({ type: Problem, description: 'The meeting is cancelled' })
  append(@UuidParam('id') id: string, @Body() dto: AppendSegmentsDto): Promise<AppendedSegmentsDto> {
    return this.transcript.append(id, dto.segments);
  }

  @Get()
  @ApiOperation({ summary: 'Page through the transcript in time order' })
  @ApiOkResponse({ type: SegmentPageDto })
  page(@UuidParam('id') id: string, @Query() query: SegmentPageQuery): Promise<SegmentPageDto> {
    return this.transcript.page(id, query);
  }
}
