import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Principal } from '@quorum/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { SessionsService } from '../sessions/sessions.service';
import { AccessTokenService } from './access-token.service';
import { authProblem } from './auth-problem';
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './token-claims';

/**
 * Verifies access tokens: HS256 only (so `alg: none` and algorithm swaps
 * fail), our issuer and audience, not expired; then the session they name
 * must still be live in the token's tenant, so logout and revocation take
 * effect at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands this to jsonwebtoken, which takes KeyObjects; its typings predate them.
      secretOrKey: tokens.key as unknown as Buffer,
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: unknown): Promise<Principal> {
    const principal = this.tokens.principalFrom(claims);
    if (!(await this.sessions.isLive(principal)))
      throw authProblem('session_revoked', 'The session of this access token has ended. Log in again.');
    return principal;
  }
}
