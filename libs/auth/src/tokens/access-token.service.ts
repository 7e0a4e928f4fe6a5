import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig, Principal } from '@quorum/platform';
import { AccessTokenClaims, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from './token-claims';

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  sign(principal: Principal): Promise<string> {
    const claims: AccessTokenClaims = { sub: principal.userId, tid: principal.tenantId, role: principal.role, sid: principal.sessionId };
    return this.jwt.signAsync(claims, {
      secret: this.config.jwtSecret,
      algorithm: TOKEN_ALGORITHM,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: this.config.accessTokenTtlSeconds,
    });
  }
}
