import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@quorum/platform';
import type { Counter, Histogram } from 'prom-client';

export type TriggerKind = 'event' | 'schedule';
/** matched: the conditions held and the rule fired (or had fired already in that window); error: evaluation broke. */
export type EvaluationOutcome = 'matched' | 'not_matched' | 'error';

/** Rule evaluation for operators: how long runs take and what rules and actions come to. Labels are fixed sets, never a tenant or rule id. */
@Injectable()
export class RuleMetrics {
  private readonly runs: Histogram<'trigger'>;
  private readonly evaluations: Counter<'trigger' | 'outcome'>;
  private readonly actions: Counter<'type' | 'outcome'>;
  private readonly paused: Counter;

  constructor(metrics: MetricsRegistry) {
    this.runs = metrics.histogram(
      'quorum_rule_run_seconds',
      'Duration of a rule evaluation run: one event through its rules, or one scheduled scan.',
      {
        labelNames: ['trigger'],
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      },
    );
    this.evaluations = metrics.counter('quorum_rule_evaluations_total', 'Rules evaluated against an entity, by trigger kind and outcome.', [
      'trigger',
      'outcome',
    ]);
    this.actions = metrics.counter('quorum_rule_actions_total', 'Actions of fired rules, by type and outcome (ok, failed).', [
      'type',
      'outcome',
    ]);
    this.paused = metrics.counter('quorum_rules_paused_total', 'Rules turned off after failing repeatedly.');
  }

  run(trigger: TriggerKind, seconds: number): void {
    this.runs.observe({ trigger }, seconds);
  }

  evaluated(trigger: TriggerKind, outcome: EvaluationOutcome, count = 1): void {
    if (count > 0) this.evaluations.inc({ trigger, outcome }, count);
  }

  action(type: string, ok: boolean): void {
    this.actions.inc({ type, outcome: ok ? 'ok' : 'failed' });
  }

  pausedRule(): void {
    this.paused.inc();
  }
}
