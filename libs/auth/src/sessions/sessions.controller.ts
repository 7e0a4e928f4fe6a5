import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles, UuidParam } from '@quorum/platform';
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
  async list(@CurrentPrincipal() principal: Principal): Promise<SessionListDto> {
    const sessions = await this.sessions.listForUser(principal.userId);
    return { items: sessions.map((s) => SessionDto.from(s, principal.sessionId)), nextCursor: null };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (its access tokens stop working at once)' })
  @ApiNoContentResponse()
  async revoke(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    await this.sessions.revokeOwn(principal.userId, id, 'revoked_by_user');
  }

  @Delete()
  @ApiOperation({ summary: 'End all your sessions except this one' })
  @ApiOkResponse({ type: RevokedSessionsDto })
  async revokeOthers(@CurrentPrincipal() principal: Principal): Promise<RevokedSessionsDto> {
    const ended = await this.sessions.revokeAllExcept(principal.userId, principal.sessionId, 'revoked_by_user');
    return { revoked: ended.length };
  }
}
