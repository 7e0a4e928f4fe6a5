import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACTION_ITEM_ORIGINS,
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  type ActionItemOrigin,
  type ActionItemPriority,
  type ActionItemStatus,
} from '../entities/action-item-fields';
import { ActionItem } from '../entities/action-item.entity';

export class ActionItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Send the Q3 budget to finance' })
  title: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  description: string | null;

  @ApiProperty({ enum: ACTION_ITEM_STATUSES, example: 'open' })
  status: ActionItemStatus;

  @ApiProperty({ enum: ACTION_ITEM_PRIORITIES, example: 'medium' })
  priority: ActionItemPriority;

  @ApiPropertyOptional({ nullable: true, type: Date })
  dueAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When the status became done; null otherwise' })
  completedAt: Date | null;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  assigneeUserId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Grace Hopper' })
  assigneeName: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'grace@example.com' })
  assigneeEmail: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  meetingId: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'seg-0042' })
  segmentId: string | null;

  @ApiProperty({ enum: ACTION_ITEM_ORIGINS, example: 'manual' })
  origin: ActionItemOrigin;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  createdBy: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  @ApiProperty({ example: 1, description: 'Also the ETag; send it back as If-Match when you change the action item' })
  version: number;

  static from(a: ActionItem): ActionItemDto {
    return {
      id: a.id,
      title: a.title,
      description: a.description,
      status: a.status,
      priority: a.priority,
      dueAt: a.dueAt,
      completedAt: a.completedAt,
      assigneeUserId: a.assigneeUserId,
      assigneeName: a.assigneeName,
      assigneeEmail: a.assigneeEmail,
      meetingId: a.meetingId,
      segmentId: a.segmentId,
      origin: a.origin,
      createdBy: a.createdBy,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      version: a.version,
    };
  }
}

export class ActionItemPageDto {
  @ApiProperty({ type: [ActionItemDto] })
  items: ActionItemDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class ActionItemListDto {
  @ApiProperty({ type: [ActionItemDto], description: 'Every item named, in the order named, as it is now' })
  items: ActionItemDto[];
}
