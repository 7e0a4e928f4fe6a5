export * from './error-reporter';
export * from './http-metrics';
export * from './metrics-registry';
export * from './metrics-server';
export * from './noop-error-reporter';
export * from './observability.module';
export * from './start-error-reporting';
