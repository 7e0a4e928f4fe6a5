import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import { type DeepPartial, type EntityManager, IsNull, Not } from 'typeorm';
import { RefreshToken } from '../entities/refresh-token.entity';
import { Session } from '../entities/session.entity';

/**
 * Sessions and their refresh tokens. Sessions belong to a user (and act in
 * one of their tenants at a time), so they are scoped by user, not tenant.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly transactions: Transactions) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  insert(data: DeepPartial<Session>): Promise<Session> {
    const sessions = this.manager.getRepository(Session);
    return sessions.save(sessions.create(data));
  }

  findById(id: string): Promise<Session | null> {
    return this.manager.getRepository(Session).findOneBy({ id });
  }

  getById(id: string): Promise<Session> {
    return this.manager.getRepository(Session).findOneByOrFail({ id });
  }

  save(session: Session): Promise<Session> {
    return this.manager.getRepository(Session).save(session);
  }

  /** A live (not revoked) session of this user. */
  findLiveOfUser(userId: string, sessionId: string): Promise<Session | null> {
    return this.manager.getRepository(Session).findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
  }

  /** The user's sessions that are not revoked, most recently used first. */
  liveOfUser(userId: string, options: { except?: string; tenantId?: string } = {}): Promise<Session[]> {
    return this.manager.getRepository(Session).find({
      where: {
        userId,
        revokedAt: IsNull(),
        ...(options.except ? { id: Not(options.except) } : {}),
        ...(options.tenantId ? { tenantId: options.tenantId } : {}),
      },
      order: { lastUsedAt: 'DESC', id: 'DESC' },
    });
  }

  async markRevoked(sessionId: string, revokedAt: Date, reason: string): Promise<void> {
    await this.manager.getRepository(Session).update({ id: sessionId }, { revokedAt, revokedReason: reason });
  }

  /** The refresh token with this hash, locked until the transaction ends: two refreshes with one token are serialised. */
  findTokenForUpdate(tokenHash: string): Promise<RefreshToken | null> {
    return this.manager.getRepository(RefreshToken).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async insertToken(sessionId: string, tokenHash: string): Promise<void> {
    await this.manager.getRepository(RefreshToken).insert({ sessionId, tokenHash, usedAt: null });
  }

  async markTokenUsed(token: RefreshToken): Promise<void> {
    token.usedAt = new Date();
    await this.manager.getRepository(RefreshToken).save(token);
  }

  /** Retires every refresh token of the session that has not been used yet. */
  async retireTokens(sessionId: string): Promise<void> {
    await this.manager.getRepository(RefreshToken).update({ sessionId, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
