import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, Matches, ValidateNested } from 'class-validator';

export class NotificationPreferenceDto {
  @ApiProperty({ example: 'action_item.overdue', description: 'A notification type, or `*` for every type without its own entry' })
  @Matches(/^(\*|[a-z][a-z0-9_]{0,48}\.[a-z][a-z0-9_.]{0,48})$/, { message: 'type must be `*` or family.event, e.g. action_item.overdue' })
  type: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  inApp: boolean;

  @ApiProperty({ example: false })
  @IsBoolean()
  email: boolean;
}

export class NotificationPreferencesDto {
  @ApiProperty({
    type: [NotificationPreferenceDto],
    description: 'Your choices; a type without an entry follows `*`, and without `*` both channels are on',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  preferences: NotificationPreferenceDto[];
}

export class NotificationChannelDto {
  @ApiProperty({ enum: ['in_app', 'email'] })
  channel: 'in_app' | 'email';

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ nullable: true, type: String, example: 'SMTP_URL is not set' })
  reason: string | null;
}

export class NotificationChannelsDto {
  @ApiProperty({ type: [NotificationChannelDto] })
  channels: NotificationChannelDto[];
}
