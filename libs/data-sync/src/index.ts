export * from './data-sync.module';
export * from './data-sync-http.module';
export * from './connectors/connector';
