export * from './connection-drain';
export * from './graceful-shutdown';
export * from './http-limits';
export * from './serve';
export * from './run-process';
