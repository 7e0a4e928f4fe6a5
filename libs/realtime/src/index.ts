export * from './realtime.module';
export * from './realtime-io.adapter';
export * from './realtime-options';
export * from './realtime-contract';
export * from './realtime-client-events';
export * from './session-watch';
export * from './socket-authenticator';
export * from './relay/realtime-relay.module';
