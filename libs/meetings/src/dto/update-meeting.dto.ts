import { PartialType } from '@nestjs/swagger';
import { CreateMeetingDto } from './create-meeting.dto';

/** Every field optional; send only what changes. Send If-Match with the ETag you read to avoid overwriting someone else's edit. */
export class UpdateMeetingDto extends PartialType(CreateMeetingDto) {}
