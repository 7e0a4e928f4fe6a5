export * from './http-metrics';
export * from './metrics-registry';
export * from './metrics-server';
export * from './observability.module';
