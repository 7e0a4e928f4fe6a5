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
  private quitting = false;
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
    let everReady = false;
    let up = false;
    this.client.on('ready', () => {
      this.logger.log(everReady ? 'reconnected to Redis' : 'connected to Redis');
      everReady = up = true;
    });
    // Once per outage, on 'close': an outage shorter than the first retry emits no 'error' at all, and a
    // longer one emits a 'close' and an 'error' per failed attempt.
    this.client.on('close', () => {
      if (up && !this.quitting)
        this.logger.warn(
          'Redis connection lost; retrying in the background (meanwhile: cache misses, rate limits per instance; GET /health says degraded)',
        );
      up = false;
    });
    // Without a listener ioredis would throw; each failed attempt is already covered by the line above.
    this.client.on('error', () => undefined);
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  get ready(): boolean {
    return this.client?.status === 'ready';
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    // A Redis that is down at boot must not stop the app: GET /health reports it (degraded) and ioredis retries.
    await this.client
      .connect()
      .catch((error: Error) => this.logger.warn(`Redis not reachable at start (${error.message}); will keep retrying`));
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
    this.quitting = true;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}
