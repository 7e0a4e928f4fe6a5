import { ApiProperty } from '@nestjs/swagger';
import type { EnqueuedJob } from '@quorum/platform';
import type { WebhookDeadLetter } from '../entities/webhook-dead-letter.entity';

export class WebhookDeadLetterDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    example: 'msg_2b8f…',
    description: 'The webhook-id header; a redelivery sends it again, so the receiver can drop a copy it has',
  })
  messageId: string;

  @ApiProperty({ example: 'action_item.updated' })
  eventType: string;

  @ApiProperty({ description: 'When the event happened (the body’s timestamp)' })
  occurredAt: string;

  @ApiProperty({ description: 'The message body’s data, as it would be sent' })
  data: unknown;

  @ApiProperty({ example: 8, description: 'Attempts made before it was given up' })
  attempts: number;

  @ApiProperty({ example: 'answered 500', description: 'Why the last attempt failed' })
  error: string;

  @ApiProperty({ example: 0, description: 'How many times it was sent again from here' })
  redeliveries: number;

  @ApiProperty({ description: 'When it was first given up' })
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  static from(l: WebhookDeadLetter): WebhookDeadLetterDto {
    return {
      id: l.id,
      messageId: l.messageId,
      eventType: l.eventType,
      occurredAt: l.occurredAt,
      data: l.data,
      attempts: l.attempts,
      error: l.error,
      redeliveries: l.redeliveries,
      createdAt: l.createdAt,
      updatedAt: l.updatedAt,
    };
  }
}

export class WebhookDeadLetterPageDto {
  @ApiProperty({ type: [WebhookDeadLetterDto] })
  items: WebhookDeadLetterDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class RedeliveryDto implements EnqueuedJob {
  @ApiProperty({ description: 'The job that sends the message again' })
  id: string;

  @ApiProperty({ example: 'webhook-delivery' })
  queue: string;

  @ApiProperty({ example: 'webhook-delivery' })
  name: string;

  @ApiProperty({ example: '/api/v1/jobs/c0a86b7a-6e21-8b79-afb5-8c3e3d55b7af', description: "The job's status; also the Location header" })
  location: string;
}
