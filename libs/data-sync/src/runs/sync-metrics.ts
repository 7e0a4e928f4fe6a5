import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@quorum/platform';
import type { Counter, Histogram } from 'prom-client';
import { SyncLagReader } from './sync-lag.reader';

export type SyncRecordResult = 'created' | 'updated' | 'unchanged' | 'deleted' | 'skipped' | 'conflicted' | 'failed' | 'pushed';

/** Sync runs for operators. Labels are fixed sets (connector kind, stream name, outcome), never a tenant or source id. */
@Injectable()
export class SyncMetrics {
  private readonly runs: Counter<'connector' | 'outcome'>;
  private readonly records: Counter<'connector' | 'stream' | 'result'>;
  private readonly durations: Histogram<'connector'>;

  constructor(metrics: MetricsRegistry, repository: SyncLagReader) {
    metrics.gauge(
      'quorum_sync_lag_seconds',
      'Per connector, the longest time since an enabled source last synced successfully (or was created).',
      {
        labelNames: ['connector'],
        collect: async (gauge) => {
          gauge.reset();
          for (const { kind, lag } of await repository.lagByConnector()) gauge.set({ connector: kind }, lag);
        },
      },
    );
    this.runs = metrics.counter('quorum_sync_runs_total', 'Sync runs ended, by connector and outcome (succeeded, failed, skipped).', [
      'connector',
      'outcome',
    ]);
    this.records = metrics.counter('quorum_sync_records_total', 'Records a sync run handled, by connector, stream and result.', [
      'connector',
      'stream',
      'result',
    ]);
    this.durations = metrics.histogram('quorum_sync_run_seconds', 'Duration of a sync run, by connector.', {
      labelNames: ['connector'],
      buckets: [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    });
  }

  run(connector: string, outcome: 'succeeded' | 'failed' | 'skipped', seconds?: number): void {
    this.runs.inc({ connector, outcome });
    if (seconds !== undefined) this.durations.observe({ connector }, seconds);
  }

  record(connector: string, stream: string, result: SyncRecordResult, count: number): void {
    if (count > 0) this.records.inc({ connector, stream, result }, count);
  }
}
