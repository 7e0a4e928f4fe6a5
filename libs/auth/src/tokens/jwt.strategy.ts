import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AppConfig, Principal, ROLES } from '@quorum/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { SessionsService } from '../sessions/sessions.service';
import { AccessTokenClaims, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './token-claims';
import { authProblem } from './auth-problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies access tokens: HS256 only (so `alg: none` and algorithm swaps
 * fail), our issuer and audience, not expired; then the session they name
 * must still be live, so logout and revocation take effect at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.jwtSecret,
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<Principal> {
    const { sub, tid, role, sid } = claims;
    if (!isUuid(sub) || !isUuid(tid) || !isUuid(sid) || !ROLES.includes(role as Principal['role'])) {
      throw authProblem('invalid_token', 'The access token is missing required claims.');
    }
    if (!(await this.sessions.isLive(sid, tid))) throw authProblem('session_revoked', 'The session of this access token has ended. Log in again.');
    return { userId: sub, tenantId: tid, role: role as Principal['role'], sessionId: sid };
  }
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
