import { Injectable } from '@nestjs/common';
import { Transactions } from '@quorum/platform';
import type { MeetingQuality } from './entities/meeting-quality.entity';

export type MeetingQualityRow = Omit<MeetingQuality, 'meeting' | 'tenant'>;

/** Score bands of the distribution, as [low, high] inclusive; fixed, so a dashboard can compare periods. */
export const QUALITY_BANDS = [
  [0, 19],
  [20, 39],
  [40, 59],
  [60, 79],
  [80, 100],
] as const;

export interface QualityAggregateRow {
  meetings: number;
  meanScore: number | null;
  distribution: { from: number; to: number; meetings: number }[];
  components: { name: string; meetings: number; meanScore: number | null }[];
}

interface RawRow {
  meeting_id: string;
  tenant_id: string;
  score: number;
  components: MeetingQuality['components'];
  transcript_revision: number;
  computed_at: Date;
  title: string;
  status: string;
  occurred_at: Date;
  duration_ms: number | null;
  participants: MeetingQuality['participants'];
  decision_count: number | null;
  action_item_count: number;
}

/** The `meeting_quality` rows: one per meeting, replaced whole by each run of the quality job. */
@Injectable()
export class MeetingQualityRepository {
  constructor(private readonly transactions: Transactions) {}

  async find(tenantId: string, meetingId: string): Promise<MeetingQualityRow | null> {
    const rows = (await this.transactions.manager.query('SELECT * FROM meeting_quality WHERE tenant_id = $1 AND meeting_id = $2', [
      tenantId,
      meetingId,
    ])) as RawRow[];
    return rows[0] ? fromRaw(rows[0]) : null;
  }

  /** Insert or replace; a run that read an older transcript revision than the stored one leaves the row alone (jobs may finish out of order). */
  async put(row: MeetingQualityRow): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO meeting_quality (meeting_id, tenant_id, score, components, transcript_revision, computed_at, title, status,
                                    occurred_at, duration_ms, participants, decision_count, action_item_count)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13)
       ON CONFLICT (meeting_id) DO UPDATE SET
         score = excluded.score, components = excluded.components, transcript_revision = excluded.transcript_revision,
         computed_at = excluded.computed_at, title = excluded.title, status = excluded.status, occurred_at = excluded.occurred_at,
         duration_ms = excluded.duration_ms, participants = excluded.participants, decision_count = excluded.decision_count,
         action_item_count = excluded.action_item_count
       WHERE meeting_quality.tenant_id = excluded.tenant_id AND meeting_quality.transcript_revision <= excluded.transcript_revision`,
      [
        row.meetingId,
        row.tenantId,
        row.score,
        JSON.stringify(row.components),
        row.transcriptRevision,
        row.computedAt,
        row.title,
        row.status,
        row.occurredAt,
        row.durationMs,
        JSON.stringify(row.participants),
        row.decisionCount,
        row.actionItemCount,
      ],
    );
  }

  /** Mean score, the distribution over QUALITY_BANDS and each component's mean (over the meetings where it was measured), in one query. */
  async aggregate(tenantId: string, from: Date, to: Date): Promise<QualityAggregateRow> {
    const bands = QUALITY_BANDS.map(([low, high], i) => `count(*) FILTER (WHERE score BETWEEN ${low} AND ${high})::int AS band_${i}`).join(
      ', ',
    );
    const [totals] = (await this.transactions.manager.query(
      `SELECT count(*)::int AS meetings, round(avg(score), 1)::float AS mean_score, ${bands}
       FROM meeting_quality WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      [tenantId, from, to],
    )) as [Record<string, number | null>];
    const components = (await this.transactions.manager.query(
      `SELECT c->>'name' AS name, count(*)::int AS meetings, round(avg((c->>'score')::numeric), 1)::float AS mean_score
       FROM meeting_quality q CROSS JOIN LATERAL jsonb_array_elements(q.components) c
       WHERE q.tenant_id = $1 AND q.occurred_at >= $2 AND q.occurred_at < $3 AND c->>'score' IS NOT NULL
       GROUP BY 1 ORDER BY 1`,
      [tenantId, from, to],
    )) as { name: string; meetings: number; mean_score: number | null }[];
    return {
      meetings: totals.meetings ?? 0,
      meanScore: totals.mean_score ?? null,
      distribution: QUALITY_BANDS.map(([low, high], i) => ({ from: low, to: high, meetings: totals[`band_${i}`] ?? 0 })),
      components: components.map((c) => ({ name: c.name, meetings: c.meetings, meanScore: c.mean_score })),
    };
  }
}

function fromRaw(r: RawRow): MeetingQualityRow {
  return {
    meetingId: r.meeting_id,
    tenantId: r.tenant_id,
    score: r.score,
    components: r.components,
    transcriptRevision: r.transcript_revision,
    computedAt: r.computed_at,
    title: r.title,
    status: r.status,
    occurredAt: r.occurred_at,
    durationMs: r.duration_ms,
    participants: r.participants,
    decisionCount: r.decision_count,
    actionItemCount: r.action_item_count,
  };
}
