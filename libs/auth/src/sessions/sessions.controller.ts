import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestContext, Roles, UuidParam } from '@quorum/platform';
import { RevokedSessionsDto, SessionDto, SessionListDto } from '../dto/session.dto';
import { SessionsService } from './sessions.service';

@ApiTags('auth')
@Roles('viewer')
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: 'Your live sessions, most recently used first; `current` marks this one' })
  @ApiOkResponse({ type: SessionListDto })
  async list(): Promise<SessionListDto> {
    const sessions = await this.sessions.listOwn();
    const current = RequestContext.caller().sessionId;
    return { items: sessions.map((s) => SessionDto.from(s, current)), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (its access tokens stop working at once)' })
  @ApiNoContentResponse()
  async revoke(@UuidParam('id') id: string): Promise<void> {
    await this.sessions.revokeOwn(id, 'revoked_by_user');
  }

  @Delete()
  @ApiOperation({ summary: 'End all your sessions except this one' })
  @ApiOkResponse({ type: RevokedSessionsDto })
  async revokeOthers(): Promise<RevokedSessionsDto> {
    const ended = await this.sessions.revokeOwnOthers('revoked_by_user');
    return { revoked: ended.length };
  }
}
