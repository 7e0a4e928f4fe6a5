import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Notification } from '../entities/notification.entity';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', description: 'The recipient' })
  userId: string;

  @ApiProperty({ example: 'action_item.overdue' })
  type: string;

  @ApiProperty({ example: 'Send the Q3 budget to finance is 3 days overdue' })
  title: string;

  @ApiProperty({ example: 'It was due on 2026-11-27.' })
  body: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { actionItemId: '8a41…' } })
  data: Record<string, unknown>;

  @ApiPropertyOptional({ nullable: true, type: String, example: '/api/v1/action-items/8a41…' })
  link: string | null;

  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When the recipient read it; null while unread' })
  readAt: Date | null;

  @ApiProperty()
  createdAt: Date;

  static from(n: Notification): NotificationDto {
    return {
      id: n.id,
      userId: n.userId,
      type: n.type,
      title: n.title,
      body: n.body,
      data: n.data,
      link: n.link,
      readAt: n.readAt,
      createdAt: n.createdAt,
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class UnreadCountDto {
  @ApiProperty({ example: 3 })
  unread: number;
}

export class ReadAllResultDto {
  @ApiProperty({ example: 3, description: 'How many notifications this marked read' })
  marked: number;
}
