import type { ThrottlerStorage } from '@nestjs/throttler';

export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A storage that counts in this process and can answer at once, without a promise (see ClientThrottlerGuard). */
export interface ImmediateThrottlerStorage extends ThrottlerStorage {
  /** `increment`, answered synchronously: same arguments, same record. */
  incrementNow(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ThrottlerStorageRecord;
}

export function isImmediateStorage(storage: ThrottlerStorage): storage is ImmediateThrottlerStorage {
  return typeof (storage as Partial<ImmediateThrottlerStorage>).incrementNow === 'function';
}
