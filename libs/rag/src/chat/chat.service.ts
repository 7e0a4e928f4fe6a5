import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AiService, AiUnavailableError } from '@quorum/ai';
import { AppConfig, ErrorReporter, notFound, type Page, type PageRequest, type Problem, RequestContext, toProblem } from '@quorum/platform';
import type { RagQueryFiltersDto, RetrievedPassageDto } from '../retrieval/dto/rag-query.dto';
import { RetrievalService } from '../retrieval/retrieval.service';
import type { Citation } from './answer/citation';
import { extractiveAnswer, NOTHING_FOUND } from './answer/extractive-answer';
import { checkCitations, groundedPrompt } from './answer/grounded-prompt';
import { ChatRepository } from './chat.repository';
import { ChatMessageDto, ChatSessionDto, ChatSessionWithMessagesDto } from './dto/chat.dto';

/** What a client receives while an answer is made, in order: tokens, then the citations, then done (or an error). */
export type ChatEvent =
  | { type: 'token'; messageId: string; index: number; text: string }
  | { type: 'citations'; messageId: string; citations: Citation[] }
  | { type: 'done'; messageId: string; answer: ChatMessageDto }
  | { type: 'error'; messageId: string; problem: Problem };

/** Passages retrieved for each question. */
const PASSAGES = 8;
/** History sent with a question: at most this many earlier messages, and this many characters (about 2,000 tokens). */
const HISTORY_MESSAGES = 50;
const HISTORY_CHARS = 8000;

/**
 * Chat over the knowledge base. Each question retrieves passages (RetrievalService) and is answered
 * by the `chat` task's provider chain with numbered passages and `[n]` citations that are checked,
 * or, with no remote provider (or none answering), by an extractive answer from the passages; both
 * are streamed the same way and stored with their citations.
 */
@Injectable()
export class ChatService {
  private readonly logger = new Logger('Chat');

  constructor(
    private readonly chats: ChatRepository,
    private readonly retrieval: RetrievalService,
    private readonly ai: AiService,
    private readonly config: AppConfig,
    private readonly reporter: ErrorReporter,
  ) {}

  async createSession(title?: string): Promise<ChatSessionDto> {
    const session = await this.chats.createSession(RequestContext.caller().userId, title?.trim() || 'New chat');
    return ChatSessionDto.from(session);
  }

  listSessions(request: PageRequest): Promise<Page<ChatSessionDto>> {
    return this.chats.sessionsOf(RequestContext.caller().userId, request, ChatSessionDto.from);
  }

  async getSession(id: string): Promise<ChatSessionWithMessagesDto> {
    const session = await this.ownSession(id);
    const messages = await this.chats.messages(id);
    return { ...ChatSessionDto.from(session), messages: messages.map(ChatMessageDto.from) };
  }

  async deleteSession(id: string): Promise<void> {
    await this.chats.removeSession(await this.ownSession(id));
  }

  /**
   * Asks a question in a session: stores it, then yields the answer's events as they come. The
   * answer is stored when it ends, as `complete`, `failed` (the events end with `error`) or
   * `cancelled` (the consumer stopped reading or `signal` was aborted).
   */
  async *ask(
    sessionId: string,
    question: string,
    filters: RagQueryFiltersDto | undefined,
    signal?: AbortSignal,
  ): AsyncGenerator<ChatEvent> {
    const session = await this.ownSession(sessionId);
    const history = await this.chats.recentMessages(session.id, HISTORY_MESSAGES);
    await this.chats.addMessage({ sessionId: session.id, role: 'user', content: question, status: 'complete', citations: [] });
    const answer = await this.chats.addMessage({ sessionId: session.id, role: 'assistant', content: '', status: 'failed', citations: [] });
    const messageId = answer.id;
    let index = 0;
    let text = '';
    let finished = false;
    try {
      const { passages } = await this.retrieval.search({ query: question, topK: PASSAGES, filters });
      const made = this.answerStream(question, passages, boundHistory(history), signal);
      for await (const delta of made.tokens) {
        text += delta;
        yield { type: 'token', messageId, index: index++, text: delta };
      }
      const info = await made.info();
      const checked = checkCitations(text, passages.length);
      const citations = checked.cited.map((n) => citationOf(n, passages[n - 1]));
      yield { type: 'citations', messageId, citations };
      Object.assign(answer, { content: checked.text, citations, status: 'complete', provider: info.provider, model: info.model });
      await this.chats.saveMessage(answer);
      finished = true;
      yield { type: 'done', messageId, answer: ChatMessageDto.from(answer) };
    } catch (error) {
      if (signal?.aborted) return;
      Object.assign(answer, { content: text, status: 'failed' });
      await this.chats.saveMessage(answer).catch(() => undefined);
      finished = true;
      yield { type: 'error', messageId, problem: this.problemOf(error, sessionId) };
    } finally {
      if (!finished) {
        // The consumer stopped reading (a closed SSE stream, chat.cancel): what was said so far is kept as cancelled.
        Object.assign(answer, { content: text, status: 'cancelled' });
        await this.chats.saveMessage(answer).catch(() => undefined);
      }
    }
  }

