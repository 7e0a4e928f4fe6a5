import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { SessionsService } from '@quorum/auth';
import { AppConfig, Principal } from '@quorum/platform';
import { ControlEvents } from './realtime-contract';
import { RealtimeMetrics } from './realtime-metrics';
import { RealtimeNamespace } from './realtime-namespace';
import { REALTIME_OPTIONS, RealtimeOptions } from './realtime-options';
import { sessionEndedProblem } from './socket-problem';

/**
 * The safety net behind the `session.revoked` event: every
 * `sessionCheckIntervalMs` (30 s) the sessions of this instance's sockets
 * are checked again, so a revocation whose event never arrived still ends
 * its connections within one interval. It runs only while sockets are
 * connected, so an idle instance polls nothing.
 */
@Injectable()
export class SessionWatch implements OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly namespace: RealtimeNamespace,
    private readonly sessions: SessionsService,
    private readonly config: AppConfig,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
    private readonly metrics: RealtimeMetrics,
  ) {}

  /** Called for each new connection. */
  ensureRunning(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.options.sessionCheckIntervalMs);
    // Never the reason the process stays alive.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Ends the connections of every ended session among this instance's sockets; returns their session ids. */
  async sweep(): Promise<string[]> {
    const sessions = new Map<string, Principal>();
    // Sockets are in the namespace only once their handshake verified them, so each has its principal.
    for (const socket of this.namespace.localSockets()) sessions.set(socket.data.principal.sessionId, socket.data.principal);
    const ended: string[] = [];
    for (const [sessionId, principal] of sessions) {
      try {
        if (await this.sessions.isLive(principal)) continue;
      } catch (error) {
        // The database may be away for a moment; wrongly disconnecting everyone would be worse than waiting for the next round.
        this.logger.warn(`could not check realtime session ${sessionId}: ${(error as Error).message}`);
        continue;
      }
      ended.push(sessionId);
      this.end(sessionId);
    }
    return ended;
  }

  /** Disconnects this instance's sockets of an ended session, saying why first. */
  end(sessionId: string): void {
    const problem = sessionEndedProblem(this.config, this.logger);
    for (const socket of this.namespace.localSockets()) {
      if (socket.data.principal.sessionId !== sessionId) continue;
      socket.emit(ControlEvents.sessionEnded, problem);
      this.metrics.eventSent(ControlEvents.sessionEnded);
      socket.disconnect(true);
    }
  }

  private async tick(): Promise<void> {
    try {
      await this.sweep();
    } finally {
      this.timer = undefined;
      if (this.namespace.localSockets().length) this.ensureRunning();
    }
  }
}
