import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReadinessService } from '../health/readiness.service';
import { ShutdownState } from '../health/shutdown-state';
import { RedisConnection } from '../redis/redis-connection';
import { MetricsRegistry } from './metrics-registry';

/** The pg Pool behind TypeORM's postgres driver. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The platform's dependencies, read at each scrape: the database pool, the
 * Redis connection and readiness. Nothing is sampled in between.
 */
@Injectable()
export class RuntimeMetrics {
  constructor(
    metrics: MetricsRegistry,
    dataSource: DataSource,
    redis: RedisConnection,
    readiness: ReadinessService,
    shutdown: ShutdownState,
  ) {
    const pool = (): PgPool | undefined => (dataSource.isInitialized ? (dataSource.driver as { master?: PgPool }).master : undefined);
    metrics.gauge(
      'quorum_db_pool_clients',
      'PostgreSQL pool clients, by state: total (open), idle, waiting (requests queued for a client).',
      {
        labelNames: ['state'],
        collect(gauge) {
          const current = pool();
          gauge.set({ state: 'total' }, current?.totalCount ?? 0);
          gauge.set({ state: 'idle' }, current?.idleCount ?? 0);
          gauge.set({ state: 'waiting' }, current?.waitingCount ?? 0);
        },
      },
    );
    metrics.gauge('quorum_redis_connected', 'Whether the Redis connection is ready (1) or not (0; also 0 when REDIS_URL is unset).', {
      collect(gauge) {
        gauge.set(redis.ready ? 1 : 0);
      },
    });
    metrics.gauge('quorum_redis_configured', 'Whether REDIS_URL is set (1) or the process runs single-instance in memory (0).', {
      collect(gauge) {
        gauge.set(redis.enabled ? 1 : 0);
      },
    });
    metrics.gauge(
      'quorum_ready',
      'Readiness as GET /health/ready sees it: 1 ready, 0 not (database down, migrations pending or draining).',
      {
        async collect(gauge) {
          if (shutdown.shuttingDown) return gauge.set(0);
          const result = await readiness.check().catch(() => undefined);
          gauge.set(result?.status === 'ok' ? 1 : 0);
        },
      },
    );
  }
}
