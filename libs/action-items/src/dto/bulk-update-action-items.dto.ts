import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsUUID } from 'class-validator';
import { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../entities/action-item-fields';

export const BULK_UPDATE_MAX_IDS = 100;

export class BulkUpdateActionItemsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: BULK_UPDATE_MAX_IDS,
    uniqueItems: true,
    description: 'The action items to change; all must exist in the tenant, or nothing changes (404 naming the missing ones)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_UPDATE_MAX_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiProperty({ enum: ACTION_ITEM_STATUSES, example: 'done', description: 'Becoming done sets completedAt; leaving done clears it' })
  @IsIn(ACTION_ITEM_STATUSES)
  status: ActionItemStatus;
}
