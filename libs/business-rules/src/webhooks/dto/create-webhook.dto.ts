import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { OUTBOUND_URL_MAX_LENGTH } from '@quorum/platform';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../webhook-event-types';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/quorum',
    maxLength: OUTBOUND_URL_MAX_LENGTH,
    description: 'http or https; its host must resolve to public addresses only (unless OUTBOUND_ALLOW_PRIVATE_NETWORKS=true)',
  })
  @IsString()
  @MaxLength(OUTBOUND_URL_MAX_LENGTH)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'url must be an http or https URL' },
  )
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['action_item.updated', 'meeting.completed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes: WebhookEventType[];

  @ApiPropertyOptional({ maxLength: 200, example: 'Our ticketing system' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}
