export * from './logging.module';
export * from './request-id';
export * from './response-bytes.middleware';
export * from './bootstrap-logger';
export * from './trace-context';
