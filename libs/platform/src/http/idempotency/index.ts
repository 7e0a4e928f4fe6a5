export * from './idempotency-key';
export * from './idempotency-keys.repository';
export * from './idempotency.interceptor';
export * from './idempotent.decorator';
