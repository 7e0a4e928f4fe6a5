import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Idempotent, IfMatch, Problem, UuidParam } from '@quorum/platform';
import { ActionItemsService } from './action-items.service';
import { ActionItemDto, ActionItemListDto, ActionItemPageDto } from './dto/action-item.dto';
import { BulkUpdateActionItemsDto } from './dto/bulk-update-action-items.dto';
import { CreateActionItemDto } from './dto/create-action-item.dto';
import { ListActionItemsQuery } from './dto/list-action-items.query';
import { UpdateActionItemDto } from './dto/update-action-item.dto';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag you read; a stale one gets 412 instead of overwriting a newer change',
};
const BAD_REFERENCE = {
  type: Problem,
  description: 'The meeting is not one of this tenant, the assignee is not a member, or segmentId lacks a meeting',
};

@ApiTags('action-items')
@Controller('action-items')
export class ActionItemsController {
  constructor(private readonly actionItems: ActionItemsService) {}

  @Get()
  @ApiOperation({ summary: 'List action items (filters, sort by due date or priority, cursor pagination)' })
  @ApiOkResponse({ type: ActionItemPageDto })
  list(@Query() query: ListActionItemsQuery): Promise<ActionItemPageDto> {
    return this.actionItems.list(query);
  }

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Create an action item, optionally linked to a meeting and one of its transcript segments' })
  @ApiCreatedResponse({ type: ActionItemDto })
  @ApiUnprocessableEntityResponse(BAD_REFERENCE)
  create(@Body() dto: CreateActionItemDto): Promise<ActionItemDto> {
    return this.actionItems.create(dto);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the status of up to 100 action items at once: all of them or none' })
  @ApiOkResponse({ type: ActionItemListDto })
  @ApiNotFoundResponse({ type: Problem, description: 'Some ids are not action items of this tenant (`missingIds`); nothing was changed' })
  async bulkUpdate(@Body() dto: BulkUpdateActionItemsDto): Promise<ActionItemListDto> {
    return { items: await this.actionItems.bulkUpdateStatus(dto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One action item; the ETag header carries its version' })
  @ApiOkResponse({ type: ActionItemDto })
  get(@UuidParam('id') id: string): Promise<ActionItemDto> {
    return this.actionItems.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an action item; completedAt follows the status' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ActionItemDto })
  @ApiPreconditionFailedResponse({ type: Problem })
  @ApiUnprocessableEntityResponse(BAD_REFERENCE)
  update(
    @UuidParam('id') id: string,
    @Body() dto: UpdateActionItemDto,
    @IfMatch() ifMatch: number | null | undefined,
  ): Promise<ActionItemDto> {
    return this.actionItems.update(id, dto, ifMatch);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an action item (audited)' })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiPreconditionFailedResponse({ type: Problem })
  remove(@UuidParam('id') id: string, @IfMatch() ifMatch: number | null | undefined): Promise<void> {
    return this.actionItems.remove(id, ifMatch);
  }
}
