import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';

/** Sync lag across tenants, for the metric an operator alerts on (a system read: no tenant scope). */
@Injectable()
export class SyncLagReader {
  constructor(private readonly transactions: Transactions) {}

  async lagByConnector(): Promise<{ kind: string; lag: number }[]> {
    const rows = await this.transactions.manager.query<{ kind: string; lag: string }[]>(
      `SELECT s.kind, max(extract(epoch FROM now() - coalesce(
         (SELECT max(r.finished_at) FROM sync_runs r WHERE r.source_id = s.id AND r.status = 'succeeded'), s.created_at))) AS lag
       FROM sync_sources s WHERE s.enabled GROUP BY s.kind`,
    );
    return rows.map((r) => ({ kind: r.kind, lag: Number(r.lag) }));
  }
}
