export * from './idempotency-key';
export * from './idempotency-keys.repository';
export * from './idempotent-requests';
export * from './idempotency.interceptor';
export * from './idempotent.decorator';
