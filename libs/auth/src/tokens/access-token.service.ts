import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Principal, ROLES } from '@quorum/platform';
import { verify } from 'jsonwebtoken';
import { authProblem } from './auth-problem';
import { AccessTokenClaims, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './token-claims';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Clocks of instances (and of whoever signed) may disagree this much. */
const CLOCK_SKEW_SECONDS = 60;

/** Issues access tokens, and is the one place that says what a valid one contains. */
@Injectable()
export class AccessTokenService {
  /**
   * The secret as a KeyObject, made once: given a string, jsonwebtoken first
   * tries to parse it as a public key and builds a fresh secret key on every
   * call, which cost ~0.4 ms per request (a fifth of the api's CPU under load).
   */
  readonly key: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(principal: Principal): Promise<string> {
    const claims: AccessTokenClaims = { sub: principal.userId, tid: principal.tenantId, role: principal.role, sid: principal.sessionId };
    return this.jwt.signAsync(claims, {
      privateKey: this.key,
      algorithm: TOKEN_ALGORITHM,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: this.config.accessTokenTtlSeconds,
    });
  }

  /** For transports without passport (Socket.IO): the same checks as the HTTP strategy, with the same 401 problems. */
  verify(token: string): Principal {
    let claims: unknown;
    try {
      claims = verify(token, this.key, { algorithms: [TOKEN_ALGORITHM], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    } catch (error) {
      if ((error as { name?: string }).name === 'TokenExpiredError')
        throw authProblem('token_expired', 'The access token has expired; get a new one from POST /api/v1/auth/refresh.');
      throw authProblem('invalid_token', 'The access token is not valid.');
    }
    return this.principalFrom(claims);
  }

  /**
   * A verified token's claims as a principal, or 401 when they are not the
   * ones we issue. jsonwebtoken checks `exp` only when present and never
   * looks at `iat`, so a token without an expiry, issued in the future, or
   * living longer than we issue them is refused here.
   */
  principalFrom(claims: unknown): Principal {
    const { sub, tid, role, sid, iat, exp } = (typeof claims === 'object' && claims !== null ? claims : {}) as Partial<
      AccessTokenClaims & { iat: unknown; exp: unknown }
    >;
    if (!isUuid(sub) || !isUuid(tid) || !isUuid(sid) || !ROLES.includes(role as Principal['role'])) {
      throw authProblem('invalid_token', 'The access token is missing required claims.');
    }
    const now = Math.floor(Date.now() / 1000);
    if (
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      iat > now + CLOCK_SKEW_SECONDS ||
      exp - iat > this.config.accessTokenTtlSeconds + CLOCK_SKEW_SECONDS
    ) {
      throw authProblem(
        'invalid_token',
        'The access token must say when it was issued and when it expires, no later than the issuing policy allows.',
      );
    }
    return { userId: sub, tenantId: tid, role: role as Principal['role'], sessionId: sid };
  }
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