  /** The provider chain's streamed answer, or the extractive one when no remote provider answers. */
  private answerStream(
    question: string,
    passages: readonly RetrievedPassageDto[],
    history: { role: string; content: string }[],
    signal?: AbortSignal,
  ): { tokens: AsyncIterable<string>; info: () => Promise<{ provider: string; model: string }> } {
    const local = () => ({
      tokens: wordsOf(passages.length ? extractiveAnswer(question, passages) : NOTHING_FOUND, signal),
      info: () => Promise.resolve({ provider: 'local', model: 'extractive-v1' }),
    });
    if (passages.length === 0) return local();
    // Cancelling is stopping the iteration: the stream then ends the provider call (AiService.stream).
    const stream = this.ai.stream('chat', groundedPrompt(question, passages, history));
    let fallback: ReturnType<typeof local> | undefined;
    const tokens = async function* (): AsyncGenerator<string> {
      try {
        for await (const delta of stream) yield delta;
      } catch (error) {
        // Before any text, a chain with no answer (no remote provider, all failing, over budget) falls back to the extractive answer.
        if (!(error instanceof AiUnavailableError)) throw error;
        fallback = local();
        yield* fallback.tokens;
      }
    };
    return {
      tokens: tokens(),
      // Read once the tokens are done: by then it is known whether the provider or the fallback answered.
      info: async () => {
        if (fallback) return fallback.info();
        const info = await stream.info;
        return { provider: info.provider, model: info.model };
      },
    };
  }

  /** The problem REST would answer for the error, sent as the stream's last event; a 5xx is logged and reported. */
  private problemOf(error: unknown, sessionId: string): Problem {
    const requestId = RequestContext.requestId() ?? randomUUID();
    const instance = `/api/v1/chat/sessions/${sessionId}/messages`;
    const { status, body } = toProblem(error, { instance, requestId, exposeInternals: !this.config.isProduction });
    if (status >= 500) {
      this.logger.error({ err: error, sessionId, requestId }, 'a chat answer failed');
      const caller = RequestContext.principal();
      this.reporter.capture(error, {
        source: 'http',
        requestId,
        route: '/api/v1/chat/sessions/:id/messages',
        method: 'POST',
        status,
        tenantId: caller?.tenantId,
        userId: caller?.userId,
      });
    } else this.logger.warn({ sessionId, status }, 'a chat answer was refused');
    return body;
  }

  private async ownSession(id: string) {
    const session = await this.chats.findSession(id);
    // Another user's session looks exactly like one that does not exist.
    if (!session || session.userId !== RequestContext.caller().userId) throw notFound(`Chat session ${id} was not found.`);
    return session;
  }
}

function boundHistory(messages: readonly { role: string; content: string }[]): { role: string; content: string }[] {
  const kept: { role: string; content: string }[] = [];
  let chars = 0;
  for (const message of [...messages].reverse()) {
    chars += message.content.length;
    if (chars > HISTORY_CHARS) break;
    kept.unshift({ role: message.role, content: message.content });
  }
  return kept;
}

function citationOf(n: number, passage: RetrievedPassageDto): Citation {
  return { n, passageId: passage.id, quote: passage.text.slice(0, 500), ...passage.citation };
}

/** The extractive answer streamed as words, as a model's would be. */
async function* wordsOf(text: string, signal?: AbortSignal): AsyncGenerator<string> {
  const words = text.split(/(?<=\s)/);
  for (const word of words) {
    signal?.throwIfAborted();
    yield word;
  }
}
