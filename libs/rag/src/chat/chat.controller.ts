import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiIdempotencyKey,
  Idempotent,
  IdempotentRequests,
  NoTimeout,
  PageQueryDto,
  Problem,
  ProblemException,
  Roles,
  UuidParam,
} from '@quorum/platform';
import type { Request, Response } from 'express';
import { type ChatEvent, ChatService } from './chat.service';
import {
  AskDto,
  ChatAnswerDto,
  ChatSessionDto,
  ChatSessionPageDto,
  ChatSessionWithMessagesDto,
  CreateChatSessionDto,
} from './dto/chat.dto';

/** Chat is reading the knowledge base: viewers may chat, each in sessions of their own. */
@ApiTags('chat')
@Roles('viewer')
@Controller('chat/sessions')
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly idempotency: IdempotentRequests,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Start a chat session (yours alone)' })
  @ApiCreatedResponse({ type: ChatSessionDto })
  create(@Body() dto: CreateChatSessionDto): Promise<ChatSessionDto> {
    return this.chat.createSession(dto.title);
  }

  @Get()
  @ApiOperation({ summary: 'Your chat sessions, newest first, a page at a time' })
  @ApiOkResponse({ type: ChatSessionPageDto })
  list(@Query() query: PageQueryDto): Promise<ChatSessionPageDto> {
    return this.chat.listSessions(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A session with its messages and their citations' })
  @ApiOkResponse({ type: ChatSessionWithMessagesDto })
  @ApiNotFoundResponse({ type: Problem, description: "No such session of yours (another user's session looks the same)" })
  get(@UuidParam('id') id: string): Promise<ChatSessionWithMessagesDto> {
    return this.chat.getSession(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a session and its messages' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: Problem, description: "No such session of yours (another user's session looks the same)" })
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.chat.deleteSession(id);
  }

  @Post(':id/messages')
  // Streams end by themselves (the provider's deadline per event, the answer's end); a slow reader must not be cut off at REQUEST_TIMEOUT_MS.
  @NoTimeout()
  @ApiOperation({
    summary:
      'Ask a question: the answer with its citations; with `Accept: text/event-stream`, streamed as Server-Sent Events `token` {messageId, index, text}, `citations`, then `done` {answer} or `error` {problem}',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ChatAnswerDto })
  @ApiNotFoundResponse({ type: Problem, description: "No such session of yours (another user's session looks the same)" })
  async ask(@UuidParam('id') id: string, @Body() dto: AskDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const streamed = (req.headers.accept ?? '').includes('text/event-stream');
    if (streamed && req.headers['idempotency-key'] !== undefined) throw streamNotIdempotent();
    // Before the question is stored: a retry gets the first answer (or waits for it) instead of asking again.
    const admission = streamed ? undefined : await this.idempotency.admit(req, res, true);
    if (admission?.kind === 'replayed') return void res.json(admission.body);
    const claimed = admission?.kind === 'claimed' ? admission : undefined;
    const abort = new AbortController();
    // A client that goes away ends the provider's call at once; the answer is stored as cancelled.
    req.socket.once('close', () => abort.abort(new Error('the client closed the connection')));
    const events = this.chat.ask(id, dto.message, dto.filters, abort.signal);
    if (!streamed) {
      try {
        for await (const event of events) {
          if (event.type === 'done') {
            const body = { answer: event.answer };
            await claimed?.complete({ status: 200, location: null, body: JSON.stringify(body) });
            return void res.status(200).json(body);
          }
          if (event.type === 'error') {
            await claimed?.release();
            return void res.status(event.problem.status).type('application/problem+json').json(event.problem);
          }
        }
        await claimed?.release();
        return;
      } catch (error) {
        await claimed?.release();
        throw error;
      }
    }
    // The first event (`started`, once the question is stored) may fail instead (a session that is not the
    // caller's): that is an ordinary problem answer, before any stream.
    const first = await events.next();
    res.status(200).setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (event: ChatEvent) => {
      // `started` only opens the stream: an SSE client cancels by closing it and needs no id for that.
      if (event.type === 'started') return;
      const { type, ...data } = event;
      res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    try {
      if (!first.done) send(first.value);
      for await (const event of events) {
        if (abort.signal.aborted) break;
        send(event);
      }
    } finally {
      res.end();
    }
  }
}

/** A stream cannot be replayed, and a client sending the key expects its retry to be safe: it should ask in JSON. */
function streamNotIdempotent(): ProblemException {
  return new ProblemException({
    status: 400,
    slug: 'idempotency-key-not-supported',
    title: 'Idempotency-Key not supported here',
    detail:
      'A streamed answer (Accept: text/event-stream) cannot be replayed, so Idempotency-Key is refused with it. Ask with Accept: application/json to retry safely, or send no key.',
    errors: [{ field: 'Idempotency-Key', message: 'is not supported with Accept: text/event-stream' }],
  });
}
