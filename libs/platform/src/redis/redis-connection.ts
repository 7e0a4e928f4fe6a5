import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config';

/**
 * The process's one Redis connection (cache, rate-limit counters, health),
 * or none when REDIS_URL is unset and we run single-instance in memory.
 *
 * Commands fail fast while disconnected instead of queueing, so a Redis
 * outage degrades to cache misses rather than hanging requests; ioredis keeps
 * reconnecting in the background and we pick up again when it returns.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client?: Redis;

  constructor(config: AppConfig) {
    if (!config.redisUrl) return;
    this.client = new Redis(config.redisUrl, {
      lazyConnect: true,
      keyPrefix: config.redisKeyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    let wasReady = false;
    this.client.on('ready', () => {
      this.logger.log(wasReady ? 'reconnected to Redis' : 'connected to Redis');
      wasReady = true;
    });
    this.client.on('error', (error: Error) => {
      // ioredis emits an error per failed attempt; once is enough to say Redis is gone.
      if (wasReady) this.logger.warn(`Redis connection lost: ${error.message}; retrying`);
      wasReady = false;
    });
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  get ready(): boolean {
    return this.client?.status === 'ready';
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    // A Redis that is down at boot must not stop the app: readiness reports it and ioredis retries.
    await this.client.connect().catch((error: Error) => this.logger.warn(`Redis not reachable at start (${error.message}); will keep retrying`));
  }

  /** Round-trip check with a bound, for readiness probes. */
  async ping(timeoutMs = 1000): Promise<void> {
    if (!this.client) throw new Error('Redis is not configured');
    if (!this.ready) throw new Error(`Redis connection is ${this.client.status}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}
