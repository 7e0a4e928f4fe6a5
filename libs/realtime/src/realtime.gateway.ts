import { Inject, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SkipThrottle } from '@nestjs/throttler';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { authProblem, SessionsService } from '@quorum/auth';
import { MeetingDto, MeetingsService, TranscriptService } from '@quorum/meetings';
import {
  AppConfig,
  createValidationPipe,
  ErrorReporter,
  INPUT_LIMITS,
  inputProblem,
  insufficientRole,
  notFound,
  Principal,
  ProblemException,
  RequestContext,
  roleAtLeast,
  screenInput,
  validationFailed,
} from '@quorum/platform';
import { randomUUID } from 'node:crypto';
import type { Namespace } from 'socket.io';
import { clientAddress, TrustFn } from './client-address';
import { type ClientEventContext, type RegisteredClientEvent, RealtimeClientEvents } from './realtime-client-events';
import { AppendTranscriptDto, MeetingRefDto } from './dto/meeting-ref.dto';
import { Ack, CLIENT_EVENT_NAMES, ClientEvents, REALTIME_NAMESPACE, Rooms } from './realtime-contract';
import { RealtimeNamespace, RealtimeSocket } from './realtime-namespace';
import { FRAME_BYTES, NESTED_TOO_DEEP } from './screening-parser';
import { RealtimeMetrics } from './realtime-metrics';
import { REALTIME_OPTIONS, RealtimeOptions } from './realtime-options';
import { SessionWatch } from './session-watch';
import { SocketAuthenticator } from './socket-authenticator';
import { socketProblem } from './socket-problem';
import { TokenBucket } from './token-bucket';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AckFn = (answer: Ack) => void;

interface SocketLimits {
  events: TokenBucket;
  bytes: TokenBucket;
}

/**
 * The /realtime namespace. Connections are verified at the handshake (a
 * refusal is a connect_error carrying a problem); each socket then sits in
 * its tenant, user and session rooms and joins meeting rooms on request.
 * Every client event is answered through its ack, errors included, and none
 * of them costs the connection. HTTP's global rate limit keys by address and
 * does not fit sockets, which get their own per-socket token bucket instead.
 */
