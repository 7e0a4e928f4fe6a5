import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Problem, Roles, UuidParam } from '@quorum/platform';
import { ListSyncConflictsQuery } from './dto/list-sync-conflicts.query';
import { ResolveSyncConflictDto, SyncConflictDto, SyncConflictPageDto } from './dto/sync-conflict.dto';
import { SyncConflictsService } from './sync-conflicts.service';

@ApiTags('sync')
@Roles('admin')
@ApiForbiddenResponse({ type: Problem, description: 'insufficient-role: admins and owners only' })
@Controller('sync/conflicts')
export class SyncConflictsController {
  constructor(private readonly conflicts: SyncConflictsService) {}

  @Get()
  @ApiOperation({ summary: 'Fields changed both in Quorum and at a source since the last sync, with no owner to decide; newest first' })
  @ApiOkResponse({ type: SyncConflictPageDto })
  list(@Query() query: ListSyncConflictsQuery): Promise<SyncConflictPageDto> {
    return this.conflicts.list(query);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve a conflict: keep the local value, the remote one, or a merged value (written to both sides)' })
  @ApiOkResponse({ type: SyncConflictDto })
  @ApiNotFoundResponse({ type: Problem })
  @ApiConflictResponse({ type: Problem, description: 'sync-conflict-resolved: resolved before' })
  @ApiUnprocessableEntityResponse({ type: Problem, description: 'sync-conflict-value-invalid: the merged value does not fit the field' })
  resolve(@UuidParam('id') id: string, @Body() dto: ResolveSyncConflictDto): Promise<SyncConflictDto> {
    return this.conflicts.resolve(id, dto);
  }
}
