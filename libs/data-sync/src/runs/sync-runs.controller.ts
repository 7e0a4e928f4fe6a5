import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Problem, Roles, UuidParam } from '@quorum/platform';
import { ListSyncRunsQuery, SyncRunDetailDto, SyncRunPageDto } from '../dto/sync-run.dto';
import { SyncRunsService } from './sync-runs.service';

@ApiTags('sync')
@Roles('admin')
@ApiForbiddenResponse({ type: Problem, description: 'insufficient-role: admins and owners only' })
@Controller('sync/runs')
export class SyncRunsController {
  constructor(private readonly runs: SyncRunsService) {}

  @Get()
  @ApiOperation({ summary: 'Sync runs, newest first, optionally of one source: status, reason and per-stream counts' })
  @ApiOkResponse({ type: SyncRunPageDto })
  list(@Query() query: ListSyncRunsQuery): Promise<SyncRunPageDto> {
    return this.runs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One run with its log lines' })
  @ApiOkResponse({ type: SyncRunDetailDto })
  @ApiNotFoundResponse({ type: Problem })
  get(@UuidParam('id') id: string): Promise<SyncRunDetailDto> {
    return this.runs.get(id);
  }
}
