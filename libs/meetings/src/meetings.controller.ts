import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent, IfMatch, Problem, UuidParam } from '@quorum/platform';
import { CreateMeetingDto } from './dto/create-meeting.dto';
import { ListMeetingsQuery } from './dto/list-meetings.query';
import { MeetingPageDto } from './dto/meeting-search-hit.dto';
import { MeetingDto } from './dto/meeting.dto';
import { UpdateMeetingDto } from './dto/update-meeting.dto';
import { MeetingsService } from './meetings.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag you read; a stale one gets 412 instead of overwriting a newer change',
};

@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  @ApiOperation({ summary: 'List meetings (filters, sort, cursor pagination), or search them with q' })
  @ApiOkResponse({ type: MeetingPageDto })
  list(@Query() query: ListMeetingsQuery): Promise<MeetingPageDto> {
    return this.meetings.list(query);
  }

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Create a meeting' })
  @ApiCreatedResponse({ type: MeetingDto })
  create(@Body() dto: CreateMeetingDto): Promise<MeetingDto> {
    return this.meetings.create(dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One meeting; the ETag header carries its version' })
  @ApiOkResponse({ type: MeetingDto })
  get(@UuidParam('id') id: string): Promise<MeetingDto> {
    return this.meetings.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a meeting; status moves only along scheduled → live → completed (or cancelled)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: MeetingDto })
  @ApiPreconditionFailedResponse({ type: Problem })
  @ApiConflictResponse({ type: Problem, description: 'The status change is not allowed' })
  update(@UuidParam('id') id: string, @Body() dto: UpdateMeetingDto, @IfMatch() ifMatch: number | null | undefined): Promise<MeetingDto> {
    return this.meetings.update(id, dto, ifMatch);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a meeting with its transcript and everything attached (audited)' })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  remove(@UuidParam('id') id: string, @IfMatch() ifMatch: number | null | undefined): Promise<void> {
    return this.meetings.remove(id, ifMatch);
  }
}
