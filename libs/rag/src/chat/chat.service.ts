import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AiService, AiUnavailableError, LOCAL_CHAT_MODEL, ProviderCallError } from '@quorum/ai';
import {
  AppConfig,
  ErrorReporter,
  notFound,
  type Page,
  type PageRequest,
  type Problem,
  ProblemException,
  RequestContext,
  ShutdownState,
  toProblem,
} from '@quorum/platform';
import type { RagQueryFiltersDto, RetrievedPassageDto } from '../retrieval/dto/rag-query.dto';
import { RetrievalService } from '../retrieval/retrieval.service';
import type { Citation } from './answer/citation';
import { extractiveAnswer, NOTHING_FOUND } from './answer/extractive-answer';
import { checkCitations, groundedPrompt } from './answer/grounded-prompt';
import { ChatRepository } from './chat.repository';
import { ChatMessageDto, ChatSessionDto, ChatSessionWithMessagesDto } from './dto/chat.dto';
import { titleFrom, UNTITLED } from './chat-title';

/**
 * What a client receives while an answer is made, in order: started (both messages are stored; the id
 * lets a client cancel before any text), tokens, then the citations, then done (or an error).
 */
export type ChatEvent =
  | { type: 'started'; messageId: string }
  | { type: 'token'; messageId: string; index: number; text: string }
  | { type: 'citations'; messageId: string; citations: Citation[] }
  | { type: 'done'; messageId: string; answer: ChatMessageDto }
  | { type: 'error'; messageId: string; problem: Problem };

/** Passages retrieved for each question. */
const PASSAGES = 8;
/** History sent with a question: at most this many earlier messages, and this many characters (about 2,000 tokens). */
const HISTORY_MESSAGES = 50;
const HISTORY_CHARS = 8000;
/** How long shutting down waits for the answers it stopped to send their `error` event and be stored. */
const SHUTDOWN_WAIT_MS = 3000;

/**
 * Chat over the knowledge base. Each question retrieves passages (RetrievalService) and is answered
 * by the `chat` task's provider chain with numbered passages and `[n]` citations that are checked,
 * or, with no remote provider (or none answering), by an extractive answer from the passages; both
 * are streamed the same way and stored with their citations.
 */
