import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Problem, Public, Roles } from '@quorum/platform';
import type { Request } from 'express';
import { AuthService } from './auth.service';
import { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { LogoutDto } from './dto/logout.dto';
import { MeDto } from './dto/me.dto';
import { RefreshDto } from './dto/refresh.dto';
import { RegisterDto } from './dto/register.dto';
import { RevokedSessionsDto } from './dto/session.dto';
import { SwitchTenantDto } from './dto/switch-tenant.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { ClientInfo } from './sessions/sessions.service';

export const clientInfo = (req: Request): ClientInfo => ({ userAgent: req.headers['user-agent'], ip: req.ip });

@ApiTags('auth')
// Every member, viewers included, manages their own account and sessions.
@Roles('viewer')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account and a tenant you own, or join a tenant with an invitation token' })
  @ApiCreatedResponse({ type: TokenResponseDto })
  @ApiConflictResponse({ type: Problem, description: 'The email is already registered' })
  register(@Body() dto: RegisterDto, @Req() req: Request): Promise<TokenResponseDto> {
    return this.auth.register(dto, clientInfo(req));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with email and password (in a given tenant, or your oldest)' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: Problem, description: 'Wrong email or password (the same answer for both)' })
  @ApiTooManyRequestsResponse({ type: Problem, description: 'Too many failures; see Retry-After' })
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenResponseDto> {
    return this.auth.login(dto, clientInfo(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair; a reused refresh token ends the session' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ type: Problem })
  refresh(@Body() dto: RefreshDto, @Req() req: Request): Promise<TokenResponseDto> {
    return this.auth.refresh(dto.refreshToken, clientInfo(req));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session; its access tokens stop working at once' })
  @ApiNoContentResponse()
  // The body is optional and only kept for clients that send their refresh token along.
  logout(@Body() _dto: LogoutDto): Promise<void> {
    return this.auth.logout();
  }

  @Get('me')
  @ApiOperation({ summary: 'Your account, the current tenant and every tenant you belong to' })
  @ApiOkResponse({ type: MeDto })
  me(): Promise<MeDto> {
    return this.auth.me();
  }

  @Post('change-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password; every other session ends' })
  @ApiOkResponse({ type: RevokedSessionsDto })
  async changePassword(@Body() dto: ChangePasswordDto, @Req() req: Request): Promise<RevokedSessionsDto> {
    return { revoked: await this.auth.changePassword(dto, clientInfo(req)) };
  }

  @Post('accept-invitation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join another tenant with an invitation sent to your email; returns tokens acting in it' })
  @ApiOkResponse({ type: TokenResponseDto })
  acceptInvitation(@Body() dto: AcceptInvitationDto): Promise<TokenResponseDto> {
    return this.auth.acceptInvitation(dto.invitationToken);
  }

  @Post('switch-tenant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Act in another of your tenants: returns a new token pair for the same session' })
  @ApiOkResponse({ type: TokenResponseDto })
  switchTenant(@Body() dto: SwitchTenantDto): Promise<TokenResponseDto> {
    return this.auth.switchTenant(dto);
  }
}
