import { JobQueue } from '@quorum/platform';
import type { EventRunResult, ScheduleRunResult } from './rule-evaluation.service';

export type RulesJobInput =
  { kind: 'event'; eventId: string } | { kind: 'schedule'; ruleId: string; versionId: string } | { kind: 'prune' };
export type RulesJobResult = (EventRunResult | ScheduleRunResult | { pruned: number }) & { link?: string };

/**
 * Rule evaluation: one job per logged event (keyed by the event, so it is queued once) and one per tick of each
 * scheduled rule (BullMQ job schedulers, one job per tick whichever process declared it). A repeat is harmless:
 * firings are claimed in rule_applications. A daily job of no tenant prunes the event trail.
 */
export class RulesQueue extends JobQueue<RulesJobInput, RulesJobResult> {
  static readonly definition = { name: 'rules', attempts: 3, backoffMs: 2000 };
}
