import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InsightsQueue } from './insights.queue';

/** Every day at 03:00 UTC, when few people meet, every tenant's insights are computed again. */
export const INSIGHTS_SCHEDULE = { id: 'insights-daily', pattern: '0 3 * * *' } as const;

/**
 * Declares the daily run at start. Every process may declare it: the store keeps one scheduler per id. A store
 * that does not answer at start costs the schedule until the next start, not the start itself.
 */
@Injectable()
export class InsightsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Insights');

  constructor(private readonly queue: InsightsQueue) {}

  onApplicationBootstrap(): void {
    // Not awaited: a store that is down would otherwise hold the start for the enqueue deadline.
    this.queue
      .schedule(INSIGHTS_SCHEDULE.id, { pattern: INSIGHTS_SCHEDULE.pattern }, { kind: 'sweep' }, { name: 'sweep' })
      .catch((error: Error) =>
        this.logger.warn({ err: error }, 'could not declare the daily insights run; it is declared again at the next start'),
      );
  }
}
