import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { RuleEventsRepository } from '../rule-events.repository';
import { RulesQueue } from './rules.queue';

/** Events stay in the trail (for replay and dry runs by event) this many days. */
export const RULE_EVENT_RETENTION_DAYS = 90;
/** Every day at 03:30 UTC, after the insights run. */
export const RULE_EVENT_PRUNE_SCHEDULE = { id: 'rules-prune-events', pattern: '30 3 * * *' } as const;
const BATCH = 10_000;

/**
 * Keeps rule_events to its retention: a daily job deletes what is older, in bounded batches so no statement holds
 * the table long. Every process declares the schedule at start (one scheduler per id in the store).
 */
@Injectable()
export class RuleEventTrail implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rules');

  constructor(
    private readonly events: RuleEventsRepository,
    private readonly queue: RulesQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.queue
      .schedule(RULE_EVENT_PRUNE_SCHEDULE.id, { pattern: RULE_EVENT_PRUNE_SCHEDULE.pattern }, { kind: 'prune' }, { name: 'prune' })
      .catch((error: Error) => this.logger.warn({ err: error }, 'could not declare the daily pruning of the rule event trail'));
  }

  async prune(signal?: AbortSignal, now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - RULE_EVENT_RETENTION_DAYS * 86_400_000);
    let total = 0;
    for (;;) {
      signal?.throwIfAborted();
      const deleted = await this.events.pruneBefore(before, BATCH);
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total) this.logger.log({ deleted: total }, 'rule events past their retention pruned');
    return total;
  }
}
