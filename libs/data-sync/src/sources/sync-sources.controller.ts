import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Idempotent, PageQueryDto, Problem, Roles, UuidParam } from '@quorum/platform';
import {
  CreateSyncSourceDto,
  SyncCheckDto,
  SyncPreviewDto,
  SyncPreviewResultDto,
  SyncRunRequestedDto,
  SyncSourceDto,
  SyncSourcePageDto,
  UpdateSyncSourceDto,
} from '../dto/sync-source.dto';
import { SyncSourcesService } from './sync-sources.service';

/** Sources hold credentials and bring data in, so only admins and owners manage them. */
@ApiTags('sync')
@Roles('admin')
@ApiForbiddenResponse({ type: Problem, description: 'insufficient-role: admins and owners only' })
@Controller('sync/sources')
export class SyncSourcesController {
  constructor(private readonly sources: SyncSourcesService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Add a data source (connector kind, settings, credentials, streams, schedule); credentials are encrypted and never returned',
  })
  @ApiCreatedResponse({ type: SyncSourceDto })
  @ApiUnprocessableEntityResponse({
    type: Problem,
    description: 'url-not-allowed: the feed URL does not resolve or reaches a non-public address',
  })
  create(@Body() dto: CreateSyncSourceDto): Promise<SyncSourceDto> {
    return this.sources.create(dto);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's data sources, newest first" })
  @ApiOkResponse({ type: SyncSourcePageDto })
  list(@Query() query: PageQueryDto): Promise<SyncSourcePageDto> {
    return this.sources.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One data source' })
  @ApiOkResponse({ type: SyncSourceDto })
  @ApiNotFoundResponse({ type: Problem })
  get(@UuidParam('id') id: string): Promise<SyncSourceDto> {
    return this.sources.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a data source; `credentials: null` removes them' })
  @ApiOkResponse({ type: SyncSourceDto })
  @ApiNotFoundResponse({ type: Problem })
  @ApiUnprocessableEntityResponse({ type: Problem, description: 'url-not-allowed' })
  update(@UuidParam('id') id: string, @Body() dto: UpdateSyncSourceDto): Promise<SyncSourceDto> {
    return this.sources.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a data source with its runs and sync state; the meetings it made stay' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: Problem })
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.sources.remove(id);
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test the connection (reach the source with the credentials and read from it)' })
  @ApiOkResponse({ type: SyncCheckDto })
  @ApiNotFoundResponse({ type: Problem })
  @ApiUnprocessableEntityResponse({
    type: Problem,
    description: 'sync-check-failed: the reason (HTTP status, DNS, refused URL, not iCalendar…)',
  })
  check(@UuidParam('id') id: string): Promise<{ ok: true }> {
    return this.sources.check(id);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({ summary: "Apply a stream's transformation rules (saved, or given to try) to a sample record; nothing is written" })
  @ApiOkResponse({ type: SyncPreviewResultDto })
  @ApiNotFoundResponse({ type: Problem })
  @ApiUnprocessableEntityResponse({ type: Problem, description: 'sync-stream-unknown: the source does not sync that stream' })
  preview(@UuidParam('id') id: string, @Body() dto: SyncPreviewDto): Promise<SyncPreviewResultDto> {
    return this.sources.preview(id, dto);
  }

  @Post(':id/runs')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the source now, in a job; its run appears in GET /sync/runs' })
  @ApiAcceptedResponse({
    type: SyncRunRequestedDto,
    headers: { Location: { description: "The job's status", schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ type: Problem })
  async run(@UuidParam('id') id: string, @Res({ passthrough: true }) res: Response): Promise<SyncRunRequestedDto> {
    const requested = await this.sources.run(id);
    res.setHeader('Location', requested.location);
    return requested;
  }
}
