import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { AppConfig, CacheService, Principal, ProblemException, RequestContext } from '@quorum/platform';
import { AuditService } from '@quorum/tenants';
import { DataSource, EntityManager, IsNull, Not, Repository } from 'typeorm';
import { RefreshToken } from '../entities/refresh-token.entity';
import { Session } from '../entities/session.entity';
import { SESSION_CACHE_TTL_MS, sessionCacheKey, SessionHolder } from './session-cache';
import { SESSION_REVOKED, SessionRevokedEvent } from './session-events';

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
 * session is revoked (refresh-token reuse detection).
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: CacheService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly emitter: EventEmitter2,
  ) {}

  async create(
    userId: string,
    tenantId: string,
    client: ClientInfo,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<IssuedSession> {
    const sessions = manager.getRepository(Session);
    const session = await sessions.save(
      sessions.create({
        userId,
        tenantId,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ip: client.ip ?? null,
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
        revokedAt: null,
        revokedReason: null,
      }),
    );
    const refreshToken = await this.issueRefreshToken(session.id, manager);
    return { session, refreshToken };
  }

  /**
   * Exchanges a refresh token for a new one. Returns the live session, or
   * throws 401; on reuse the session is revoked first (and audited).
   */
  async rotate(refreshToken: string, client: ClientInfo, moveToTenant?: string): Promise<IssuedSession> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The row lock serialises two refreshes with the same token: the second sees it used.
      const token = await manager
        .getRepository(RefreshToken)
        .findOne({ where: { tokenHash: hash(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      const session = token && (await manager.getRepository(Session).findOneBy({ id: token.sessionId }));
      if (!token || !session) return { error: 'The refresh token is not valid.' } as const;
      if (token.usedAt) {
        if (!session.revokedAt) {
          await this.revokeWith(manager, session, 'refresh_token_reused');
          await this.audit.record(
            {
              action: 'auth.refresh_reuse_detected',
              tenantId: session.tenantId,
              actorUserId: session.userId,
              entityType: 'session',
              entityId: session.id,
              metadata: { ip: client.ip },
            },
            manager,
          );
          return {
            error: 'This refresh token was already used, so the session has been ended for safety. Log in again.',
            revoked: session.id,
          } as const;
        }
        return { error: 'The session has ended. Log in again.' } as const;
      }
      if (session.revokedAt) return { error: 'The session has ended. Log in again.' } as const;
      if (session.expiresAt.getTime() <= Date.now()) return { error: 'The session has expired. Log in again.' } as const;
      token.usedAt = new Date();
      await manager.getRepository(RefreshToken).save(token);
      session.lastUsedAt = new Date();
      if (client.ip) session.ip = client.ip;
      if (client.userAgent) session.userAgent = client.userAgent.slice(0, 512);
      if (moveToTenant) session.tenantId = moveToTenant;
      await manager.getRepository(Session).save(session);
      return { issued: { session, refreshToken: await this.issueRefreshToken(session.id, manager) } } as const;
    });
    if ('revoked' in outcome && outcome.revoked) await this.forget(outcome.revoked);
    if ('error' in outcome && outcome.error) throw unauthorized(outcome.error);
    return outcome.issued!;
  }

  /** Moves a session to another tenant and issues its next refresh token (switch-tenant). */
  async moveToTenant(sessionId: string, tenantId: string): Promise<IssuedSession> {
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.getRepository(Session).findOneByOrFail({ id: sessionId });
      session.tenantId = tenantId;
      session.lastUsedAt = new Date();
      await manager.getRepository(Session).save(session);
      // Earlier refresh tokens of the session name the old tenant's context; retire them.
      await manager.getRepository(RefreshToken).update({ sessionId, usedAt: IsNull() }, { usedAt: new Date() });
      return { session, refreshToken: await this.issueRefreshToken(session.id, manager) };
    });
  }

  /**
   * Whose a session is and the tenant it currently acts in, or null once it
   * has ended; cached so the hot path costs no query.
   */
  async liveHolder(sessionId: string): Promise<SessionHolder | null> {
    return this.cache.getOrSet(sessionCacheKey(sessionId), SESSION_CACHE_TTL_MS, async () => {
      const session = await this.sessions.findOneBy({ id: sessionId });
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
  async isLive(claims: Pick<Principal, 'sessionId' | 'tenantId' | 'userId'>): Promise<boolean> {
    const holder = await this.liveHolder(claims.sessionId);
    return holder !== null && holder.userId === claims.userId && holder.tenantId === claims.tenantId;
  }

  listForUser(userId: string): Promise<Session[]> {
    return this.sessions.find({ where: { userId, revokedAt: IsNull() }, order: { lastUsedAt: 'DESC', id: 'DESC' } });
  }

  /** Revokes one of the user's own sessions; another user's id is answered 404 like a missing one. */
  async revokeOwn(userId: string, sessionId: string, reason: string): Promise<Session> {
    const session = await this.sessions.findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
    if (!session) throw new ProblemException({ status: 404, detail: `Session ${sessionId} was not found.` });
    await this.dataSource.transaction((manager) => this.revokeWith(manager, session, reason));
    await this.forget(session.id);
    return session;
  }

  /**
   * Revokes every live session of the user except `keep` and returns their ids.
   * Inside a caller's transaction (`manager`), the caller must call forget()
   * with them after its commit.
   */
  async revokeAllExcept(userId: string, keep: string | undefined, reason: string, manager?: EntityManager): Promise<string[]> {
    const run = async (m: EntityManager) => {
      const victims = await m.getRepository(Session).find({ where: { userId, revokedAt: IsNull(), ...(keep ? { id: Not(keep) } : {}) } });
      for (const session of victims) await this.revokeWith(m, session, reason);
      return victims.map((s) => s.id);
    };
    if (manager) return run(manager);
    const ids = await this.dataSource.transaction(run);
    await this.forget(...ids);
    return ids;
  }

  /** Ends a user's sessions acting in one tenant, after their role there changed or ended. */
  async revokeForMembership(userId: string, tenantId: string, reason: string): Promise<string[]> {
    const victims = await this.sessions.find({ where: { userId, tenantId, revokedAt: IsNull() } });
    if (victims.length) {
      await this.dataSource.transaction(async (m) => {
        for (const session of victims) await this.revokeWith(m, session, reason);
      });
    }
    await this.forget(...victims.map((s) => s.id));
    return victims.map((s) => s.id);
  }

  /**
   * Called after a revocation commits: drops cached liveness, so access tokens
   * of the session fail on their very next request, and tells listeners
   * (realtime disconnects the session's sockets).
   */
  async forget(...sessionIds: string[]): Promise<void> {
    if (!sessionIds.length) return;
    await this.cache.del(...sessionIds.map(sessionCacheKey));
    for (const sessionId of sessionIds) await this.emitter.emitAsync(SESSION_REVOKED, { sessionId } satisfies SessionRevokedEvent);
  }

  /** Every way a session ends goes through here, so each is audited once, in the same transaction. */
  private async revokeWith(manager: EntityManager, session: Session, reason: string): Promise<void> {
    session.revokedAt = new Date();
    session.revokedReason = reason;
    await manager.getRepository(Session).update({ id: session.id }, { revokedAt: session.revokedAt, revokedReason: reason });
    await this.audit.record(
      {
        action: reason === 'logout' ? 'auth.logout' : 'auth.session_revoked',
        tenantId: session.tenantId,
        actorUserId: RequestContext.principal()?.userId ?? session.userId,
        entityType: 'session',
        entityId: session.id,
        metadata: { reason, userId: session.userId },
      },
      manager,
    );
  }

  private async issueRefreshToken(sessionId: string, manager: EntityManager): Promise<string> {
    const token = newToken();
    await manager.getRepository(RefreshToken).insert({ sessionId, tokenHash: hash(token), usedAt: null });
    return token;
  }
}
