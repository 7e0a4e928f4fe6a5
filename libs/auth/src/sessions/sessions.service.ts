import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  CacheService,
  domainEvent,
  DomainEvents,
  notFound,
  Principal,
  ProblemException,
  RequestContext,
  thenOrNow,
  Transactions,
} from '@quorum/platform';
import { AuditService } from '@quorum/tenants';
import { Session } from '../entities/session.entity';
import { SESSION_CACHE_TTL_MS, sessionCacheKey, SessionHolder } from './session-cache';
import { SESSION_REVOKED } from './session-events';
import { SessionsRepository } from './sessions.repository';

export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

const unauthorized = (detail: string) =>
  new ProblemException({ status: 401, slug: 'unauthorized', detail, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });

/**
 * Login sessions and their refresh tokens. Refresh tokens are random,
 * stored only as SHA-256 hashes, and rotated on every use; a token that was
 * already used coming back means someone else holds a copy, so the whole
 * session is revoked (refresh-token reuse detection). Every method joins the
 * caller's transaction when there is one; a revocation's cache entry and
 * `session.revoked` event follow its commit by themselves.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly transactions: Transactions,
    private readonly cache: CacheService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async create(userId: string, tenantId: string, client: ClientInfo): Promise<IssuedSession> {
    return this.transactions.run(async () => {
      const session = await this.sessions.insert({
        userId,
        tenantId,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ip: client.ip ?? null,
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
        revokedAt: null,
        revokedReason: null,
      });
      const refreshToken = await this.issueRefreshToken(session.id);
      return { session, refreshToken };
    });
  }

  /**
   * Exchanges a refresh token for a new one. Returns the live session, or
   * throws 401; on reuse the session is revoked first (and audited).
   */
  async rotate(refreshToken: string, client: ClientInfo, moveToTenant?: string): Promise<IssuedSession> {
    const outcome = await this.transactions.run(async () => {
      // The row lock serialises two refreshes with the same token: the second sees it used.
      const token = await this.sessions.findTokenForUpdate(hash(refreshToken));
      const session = token && (await this.sessions.findById(token.sessionId));
      if (!token || !session) return { error: 'The refresh token is not valid.' } as const;
      if (token.usedAt) {
        if (!session.revokedAt) {
          await this.revoke(session, 'refresh_token_reused');
          await this.audit.record({
            action: 'auth.refresh_reuse_detected',
            tenantId: session.tenantId,
            actorUserId: session.userId,
            entityType: 'session',
            entityId: session.id,
            metadata: { ip: client.ip },
          });
          return { error: 'This refresh token was already used, so the session has been ended for safety. Log in again.' } as const;
        }
        return { error: 'The session has ended. Log in again.' } as const;
      }
      if (session.revokedAt) return { error: 'The session has ended. Log in again.' } as const;
      if (session.expiresAt.getTime() <= Date.now()) return { error: 'The session has expired. Log in again.' } as const;
      await this.sessions.markTokenUsed(token);
      session.lastUsedAt = new Date();
      if (client.ip) session.ip = client.ip;
      if (client.userAgent) session.userAgent = client.userAgent.slice(0, 512);
      if (moveToTenant) session.tenantId = moveToTenant;
      await this.sessions.save(session);
      return { issued: { session, refreshToken: await this.issueRefreshToken(session.id) } } as const;
    });
    // The revocation of a reused token commits; only then is the caller refused.
    if ('error' in outcome && outcome.error) throw unauthorized(outcome.error);
    return outcome.issued!;
  }

  /**
   * Moves a session to another tenant and issues its next refresh token
   * (switch-tenant). Its sockets act in the old tenant, so after the commit
   * the session is forgotten as a revoked one is (realtime disconnects them).
   */
  async moveToTenant(sessionId: string, tenantId: string): Promise<IssuedSession> {
    return this.transactions.run(async () => {
      const session = await this.sessions.getById(sessionId);
      const before = { ...session };
      session.tenantId = tenantId;
      session.lastUsedAt = new Date();
      await this.sessions.save(session);
      // Earlier refresh tokens of the session name the old tenant's context; retire them.
      await this.sessions.retireTokens(sessionId);
      await this.ended(before);
      return { session, refreshToken: await this.issueRefreshToken(session.id) };
    });
  }

  /**
   * Whose a session is and the tenant it currently acts in, or null once it
   * has ended; cached so the hot path costs no query.
   */
  async liveHolder(sessionId: string): Promise<SessionHolder | null> {
    return this.holderNow(sessionId);
  }

  /** liveHolder, answered synchronously when the session is in this instance's cache (see CacheService.getOrSetNow). */
  private holderNow(sessionId: string): SessionHolder | null | Promise<SessionHolder | null> {
    return this.cache.getOrSetNow(sessionCacheKey(sessionId), SESSION_CACHE_TTL_MS, async () => {
      const session = await this.sessions.findById(sessionId);
      return session && !session.revokedAt && session.expiresAt.getTime() > Date.now()
        ? { userId: session.userId, tenantId: session.tenantId }
        : null;
    });
  }

  /**
   * Whether a token naming this session may still be used: the session is
   * live, belongs to the token's user (a token naming someone else's session
   * is refused), and acts in the token's tenant (which also retires the
   * tokens a session issued before it switched tenants).
   */
  isLive(claims: Pick<Principal, 'sessionId' | 'tenantId' | 'userId'>): boolean | Promise<boolean> {
    // Synchronous on a cache hit: every authenticated request asks.
    return thenOrNow(this.holderNow(claims.sessionId), (holder) => holds(holder, claims));
  }

  /** The caller's live sessions, most recently used first. */
  listOwn(): Promise<Session[]> {
    return this.sessions.liveOfUser(RequestContext.caller().userId);
  }

  /** Revokes one of the caller's own sessions; another user's id is answered 404 like a missing one. */
  async revokeOwn(sessionId: string, reason: string): Promise<Session> {
    const session = await this.sessions.findLiveOfUser(RequestContext.caller().userId, sessionId);
    if (!session) throw notFound(`Session ${sessionId} was not found.`);
    await this.transactions.run(() => this.revoke(session, reason));
    return session;
  }

  /** Revokes every live session of the caller but the current one, and returns their ids. */
  revokeOwnOthers(reason: string): Promise<string[]> {
    const { userId, sessionId } = RequestContext.caller();
    return this.revokeAllExcept(userId, sessionId, reason);
  }

  /** Revokes every live session of the user except `keep` and returns their ids, in the caller's transaction if any. */
  async revokeAllExcept(userId: string, keep: string | undefined, reason: string): Promise<string[]> {
    return this.transactions.run(async () => {
      const victims = await this.sessions.liveOfUser(userId, { except: keep });
      for (const session of victims) await this.revoke(session, reason);
      return victims.map((s) => s.id);
    });
  }

  /** Ends a user's sessions acting in one tenant, after their role there changed or ended. */
  async revokeForMembership(userId: string, tenantId: string, reason: string): Promise<string[]> {
    const victims = await this.sessions.liveOfUser(userId, { tenantId });
    if (victims.length) {
      await this.transactions.run(async () => {
        for (const session of victims) await this.revoke(session, reason);
      });
    }
    return victims.map((s) => s.id);
  }

  /**
   * Every way a session ends goes through here, so each is audited once, in
   * the same transaction, and forgotten once that commits.
   */
  private async revoke(session: Session, reason: string): Promise<void> {
    session.revokedAt = new Date();
    session.revokedReason = reason;
    await this.sessions.markRevoked(session.id, session.revokedAt, reason);
    await this.audit.record({
      action: reason === 'logout' ? 'auth.logout' : 'auth.session_revoked',
      tenantId: session.tenantId,
      actorUserId: RequestContext.actorUserId() ?? session.userId,
      entityType: 'session',
      entityId: session.id,
      metadata: { reason, userId: session.userId },
    });
    await this.ended(session);
  }

  /**
   * After the commit, in this order: the cached liveness goes, so the
   * session's access tokens fail on their very next request; then
   * `session.revoked` tells listeners (realtime disconnects its sockets, and
   * looks the session up again to say why).
   */
  private async ended(session: Pick<Session, 'id' | 'tenantId' | 'userId'>): Promise<void> {
    await this.transactions.afterCommit(() => this.cache.del(sessionCacheKey(session.id)));
    await this.events.publish(
      domainEvent({
        type: SESSION_REVOKED,
        tenantId: session.tenantId,
        entityId: session.id,
        version: 0,
        actorUserId: RequestContext.actorUserId() ?? session.userId,
        data: { sessionId: session.id },
      }),
    );
  }

  private async issueRefreshToken(sessionId: string): Promise<string> {
    const token = newToken();
    await this.sessions.insertToken(sessionId, hash(token));
    return token;
  }
}

function holds(holder: SessionHolder | null, claims: Pick<Principal, 'sessionId' | 'tenantId' | 'userId'>): boolean {
  return holder !== null && holder.userId === claims.userId && holder.tenantId === claims.tenantId;
}
