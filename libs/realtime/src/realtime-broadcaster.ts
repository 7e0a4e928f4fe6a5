import { Injectable, Logger } from '@nestjs/common';
import { authProblem, SESSION_REVOKED, SessionsService } from '@quorum/auth';
import { AppConfig, type DomainEvent, type DomainEventOf, OnAnyDomainEvent, OnDomainEvent } from '@quorum/platform';
import { ControlEvents, roomFor, Rooms, toRealtimeEvent } from './realtime-contract';
import { RealtimeMetrics } from './realtime-metrics';
import { RealtimeNamespace } from './realtime-namespace';
import { RelayQueue } from './relay-queue';
import { sessionEndedProblem, socketProblem } from './socket-problem';

/**
 * Relays what other modules announce (after their commit) to the sockets
 * allowed to hear it. Only the instance where a change happened relays it;
 * the Redis adapter carries it to the sockets of every other instance. The
 * writes go through the RelayQueue, so whoever made the change is answered
 * before the fan-out starts, and each socket still hears events in commit order.
 */
@Injectable()
export class RealtimeBroadcaster {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly namespace: RealtimeNamespace,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    private readonly metrics: RealtimeMetrics,
    private readonly queue: RelayQueue,
  ) {}

  @OnAnyDomainEvent()
  relay(event: DomainEvent): void {
    const room = roomFor(event);
    if (!room) return;
    this.queue.enqueue(`${event.type} ${event.eventId}`, () => {
      const namespace = this.namespace.current;
      if (!namespace) return;
      namespace.to(room).emit(event.type, toRealtimeEvent(event));
      this.metrics.eventSent(event.type);
      // Nobody can rejoin a deleted meeting; its room should not outlive it on any instance.
      if (event.type === 'meeting.deleted' && event.meetingId)
        namespace.in(Rooms.meeting(event.meetingId)).socketsLeave(Rooms.meeting(event.meetingId));
    });
  }

  /**
   * Disconnects the session's sockets on every instance. The event also
   * comes when a session moves to another tenant (switch-tenant): its
   * sockets still act in the old one, so they go too, but told to reconnect
   * with the new token rather than to log in again.
   */
  @OnDomainEvent(SESSION_REVOKED)
  async disconnect({ data: { sessionId } }: DomainEventOf<typeof SESSION_REVOKED>): Promise<void> {
    // Failing here would fail the logout that announced it; when in doubt, the session counts as ended.
    const live = (await this.sessions.liveHolder(sessionId).catch(() => null)) !== null;
    const problem = live
      ? socketProblem(
          authProblem(
            'invalid_token',
            "This connection's session now acts in another tenant; connect again with its current access token.",
          ),
          undefined,
          this.config,
          this.logger,
        )
      : sessionEndedProblem(this.config, this.logger);
    // Queued behind the events relayed before it, so the session's sockets hear everything committed before it ended.
    this.queue.enqueue(`${ControlEvents.sessionEnded} ${sessionId}`, () => {
      this.namespace.endSession(sessionId, problem);
      this.metrics.eventSent(ControlEvents.sessionEnded);
    });
  }
}
