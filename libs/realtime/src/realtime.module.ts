import { Module } from '@nestjs/common';
import { AuthModule } from '@quorum/auth';
import { MeetingsModule } from '@quorum/meetings';
import { TenantsModule } from '@quorum/tenants';
import { RealtimeBroadcaster } from './realtime-broadcaster';
import { RealtimeClientEvents } from './realtime-client-events';
import { RealtimeMetrics } from './realtime-metrics';
import { RealtimeNamespace } from './realtime-namespace';
import { DEFAULT_REALTIME_OPTIONS, REALTIME_OPTIONS } from './realtime-options';
import { RealtimeGateway } from './realtime.gateway';
import { RelayQueue } from './relay-queue';
import { SessionWatch } from './session-watch';
import { SocketAuthenticator } from './socket-authenticator';

/** The Socket.IO gateway at /realtime; setupRealtime(app) installs the adapter it runs on. See docs/realtime.md. */
@Module({
  imports: [AuthModule, TenantsModule, MeetingsModule],
  providers: [
    // A copy per app, so one test tuning its options never leaks into another app of the same process.
    { provide: REALTIME_OPTIONS, useFactory: () => ({ ...DEFAULT_REALTIME_OPTIONS }) },
    RealtimeGateway,
    RealtimeNamespace,
    RealtimeBroadcaster,
    RealtimeClientEvents,
    RealtimeMetrics,
    RelayQueue,
    SessionWatch,
    SocketAuthenticator,
  ],
  exports: [REALTIME_OPTIONS, SessionWatch, RealtimeClientEvents],
})
export class RealtimeModule {}
