import { CacheManagerOptions, CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { KeyvAdapter } from 'cache-manager';
import { redisInsStore } from 'cache-manager-ioredis-yet';
import type Redis from 'ioredis';
import Keyv from 'keyv';
import { RedisConnection } from '../redis';
import { CacheService } from './cache.service';

/**
 * cache-manager 7 takes Keyv stores; cache-manager-ioredis-yet is a
 * cache-manager 5 store, so KeyvAdapter bridges the two. The store reuses the
 * shared Redis connection (its key prefix included) rather than opening its own.
 */
function redisKeyv(client: Redis): NonNullable<CacheManagerOptions['stores']> {
  // cache-manager-ioredis-yet's typings name cache-manager 5 types that v7 no longer exports, and
  // Keyv's CJS and ESM typings are distinct nominal types; at runtime these are the objects each side expects.
  const store = new KeyvAdapter(redisInsStore(client) as unknown as ConstructorParameters<typeof KeyvAdapter>[0]);
  return new Keyv({ store, throwOnErrors: true }) as unknown as NonNullable<CacheManagerOptions['stores']>;
}

@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      inject: [RedisConnection],
      useFactory: (redis: RedisConnection) => ({
        ttl: 60_000,
        // Without Redis, CacheService serves this single instance from its own bounded MemoryCache and leaves this one empty.
        stores: redis.client ? redisKeyv(redis.client) : undefined,
      }),
    }),
  ],
  providers: [CacheService],
  exports: [CacheService],
})
export class CacheModule {}