@SkipThrottle()
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<RealtimeSocket> {
  private readonly logger = new Logger('Realtime');
  /** The very pipe REST bodies go through, so both paths accept and reject alike, with the same `errors`. */
  private readonly validation = createValidationPipe();

  constructor(
    private readonly authenticator: SocketAuthenticator,
    private readonly namespace: RealtimeNamespace,
    private readonly watch: SessionWatch,
    private readonly sessions: SessionsService,
    private readonly meetings: MeetingsService,
    private readonly transcript: TranscriptService,
    private readonly config: AppConfig,
    private readonly httpAdapterHost: HttpAdapterHost,
    private readonly metrics: RealtimeMetrics,
    private readonly reporter: ErrorReporter,
    private readonly clientEvents: RealtimeClientEvents,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {}

  afterInit(namespace: Namespace): void {
    this.namespace.attach(namespace);
    namespace.use((socket, next) => {
      this.admit(socket as RealtimeSocket).then(
        () => next(),
        (error: unknown) => {
          const problem = socketProblem(error, undefined, this.config, this.logger, this.reporter);
          next(Object.assign(new Error(problem.detail), { data: problem }));
        },
      );
    });
  }

  handleConnection(socket: RealtimeSocket): void {
    const limits: SocketLimits = {
      events: new TokenBucket(this.options.eventsPerSecond, this.options.eventBurst),
      bytes: new TokenBucket(this.options.bytesPerSecond, this.options.byteBurst),
    };
    socket.use((packet, next) => void this.screen(socket, limits, packet, next));
    this.listenToRegistered(socket);
    this.watch.ensureRunning();
  }

  /**
   * The events other modules registered (RealtimeClientEvents): screened above like the gateway's own,
   * then validated with their DTO, run as the socket's principal and answered through the ack. Their
   * handlers' work may outlive the ack (a streamed answer): it gets a signal aborted at disconnect.
   */
  private listenToRegistered(socket: RealtimeSocket): void {
    const registered = this.clientEvents.all();
    if (!registered.length) return;
    const connection = new AbortController();
    socket.once('disconnect', () => connection.abort(new Error('the socket disconnected')));
    const context: ClientEventContext = {
      socketId: socket.id,
      principal: socket.data.principal,
      emit: (event, payload) => {
        if (!socket.connected) return;
        socket.emit(event, payload);
        this.metrics.eventSent(event);
      },
      signal: connection.signal,
    };
    for (const handler of registered) {
      socket.on(handler.event, (...args: unknown[]) => {
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : undefined;
        void this.dispatch(socket, handler, context, args[0]).then((answer) => ack?.(answer));
      });
    }
  }

  private dispatch(socket: RealtimeSocket, handler: RegisteredClientEvent, context: ClientEventContext, body: unknown): Promise<Ack> {
    return this.answer(handler.event, async () => {
      const payload = await this.validate(handler.payload, body, handler.event);
      return this.as(socket, () => handler.handle(context, payload));
    });
  }

  @SubscribeMessage(ClientEvents.meetingJoin)
  join(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<{ meetingId: string; meeting: MeetingDto }>> {
    return this.answer(ClientEvents.meetingJoin, async () => {
      const meetingId = meetingUuid((await this.validate(MeetingRefDto, body, ClientEvents.meetingJoin)).meetingId);
      // Another tenant's meeting is not found, exactly as over REST: the lookup is scoped to the socket's tenant.
      const meeting = await this.as(socket, () => this.meetings.get(meetingId));
      await socket.join(Rooms.meeting(meeting.id));
      return { meetingId: meeting.id, meeting };
    });
  }

  @SubscribeMessage(ClientEvents.meetingLeave)
  leave(@ConnectedSocket() socket: RealtimeSocket, @MessageBody() body: unknown): Promise<Ack<{ meetingId: string }>> {
    return this.answer(ClientEvents.meetingLeave, async () => {
      const meetingId = meetingUuid((await this.validate(MeetingRefDto, body, ClientEvents.meetingLeave)).meetingId);
      // Leaving reveals nothing, so there is no lookup; leaving a room one is not in is a no-op.
      await socket.leave(Rooms.meeting(meetingId));
      return { meetingId };
    });
  }

  @SubscribeMessage(ClientEvents.transcriptAppend)
  append(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ meetingId: string; revision: number; segmentIds: string[] }>> {
    return this.answer(ClientEvents.transcriptAppend, async () => {
      // The role first, as REST's guard runs before its validation pipe.
      const { role } = socket.data.principal;
      if (!roleAtLeast(role, 'member')) {
        throw insufficientRole('member', role, 'Sending transcript needs the member role or higher.');
      }
      const dto = await this.validate(AppendTranscriptDto, body, ClientEvents.transcriptAppend);
      const meetingId = meetingUuid(dto.meetingId);
      if (!socket.rooms.has(Rooms.meeting(meetingId))) {
        throw new ProblemException({
          status: 409,
          detail: `Join the meeting (meeting.join) before sending its transcript.`,
          extensions: { code: 'not_joined' },
        });
      }
      // Storing publishes transcript.appended after commit; the room (this socket too) gets it right after this ack.
      const stored = await this.as(socket, () => this.transcript.append(meetingId, dto.segments));
      return { meetingId, revision: stored.revision, segmentIds: stored.segments.map((segment) => segment.segmentId) };
    });
  }

  /** The handshake: the same checks as a REST request, then the rooms every socket belongs to. */
  private async admit(socket: RealtimeSocket): Promise<void> {
    const ip = clientAddress(socket.request, this.trustProxy());
    const principal = await this.authenticator.authenticate((socket.handshake.auth as { token?: unknown } | undefined)?.token, ip);
    const restored = socket.recovered ? socket.data.principal : undefined;
    if (restored && !samePrincipal(restored, principal)) {
      // A recovered connection comes back with its rooms, which were joined for whoever held it before.
      for (const room of [...socket.rooms]) if (room !== socket.id) await socket.leave(room);
    }
    socket.data = { principal, ip };
    // Joined before the client sees `connect`, so nothing sent after that can miss it.
    await socket.join([Rooms.tenant(principal.tenantId), Rooms.user(principal.userId), Rooms.session(principal.sessionId)]);
  }

  /** Runs before every client event: the rate limits, a known event name, a payload fit to validate, a session still live. */
  private async screen(socket: RealtimeSocket, limits: SocketLimits, packet: unknown[], next: (error?: Error) => void): Promise<void> {
    const event = typeof packet[0] === 'string' ? packet[0] : undefined;
    this.metrics.eventReceived(event);
    const last = packet[packet.length - 1];
    const refuse = (error: unknown) => {
      if (typeof last === 'function')
        (last as AckFn)({ ok: false, error: socketProblem(error, event, this.config, this.logger, this.reporter) });
    };

    const verdict = limits.events.take();
    if (!verdict.allowed) {
      const retryAfter = verdict.retryAfterMs / 1000;
      return refuse(
        new ProblemException({
          status: 429,
          detail: `Too many events: at most ${this.options.eventsPerSecond} per second, in bursts of up to ${this.options.eventBurst}; retry after ${retryAfter} s.`,
          extensions: { retryAfter },
        }),
      );
    }
    if (!event || !(CLIENT_EVENT_NAMES.includes(event) || this.clientEvents.has(event))) {
      return refuse(
        new ProblemException({
          status: 400,
          detail: `Unknown event ${JSON.stringify(packet[0])}; this namespace takes ${[...CLIENT_EVENT_NAMES, ...this.clientEvents.names()].join(', ')}.`,
        }),
      );
    }
    // The same screen REST input passes, here before anything else walks the payload; it also measures it for the byte budget.
    const payload = typeof last === 'function' ? packet.slice(1, -1) : packet.slice(1);
    const tooDeep = payload.includes(NESTED_TOO_DEEP);
    const screened = tooDeep ? { values: 0, approximateBytes: 0 } : screenInput(payload.length === 1 ? payload[0] : payload);
    const frameBytes = (packet as unknown[] & { [FRAME_BYTES]?: number })[FRAME_BYTES];
    const bytes = limits.bytes.take(Date.now(), frameBytes ?? screened.approximateBytes);
    if (!bytes.allowed) {
      const retryAfter = bytes.retryAfterMs / 1000;
      return refuse(
        new ProblemException({
          status: 429,
          detail: `Too much data: at most ${this.options.bytesPerSecond} bytes per second, in bursts of up to ${this.options.byteBurst}; retry after ${retryAfter} s.`,
          extensions: { retryAfter },
        }),
      );
    }
    if (tooDeep)
      return refuse(
        inputProblem(
          { kind: 'too-deep', field: '', message: `the payload is nested more than ${INPUT_LIMITS.maxDepth} levels deep` },
          `The payload of ${event}`,
        ),
      );
    if (screened.violation) return refuse(inputProblem(screened.violation, `The payload of ${event}`));
    const { principal } = socket.data;
    try {
      if (!(await this.sessions.isLive(principal))) {
        refuse(authProblem('session_revoked', 'The session of this connection has ended. Log in again.'));
        this.watch.end(principal.sessionId);
        return;
      }
    } catch (error) {
      return refuse(error);
    }
    next();
  }

  private async answer<T extends object>(event: string, work: () => Promise<T>): Promise<Ack<T>> {
    try {
      return { ok: true, ...(await work()) };
    } catch (error) {
      return { ok: false, error: socketProblem(error, event, this.config, this.logger, this.reporter) };
    }
  }

  private async validate<T extends object>(dto: new () => T, body: unknown, event: string): Promise<T> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationFailed([{ field: '', message: 'the payload must be an object' }], `The payload of ${event} must be an object.`);
    }
    return (await this.validation.transform(body, { type: 'body', metatype: dto })) as T;
  }

  /** Service calls see the socket's principal, as they see a request's. */
  private as<T>(socket: RealtimeSocket, work: () => Promise<T>): Promise<T> {
    return RequestContext.run(socket.data.principal, work, { ip: socket.data.ip, requestId: randomUUID() });
  }

  /** Express's compiled TRUST_PROXY setting, so a socket's address is the one REST would see. */
  private trustProxy(): TrustFn | undefined {
    const express = this.httpAdapterHost.httpAdapter.getInstance() as { get?: (setting: string) => unknown } | undefined;
    const trust = express?.get?.('trust proxy fn');
    return typeof trust === 'function' ? (trust as TrustFn) : undefined;
  }
}

function meetingUuid(meetingId: string): string {
  if (!UUID.test(meetingId)) throw notFound(`Meeting ${meetingId} was not found.`);
  return meetingId.toLowerCase();
}

function samePrincipal(a: Principal, b: Principal): boolean {
  return a.userId === b.userId && a.tenantId === b.tenantId && a.sessionId === b.sessionId && a.role === b.role;
}
