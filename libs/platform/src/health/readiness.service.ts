import { Injectable } from '@nestjs/common';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { MigrationStatus } from '../database/migration-status';
import { ShutdownState } from './shutdown-state';

/** Each dependency check gives up after this; the k8s probe's 3 s timeout leaves room for the answer. */
export const CHECK_TIMEOUT_MS = 1500;

/**
 * The checks that decide whether this instance should receive traffic:
 * only what stops this process from serving (database unreachable,
 * migrations behind, draining). Redis is not one of them: requests keep
 * working without it, and failing readiness on a Redis blip would take every
 * instance out of the load balancer at once. HealthReportService reports it.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly migrations: MigrationStatus,
    private readonly shutdown: ShutdownState,
  ) {}

  /** Resolves with Terminus's result whether healthy or not; never throws. */
  async check(): Promise<HealthCheckResult> {
    const checks: (() => PromiseLike<HealthIndicatorResult>)[] = [
      async () =>
        this.shutdown.shuttingDown
          ? this.indicators.check('lifecycle').down({ message: 'shutting down' })
          : this.indicators.check('lifecycle').up(),
      () => this.typeorm.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('migrations')
          .attempt(async () => {
            const pending = await this.migrations.pending();
            if (pending.length) throw new Error(`${pending.length} pending: ${pending.join(', ')}`);
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ];
    try {
      return await this.health.check(checks);
    } catch (error) {
      const response = (error as { getResponse?: () => unknown }).getResponse?.();
      if (response && typeof response === 'object' && 'status' in response) return response as HealthCheckResult;
      throw error;
    }
  }
}
