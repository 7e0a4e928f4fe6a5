import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig, notFound, ProblemException, RequestContext, toProblem } from '@quorum/platform';
import { type ClientEventContext, RealtimeClientEvents } from '@quorum/realtime';
import { type ChatEvent, ChatService } from './chat.service';
import { ChatCancelDto, ChatSendDto } from './dto/chat-socket.dto';

/** The chat's events on the /realtime namespace: what clients send, and what the server sends back to that socket alone. */
export const ChatSocketEvents = {
  send: 'chat.send',
  cancel: 'chat.cancel',
  token: 'chat.token',
  done: 'chat.done',
  error: 'chat.error',
} as const;

/** Answers one connection may have in the making at once; one more is refused with 429. */
export const MAX_ANSWERS_PER_SOCKET = 2;

interface RunningAnswer {
  /** Known once the answer's first event is (the ack carries it). */
  messageId?: string;
  abort: AbortController;
  /** Settles once the answer has stopped and is stored. */
  ended?: Promise<void>;
}

/**
 * Chat over Socket.IO. `chat.send` asks ChatService and acks `{messageId}` as soon as both messages are stored
 * (or the problem: a session that is not the caller's, a bad payload); the answer then streams to that socket
 * as `chat.token`, then `chat.done` (with the stored answer and its citations) or `chat.error`. `chat.cancel`
 * and a disconnect abort the answer's signal, which ends the provider's HTTP call at once; the cancel's ack
 * comes once the answer has stopped and is stored as `cancelled`. Registered on RealtimeClientEvents, so
 * realtime never imports rag.
 */
@Injectable()
export class ChatSocketHandler implements OnModuleInit {
  private readonly logger = new Logger('Chat');
  /** Answers in the making, by socket id. */
  private readonly running = new Map<string, Set<RunningAnswer>>();

  constructor(
    private readonly chat: ChatService,
    private readonly clientEvents: RealtimeClientEvents,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.clientEvents.register(ChatSocketEvents.send, ChatSendDto, (context, dto) => this.send(context, dto));
    this.clientEvents.register(ChatSocketEvents.cancel, ChatCancelDto, (context, dto) => this.cancel(context, dto));
  }

  private async send(context: ClientEventContext, dto: ChatSendDto): Promise<{ messageId: string }> {
    const answers = this.running.get(context.socketId) ?? new Set<RunningAnswer>();
    if (answers.size >= MAX_ANSWERS_PER_SOCKET) {
      throw new ProblemException({
        status: 429,
        detail: `At most ${MAX_ANSWERS_PER_SOCKET} answers at a time per connection: wait for one to end, or stop one with chat.cancel.`,
      });
    }
    const answer: RunningAnswer = { abort: new AbortController() };
    answers.add(answer);
    this.running.set(context.socketId, answers);
    const stop = () => answer.abort.abort(new Error('the socket disconnected'));
    if (context.signal.aborted) stop();
    else context.signal.addEventListener('abort', stop, { once: true });
    const release = () => {
      context.signal.removeEventListener('abort', stop);
      answers.delete(answer);
      if (!answers.size && this.running.get(context.socketId) === answers) this.running.delete(context.socketId);
    };

    const events = this.chat.ask(dto.sessionId, dto.message, dto.filters, answer.abort.signal);
    let first: IteratorResult<ChatEvent>;
    try {
      // A session that is not the caller's (or any failure before the answer exists) is the ack's problem.
      first = await events.next();
    } catch (error) {
      release();
      throw error;
    }
    if (first.done) {
      release();
      throw new Error('the answer ended before its first event');
    }
    answer.messageId = first.value.messageId;
    // Runs on in the socket's RequestContext (the async context carries over), after the ack has gone.
    answer.ended = this.stream(context, events, first.value, answer.abort.signal).finally(release);
    return { messageId: first.value.messageId };
  }

  private async cancel(context: ClientEventContext, dto: ChatCancelDto): Promise<object> {
    const messageId = dto.messageId.toLowerCase();
    const answer = [...(this.running.get(context.socketId) ?? [])].find((a) => a.messageId === messageId);
    // Another socket's answer, one that has ended and one that never was look alike.
    if (!answer) throw notFound(`No answer ${dto.messageId} is being made on this connection.`);
    answer.abort.abort(new Error('cancelled by the client'));
    // The ack says it is over: no event of this answer follows it, and the answer is stored as cancelled.
    await answer.ended;
    return {};
  }

  /** Sends the answer's events to the socket until it ends or is stopped; stopping ends the iteration, and with it the provider call. */
  private async stream(
    context: ClientEventContext,
    events: AsyncGenerator<ChatEvent>,
    first: ChatEvent,
    signal: AbortSignal,
  ): Promise<void> {
    const { messageId } = first;
    // The ack is written first: the handler's promise settles, then the gateway acks, all before the next turn.
    await nextTurn();
    try {
      for (let event: ChatEvent | undefined = first; event && !signal.aborted;) {
        switch (event.type) {
          case 'started':
            // The ack carried its id.
            break;
          case 'token':
            context.emit(ChatSocketEvents.token, { messageId, index: event.index, text: event.text });
            break;
          case 'citations':
            // Sent with chat.done, which carries the stored answer and these same citations.
            break;
          case 'done':
            context.emit(ChatSocketEvents.done, { messageId, answer: event.answer, citations: event.answer.citations });
            break;
          case 'error':
            context.emit(ChatSocketEvents.error, { messageId, error: event.problem });
            break;
        }
        const next = await events.next();
        event = next.done ? undefined : next.value;
      }
    } catch (error) {
      // ChatService turns failures into `error` events; this is for what escapes it.
      if (!signal.aborted) context.emit(ChatSocketEvents.error, { messageId, error: this.problemOf(error) });
    } finally {
      // Stopped (chat.cancel, a disconnect): ChatService has ended the provider call; this ends the iteration if it has not ended yet.
      await events
        .return(undefined)
        .catch((error: unknown) => this.logger.warn({ err: error, messageId }, 'a chat answer did not stop cleanly'));
    }
  }

  private problemOf(error: unknown) {
    const requestId = RequestContext.requestId() ?? randomUUID();
    const { status, body } = toProblem(error, {
      instance: `/realtime#${ChatSocketEvents.send}`,
      requestId,
      exposeInternals: !this.config.isProduction,
    });
    if (status >= 500) this.logger.error({ err: error, requestId }, 'a chat answer over Socket.IO failed');
    return body;
  }
}
