export * from './client-throttler.guard';
export * from './redis-throttler.storage';
export * from './throttling.module';
export * from './attempt-counter';
