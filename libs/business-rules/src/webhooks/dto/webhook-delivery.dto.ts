import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { WEBHOOK_DELIVERY_OUTCOMES, type WebhookDeliveryOutcome } from '../entities/webhook-delivery-outcome';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'msg_2b8f…', description: 'The webhook-id header, the same for every attempt at one message' })
  messageId: string;

  @ApiProperty({ example: 'action_item.updated' })
  eventType: string;

  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiProperty({ enum: WEBHOOK_DELIVERY_OUTCOMES })
  outcome: WebhookDeliveryOutcome;

  @ApiPropertyOptional({ nullable: true, type: Number, example: 200, description: 'null when no answer came' })
  statusCode: number | null;

  @ApiProperty({ example: 42 })
  durationMs: number;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'timed out after 10000 ms' })
  error: string | null;

  @ApiProperty()
  createdAt: Date;

  static from(d: WebhookDelivery): WebhookDeliveryDto {
    return {
      id: d.id,
      messageId: d.messageId,
      eventType: d.eventType,
      attempt: d.attempt,
      outcome: d.outcome,
      statusCode: d.statusCode,
      durationMs: d.durationMs,
      error: d.error,
      createdAt: d.createdAt,
    };
  }
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items: WebhookDeliveryDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
