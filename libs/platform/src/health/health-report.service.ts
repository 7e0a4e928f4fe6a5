import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config';
import { RedisConnection } from '../redis';
import { HealthReportDto } from './health.dto';
import { CHECK_TIMEOUT_MS, ReadinessService } from './readiness.service';

const REDIS_FALLBACK = 'cache misses, rate limits counted per instance, realtime events reach only this instance';

/**
 * GET /health for humans and dashboards: `down` when this instance cannot
 * serve (what readiness checks), `degraded` when it serves without something
 * it normally shares through (Redis), `ok` otherwise, with one reason per
 * failing dependency. Redis losses and recoveries are logged once each by
 * RedisConnection, not here, so probes do not repeat them.
 */
@Injectable()
export class HealthReportService {
  constructor(
    private readonly config: AppConfig,
    private readonly readiness: ReadinessService,
    private readonly redis: RedisConnection,
  ) {}

  async report(): Promise<HealthReportDto> {
    const [result, redis] = await Promise.all([this.readiness.check(), this.redisStatus()]);
    const details = result.details as Record<string, Record<string, unknown>>;
    const reasons = Object.entries(result.error ?? {}).map(
      ([name, detail]) => `${name}: ${String((detail as { message?: unknown }).message ?? 'down')}`,
    );
    if (redis.status === 'down') reasons.push(`redis: ${String(redis.message)} (${REDIS_FALLBACK})`);
    return {
      status: result.status !== 'ok' ? 'down' : redis.status === 'down' ? 'degraded' : 'ok',
      ...(reasons.length ? { reasons } : {}),
      version: this.config.version,
      uptimeSeconds: Math.round(process.uptime()),
      timestamp: new Date().toISOString(),
      database: { ...details.database, migrations: details.migrations },
      redis,
      lifecycle: details.lifecycle,
    };
  }

  private async redisStatus(): Promise<Record<string, unknown>> {
    if (!this.redis.enabled) return { status: 'not configured', mode: 'in-memory (single instance)' };
    try {
      await this.redis.ping(CHECK_TIMEOUT_MS);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message };
    }
  }
}
