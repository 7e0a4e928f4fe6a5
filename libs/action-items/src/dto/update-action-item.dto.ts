import { PartialType } from '@nestjs/swagger';
import { ActionItemFieldsDto } from './create-action-item.dto';

/**
 * Every field optional; send only what changes, null to clear a nullable one.
 * The origin stays as created. Send If-Match with the ETag you read to avoid
 * overwriting someone else's edit.
 */
// skipNullProperties: false, so that null reaches the validators of title, status and priority instead of a NOT NULL column.
export class UpdateActionItemDto extends PartialType(ActionItemFieldsDto, { skipNullProperties: false }) {}
