import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Problem, Roles, UuidParam } from '@quorum/platform';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { NotificationDto, NotificationPageDto, ReadAllResultDto, UnreadCountDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/** The caller's own notifications: every role reads and marks its own, so marking read is allowed to viewers too. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first (cursor pagination; `unread=true` for the unread ones)' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    return this.notifications.list(query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of your notifications are unread' })
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(): Promise<UnreadCountDto> {
    return this.notifications.unreadCount();
  }

  @Post('read-all')
  @HttpCode(200)
  @Roles('viewer')
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiOkResponse({ type: ReadAllResultDto })
  readAll(): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead();
  }

  @Post(':id/read')
  @HttpCode(200)
  @Roles('viewer')
  @ApiOperation({ summary: 'Mark one of your notifications read (again is harmless: it keeps the first time)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ type: Problem, description: 'Not one of your notifications' })
  read(@UuidParam('id') id: string): Promise<NotificationDto> {
    return this.notifications.markRead(id);
  }
}
