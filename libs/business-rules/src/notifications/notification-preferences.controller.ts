import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@quorum/platform';
import { NotificationChannelsDto, NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';

/** Each member's own choices, so viewers set theirs too. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get('preferences')
  @ApiOperation({ summary: 'Your channels per notification type (a type without an entry follows `*`; without `*`, both are on)' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  get(): Promise<NotificationPreferencesDto> {
    return this.preferences.get();
  }

  @Put('preferences')
  @Roles('viewer')
  @ApiOperation({ summary: 'Replace your channels per notification type' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  replace(@Body() dto: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.preferences.replace(dto);
  }

  @Get('channels')
  @ApiOperation({ summary: 'Which channels this deployment has: e-mail is off without SMTP_URL' })
  @ApiOkResponse({ type: NotificationChannelsDto })
  channels(): NotificationChannelsDto {
    return this.preferences.channels();
  }
}
