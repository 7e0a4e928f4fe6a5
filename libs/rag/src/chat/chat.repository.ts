import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  byCreation,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import { ChatMessage } from './entities/chat-message.entity';
import { ChatSession } from './entities/chat-session.entity';

const NEWEST_FIRST = byCreation<ChatSession>('s');

/** Chat sessions and their messages, in the caller's tenant. */
@Injectable()
export class ChatRepository {
  constructor(
    @InjectTenantRepository(ChatSession) private readonly sessions: TenantRepository<ChatSession>,
    @InjectTenantRepository(ChatMessage) private readonly messagesRepo: TenantRepository<ChatMessage>,
    private readonly transactions: Transactions,
  ) {}

  createSession(userId: string, title: string, titleGiven: boolean): Promise<ChatSession> {
    return this.sessions.save(this.sessions.create({ userId, title: title.slice(0, 200), titleGiven }));
  }

  /** Titles a session that has no title of its own yet, under its row lock (a 404 if it was deleted meanwhile). */
  async titleIfUntitled(id: string, title: string): Promise<void> {
    await this.transactions.run(async () => {
      const session = await this.sessions.getForUpdate(id);
      if (session.titleGiven) return;
      Object.assign(session, { title: title.slice(0, 200), titleGiven: true });
      await this.sessions.save(session);
    });
  }

  findSession(id: string): Promise<ChatSession | null> {
    return this.sessions.findById(id);
  }

  removeSession(session: ChatSession): Promise<void> {
    return this.sessions.remove(session);
  }

  sessionsOf<T>(userId: string, request: PageRequest, map: (s: ChatSession) => T): Promise<Page<T>> {
    return keysetPage(this.sessions.query('s').andWhere('s.userId = :userId', { userId }), request, {
      limits: PAGE_LIMITS.standard,
      order: NEWEST_FIRST,
      map,
    });
  }

  /** Every message of a session, oldest first (a session holds what its user asked; it is not paged). */
  messages(sessionId: string): Promise<ChatMessage[]> {
    return this.messagesRepo.find({ where: { sessionId }, order: { createdAt: 'ASC', id: 'ASC' }, take: 1000 });
  }

  /** The last `count` complete messages, oldest first: the history a question is asked with. */
  async recentMessages(sessionId: string, count: number): Promise<ChatMessage[]> {
    const latest = await this.messagesRepo.find({
      where: { sessionId, status: 'complete' },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: count,
    });
    return latest.reverse();
  }

  addMessage(data: DeepPartial<ChatMessage>): Promise<ChatMessage> {
    return this.messagesRepo.save(this.messagesRepo.create(data));
  }

  saveMessage(message: ChatMessage): Promise<ChatMessage> {
    return this.messagesRepo.save(message);
  }
}
