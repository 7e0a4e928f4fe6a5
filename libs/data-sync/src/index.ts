export * from './data-sync.module';
export * from './data-sync-http.module';
export * from './connectors/connector';
export * from './conflicts/sync-conflict-events';
export * from './conflicts/dto/sync-conflict.dto';
