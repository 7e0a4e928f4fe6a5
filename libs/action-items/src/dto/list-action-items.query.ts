import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@quorum/platform';
import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  type ActionItemPriority,
  type ActionItemStatus,
} from '../entities/action-item-fields';

export const ACTION_ITEM_SORTS = ['-createdAt', 'createdAt', 'dueAt', '-dueAt', 'priority', '-priority'] as const;
export type ActionItemSort = (typeof ACTION_ITEM_SORTS)[number];

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;
const booleanText = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListActionItemsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'One or more statuses, comma-separated', example: 'open,in_progress', type: String })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(ACTION_ITEM_STATUSES.length)
  @IsIn(ACTION_ITEM_STATUSES, { each: true })
  status?: ActionItemStatus[];

  @ApiPropertyOptional({ description: 'One or more priorities, comma-separated', example: 'high,urgent', type: String })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(ACTION_ITEM_PRIORITIES.length)
  @IsIn(ACTION_ITEM_PRIORITIES, { each: true })
  priority?: ActionItemPriority[];

  @ApiPropertyOptional({ description: 'Assigned to this member: a user id, or `me`', example: 'me' })
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'assignee must be a user id or me' })
  assignee?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the action items of this meeting' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: due in the past and still open or in progress; false: everything else' })
  @IsOptional()
  @Transform(booleanText)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Due at or after this instant', example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueFrom?: Date;

  @ApiPropertyOptional({ description: 'Due before this instant', example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueTo?: Date;

  @ApiPropertyOptional({
    enum: ACTION_ITEM_SORTS,
    default: '-createdAt',
    description: 'Items without a due date come last in both directions of dueAt; priority sorts low → urgent',
  })
  @IsOptional()
  @IsIn(ACTION_ITEM_SORTS)
  sort?: ActionItemSort;
}
