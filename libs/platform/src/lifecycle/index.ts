export * from './connection-drain';
export * from './graceful-shutdown';
export * from './serve';
