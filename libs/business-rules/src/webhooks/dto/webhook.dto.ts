import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Webhook } from '../entities/webhook.entity';

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://hooks.example.com/quorum' })
  url: string;

  @ApiProperty({ type: [String], example: ['action_item.updated'] })
  eventTypes: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  description: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', type: String })
  createdBy: string | null;

  @ApiProperty()
  createdAt: Date;

  static from(w: Webhook): WebhookDto {
    return { id: w.id, url: w.url, eventTypes: w.eventTypes, description: w.description, createdBy: w.createdBy, createdAt: w.createdAt };
  }
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret (Standard Webhooks: `whsec_` and base64). Shown this once: keep it now',
  })
  secret: string;
}

export class WebhookPageDto {
  @ApiProperty({ type: [WebhookDto] })
  items: WebhookDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
