import { Module } from '@nestjs/common';
import { RealtimeRelay } from './realtime-relay';

/** For processes without the Socket.IO gateway (the worker): their domain events still reach clients. See RealtimeRelay. */
@Module({ providers: [RealtimeRelay] })
export class RealtimeRelayModule {}
