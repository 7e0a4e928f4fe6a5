export * from './bootstrap-logger';
export * from './logging.module';
export * from './request-id';
export * from './request-logger';
export * from './response-bytes';
export * from './root-logger';
export * from './trace-context';
