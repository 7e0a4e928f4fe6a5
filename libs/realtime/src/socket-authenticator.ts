import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AccessTokenClaims, authProblem, SessionsService, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@quorum/auth';
import { AppConfig, Principal, ROLES } from '@quorum/platform';
import { TenantsService } from '@quorum/tenants';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies a Socket.IO handshake the way the REST access guard verifies a
 * request, in the same order and with the same answers: the token (HS256
 * only, our issuer and audience, not expired, the claims REST requires),
 * then the session's liveness, then the tenant's IP allowlist.
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly tenants: TenantsService,
  ) {}

  /** The principal, or a ProblemException: 401 with `code`, or 403 `ip-not-allowed`. */
  async authenticate(token: unknown, ip: string | undefined): Promise<Principal> {
    const principal = await this.verify(token);
    if (!(await this.sessions.isLive(principal.sessionId, principal.tenantId))) throw authProblem('session_revoked', 'The session of this access token has ended. Log in again.');
    await this.tenants.assertIpAllowed(principal.tenantId, ip);
    return principal;
  }

  private async verify(token: unknown): Promise<Principal> {
    // People paste the Authorization header's value; the scheme is not part of the token.
    const bare = typeof token === 'string' ? token.replace(/^Bearer\s+/i, '').trim() : '';
    if (!bare) throw authProblem('missing_token', 'Authentication required: connect with auth: { token: "<access token>" }.');
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(bare, { secret: this.config.jwtSecret, algorithms: [TOKEN_ALGORITHM], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    } catch (error) {
      if ((error as { name?: string } | undefined)?.name === 'TokenExpiredError') {
        throw authProblem('token_expired', 'The access token has expired; get a new one from POST /api/v1/auth/refresh and connect again with it.');
      }
      throw authProblem('invalid_token', 'The access token is not valid.');
    }
    const { sub, tid, role, sid } = (typeof claims === 'object' && claims !== null ? claims : {}) as Partial<AccessTokenClaims>;
    if (!isUuid(sub) || !isUuid(tid) || !isUuid(sid) || !ROLES.includes(role as Principal['role'])) {
      throw authProblem('invalid_token', 'The access token is missing required claims.');
    }
    return { userId: sub, tenantId: tid, role: role as Principal['role'], sessionId: sid };
  }
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