@Injectable()
export class ChatService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Chat');
  /** Answers being made in this process: the switch that stops each, and when it has ended. */
  private readonly running = new Map<AbortController, Promise<void>>();
  private shutdownReason?: ProblemException;

  constructor(
    private readonly chats: ChatRepository,
    private readonly retrieval: RetrievalService,
    private readonly ai: AiService,
    private readonly config: AppConfig,
    private readonly reporter: ErrorReporter,
    shutdown: ShutdownState,
  ) {
    // Registered here, while Nest builds the providers, so it runs before realtime's listener (setupRealtime,
    // later) ends the sockets: a socket's answer can still send its chat.error.
    shutdown.onBegin(() => this.stopAll());
  }

  /** app.close() without a drain before it (tests, a failed start): the same stop. */
  beforeApplicationShutdown(): Promise<void> {
    return this.stopAll();
  }

  async createSession(title?: string): Promise<ChatSessionDto> {
    const given = title?.trim();
    const session = await this.chats.createSession(RequestContext.caller().userId, given || UNTITLED, !!given);
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
   * `cancelled` (the consumer stopped reading or `caller` was aborted: the events just end). Aborting
   * `caller` ends the provider's HTTP call at once, however stalled. When the process shuts down, the
   * answer ends with an `error` event (503) and is stored as `failed`.
   */
  async *ask(
    sessionId: string,
    question: string,
    filters: RagQueryFiltersDto | undefined,
    caller?: AbortSignal,
  ): AsyncGenerator<ChatEvent> {
    const session = await this.ownSession(sessionId);
    const history = await this.chats.recentMessages(session.id, HISTORY_MESSAGES);
    // A session created without a title is named by its first question, as a list of conversations needs.
    if (!session.titleGiven && history.length === 0) await this.chats.titleIfUntitled(session.id, titleFrom(question));
    await this.chats.addMessage({ sessionId: session.id, role: 'user', content: question, status: 'complete', citations: [] });
    const answer = await this.chats.addMessage({ sessionId: session.id, role: 'assistant', content: '', status: 'failed', citations: [] });
    const messageId = answer.id;
    const stop = new AbortController();
    if (this.shutdownReason) stop.abort(this.shutdownReason);
    const signal = caller ? AbortSignal.any([caller, stop.signal]) : stop.signal;
    let ended!: () => void;
    this.running.set(stop, new Promise<void>((resolve) => (ended = resolve)));
    let index = 0;
    let text = '';
    let finished = false;
    try {
      yield { type: 'started', messageId };
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
      const shuttingDown = signal.aborted && signal.reason === this.shutdownReason;
      if (signal.aborted && !shuttingDown) return;
      Object.assign(answer, { content: text, status: 'failed' });
      await this.chats.saveMessage(answer).catch(() => undefined);
      finished = true;
      yield { type: 'error', messageId, problem: this.problemOf(shuttingDown ? this.shutdownReason : error, sessionId) };
    } finally {
      if (!finished) {
        // The consumer stopped reading (a closed SSE stream, chat.cancel): what was said so far is kept as cancelled.
        Object.assign(answer, { content: text, status: 'cancelled' });
        await this.chats.saveMessage(answer).catch(() => undefined);
      }
      this.running.delete(stop);
      ended();
    }
  }

  /**
   * Shutting down: every answer in the making is stopped (its provider call ended) and ends with an
   * `error` event, 503 `service-unavailable`; waits, at most SHUTDOWN_WAIT_MS, for those events to be
   * handed to their consumers, so that neither a client nor the shutdown is left waiting on a provider.
   */
  async stopAll(): Promise<void> {
    this.shutdownReason ??= new ProblemException({
      status: 503,
      detail: 'The server is shutting down and stopped this answer; ask again in a moment.',
      headers: { 'Retry-After': '1' },
    });
    if (!this.running.size) return;
    this.logger.log({ answers: this.running.size }, 'shutting down: stopping the chat answers in the making');
    const ends = [...this.running].map(([stop, ended]) => {
      stop.abort(this.shutdownReason);
      return ended;
    });
    const waited = new AbortController();
    await Promise.race([Promise.all(ends), sleep(SHUTDOWN_WAIT_MS, undefined, { signal: waited.signal }).catch(() => undefined)]);
    waited.abort();
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
      info: () => Promise.resolve({ provider: 'local', model: LOCAL_CHAT_MODEL }),
    });
    if (passages.length === 0) return local();
    // The signal ends the provider's HTTP call at once (AiService.stream), without counting it against the provider.
    const stream = this.ai.stream('chat', groundedPrompt(question, passages, history), undefined, signal);
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

  /**
   * The problem REST would answer for the error, sent as the stream's last event; a 5xx is logged and
   * reported, except the shutdown's own. A provider that fails mid-answer (after text was sent, so no
   * fallback) is 502, or 504 when it stopped sending within AI_TIMEOUT_MS.
   */
  private problemOf(error: unknown, sessionId: string): Problem {
    const requestId = RequestContext.requestId() ?? randomUUID();
    const instance = `/api/v1/chat/sessions/${sessionId}/messages`;
    const { status, body } = toProblem(providerProblem(error) ?? error, {
      instance,
      requestId,
      exposeInternals: !this.config.isProduction,
    });
    if (error === this.shutdownReason) this.logger.log({ sessionId }, 'a chat answer was stopped by the shutdown');
    else if (status >= 500) {
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

function providerProblem(error: unknown): ProblemException | undefined {
  if (!(error instanceof ProviderCallError)) return undefined;
  const timedOut = error.cause instanceof ProviderCallError && error.cause.kind === 'timeout';
  return new ProblemException({
    status: timedOut ? 504 : 502,
    detail: `The AI provider ${error.provider} stopped in the middle of the answer (${error.message}); the text so far is kept.`,
    extensions: { provider: error.provider },
  });
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
