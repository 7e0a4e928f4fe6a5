import { Injectable } from '@nestjs/common';
import { AccessTokenService, authProblem, SessionsService } from '@quorum/auth';
import { Principal } from '@quorum/platform';
import { TenantsService } from '@quorum/tenants';

/**
 * Verifies a Socket.IO handshake the way the REST access guard verifies a
 * request, in the same order and with the same answers: the token (HS256
 * only, our issuer and audience, not expired, the claims REST requires),
 * then the session's liveness, then the tenant's IP allowlist.
 */
@Injectable()
export class SocketAuthenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionsService,
    private readonly tenants: TenantsService,
  ) {}

  /** The principal, or a ProblemException: 401 with `code`, or 403 `ip-not-allowed`. */
  async authenticate(token: unknown, ip: string | undefined): Promise<Principal> {
    const principal = await this.verify(token);
    if (!(await this.sessions.isLive(principal)))
      throw authProblem('session_revoked', 'The session of this access token has ended. Log in again.');
    await this.tenants.assertIpAllowed(principal.tenantId, ip);
    return principal;
  }

  private async verify(token: unknown): Promise<Principal> {
    // People paste the Authorization header's value; the scheme is not part of the token.
    const bare = typeof token === 'string' ? token.replace(/^Bearer\s+/i, '').trim() : '';
    if (!bare) throw authProblem('missing_token', 'Authentication required: connect with auth: { token: "<access token>" }.');
    return this.tokens.verify(bare);
  }
}
