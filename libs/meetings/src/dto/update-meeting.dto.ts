import { PartialType } from '@nestjs/swagger';
import { CreateMeetingDto } from './create-meeting.dto';

/** Every field optional; send only what changes, null to clear a nullable one. Send If-Match with the ETag you read to avoid overwriting someone else's edit. */
// skipNullProperties: false, so that null reaches the validators of title, status, tags and participants instead of a NOT NULL column.
export class UpdateMeetingDto extends PartialType(CreateMeetingDto, { skipNullProperties: false }) {}
