import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Principal, thenOrNow } from '@quorum/platform';
import { ExtractJwt, Strategy, type VerifiedCallback } from 'passport-jwt';
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
    // @nestjs/passport gives passport-jwt a verify callback that always awaits validate(), so the strategy
    // decides a tick later even when the session was in this instance's cache. This one calls back at once
    // when validate() answers synchronously (AccessGuard then admits the request without a promise), and
    // otherwise when its promise settles. passport-jwt keeps the verify callback of `new Strategy(options,
    // verify)` in `_verify`, the passport-strategy convention; the spec checks the synchronous answer.
    (this as unknown as { _verify: (claims: unknown, done: VerifiedCallback) => void })._verify = (claims, done) => {
      let principal: Principal | Promise<Principal>;
      try {
        principal = this.validate(claims);
      } catch (error) {
        return done(error, false);
      }
      if (principal instanceof Promise)
        principal.then(
          (user) => done(null, user),
          (error: unknown) => done(error, false),
        );
      else done(null, principal);
    };
  }

  /** Synchronous when the session is in this instance's cache: @nestjs/passport awaits whatever it returns. */
  validate(claims: unknown): Principal | Promise<Principal> {
    const principal = this.tokens.principalFrom(claims);
    return thenOrNow(this.sessions.isLive(principal), (isLive) => liveOrRefused(principal, isLive));
  }
}

function liveOrRefused(principal: Principal, isLive: boolean): Principal {
  if (!isLive) throw authProblem('session_revoked', 'The session of this access token has ended. Log in again.');
  return principal;
}
