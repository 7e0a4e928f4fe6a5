import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
  Transactions,
} from '@quorum/platform';
import { SegmentDto } from '../dto/segment.dto';
import { TranscriptSegment } from '../entities/transcript-segment.entity';
import { SegmentInput } from './formats';

/** Rows per INSERT: a statement's arrays stay small, and an abandoned import stops within one batch. */
export const INSERT_BATCH_ROWS = 1000;
/** Text characters per INSERT, so a batch of long segments is not one huge statement either. */
export const INSERT_BATCH_CHARS = 1_000_000;
/** Segments per page when reading a whole transcript (exports). */
export const EXPORT_PAGE_ROWS = 1000;

interface SegmentRow {
  id: string;
  segment_id: string;
  speaker: string;
  participant_id: string | null;
  start_ms: number;
  end_ms: number;
  text: string;
  confidence: number | null;
  language: string | null;
}

/**
 * A meeting's transcript segments. Small reads go through the tenant-scoped
 * repository; bulk work is plain SQL (batched inserts of any size, keyset
 * pages for exports), which TypeORM's entity machinery would make slow and
 * memory-hungry. Every statement is scoped to the caller's tenant, and runs
 * in the current transaction when there is one.
 */
@Injectable()
export class TranscriptSegmentsRepository {
  constructor(
    @InjectTenantRepository(TranscriptSegment) private readonly segments: TenantRepository<TranscriptSegment>,
    private readonly transactions: Transactions,
  ) {}

  private query(sql: string, parameters: unknown[]): Promise<unknown> {
    return this.transactions.manager.query(sql, parameters);
  }

  /**
   * Makes the transaction just opened read one snapshot throughout (REPEATABLE READ); it must come
   * before the transaction's first query, so only call it first thing in a transaction of one's own.
   */
  async readOneSnapshot(): Promise<void> {
    await this.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', []);
  }

  /** How many segments the meeting holds, and how many of `segmentIds` are among them (those an append would replace, not add). */
  async countStored(meetingId: string, segmentIds: readonly string[]): Promise<{ stored: number; present: number }> {
    const [row] = (await this.query(
      'SELECT count(*)::int AS stored, count(*) FILTER (WHERE segment_id = ANY($3::varchar[]))::int AS present FROM transcript_segments WHERE tenant_id = $1 AND meeting_id = $2',
      [this.segments.tenantId, meetingId, segmentIds],
    )) as { stored: number; present: number }[];
    return row;
  }

  async deleteAll(meetingId: string): Promise<void> {
    await this.query('DELETE FROM transcript_segments WHERE tenant_id = $1 AND meeting_id = $2', [this.segments.tenantId, meetingId]);
  }

  /** The meeting's segments with these client ids, in time order (every append reads its batch back: plain SQL, no entities). */
  async withSegmentIds(meetingId: string, segmentIds: readonly string[]): Promise<SegmentDto[]> {
    const rows = (await this.query(
      `SELECT id, segment_id, speaker, participant_id, start_ms, end_ms, text, confidence, language FROM transcript_segments
       WHERE tenant_id = $1 AND meeting_id = $2 AND segment_id = ANY($3::varchar[]) ORDER BY start_ms, id`,
      [this.segments.tenantId, meetingId, segmentIds],
    )) as SegmentRow[];
    return rows.map(toSegment);
  }

  /** Whether the meeting's transcript has a segment with this client id. */
  hasSegment(meetingId: string, segmentId: string): Promise<boolean> {
    return this.segments.exists({ meetingId, segmentId });
  }

  /** A page of the transcript in time order. */
  page<T>(meetingId: string, request: PageRequest, map: (segment: TranscriptSegment) => T): Promise<Page<T>> {
    return keysetPage(this.segments.query('s').andWhere('s.meetingId = :meetingId', { meetingId }), request, {
      limits: PAGE_LIMITS.transcript,
      order: { key: 's.startMs', id: 's.id', direction: 'ASC', kind: 'number', position: (s) => ({ value: s.startMs, id: s.id }) },
      map,
    });
  }

  /**
   * Inserts the segments, replacing any with the same segmentId, in batches
   * of bounded size: one statement per batch with ten array parameters,
   * whatever the batch's size (PostgreSQL allows 65,535 parameters a
   * statement). `beforeBatch` runs before each batch, so a caller can stop
   * between them (an abandoned request).
   */
  async upsert(meetingId: string, segments: readonly SegmentInput[], beforeBatch: () => void = () => undefined): Promise<void> {
    const tenantId = this.segments.tenantId;
    for (let start = 0; start < segments.length;) {
      let end = start;
      let chars = 0;
      while (
        end < segments.length &&
        end - start < INSERT_BATCH_ROWS &&
        (end === start || chars + segments[end].text.length <= INSERT_BATCH_CHARS)
      )
        chars += segments[end++].text.length;
      beforeBatch();
      await this.insertBatch(tenantId, meetingId, segments.slice(start, end));
      start = end;
    }
  }

  private async insertBatch(tenantId: string, meetingId: string, batch: readonly SegmentInput[]): Promise<void> {
    await this.query(
      `INSERT INTO transcript_segments (tenant_id, meeting_id, segment_id, speaker, participant_id, start_ms, end_ms, text, confidence, language)
       SELECT $1, $2, * FROM unnest($3::varchar[], $4::varchar[], $5::varchar[], $6::int[], $7::int[], $8::text[], $9::real[], $10::varchar[])
       ON CONFLICT (meeting_id, segment_id) DO UPDATE SET
         speaker = EXCLUDED.speaker, participant_id = EXCLUDED.participant_id, start_ms = EXCLUDED.start_ms, end_ms = EXCLUDED.end_ms,
         text = EXCLUDED.text, confidence = EXCLUDED.confidence, language = EXCLUDED.language, updated_at = now()`,
      [
        tenantId,
        meetingId,
        batch.map((s) => s.segmentId),
        batch.map((s) => s.speaker),
        batch.map((s) => s.participantId ?? null),
        batch.map((s) => s.startMs),
        batch.map((s) => s.endMs),
        batch.map((s) => s.text),
        batch.map((s) => s.confidence ?? null),
        batch.map((s) => s.language ?? null),
      ],
    );
  }

  /** The latest start time in the transcript, or undefined when it is empty (the Markdown clock needs it first). */
  async lastStartMs(meetingId: string): Promise<number | undefined> {
    const [row] = (await this.query('SELECT max(start_ms) AS last FROM transcript_segments WHERE tenant_id = $1 AND meeting_id = $2', [
      this.segments.tenantId,
      meetingId,
    ])) as {
      last: number | null;
    }[];
    return row.last ?? undefined;
  }

  /**
   * The whole transcript in (startMs, id) order, a page at a time, each page
   * its own statement (keyset on the index ix_transcript_segments_meeting_time),
   * so no connection or transaction is held between pages however slowly the
   * caller consumes them. Stops before the next page once `signal` is aborted.
   */
  async *pages(meetingId: string, signal?: AbortSignal, pageRows = EXPORT_PAGE_ROWS): AsyncGenerator<SegmentDto[], void, undefined> {
    const tenantId = this.segments.tenantId;
    let after: { startMs: number; id: string } | undefined;
    for (;;) {
      signal?.throwIfAborted();
      const rows = (await this.query(
        `SELECT id, segment_id, speaker, participant_id, start_ms, end_ms, text, confidence, language FROM transcript_segments
         WHERE tenant_id = $1 AND meeting_id = $2 ${after ? 'AND (start_ms, id) > ($4::int, $5::uuid)' : ''}
         ORDER BY start_ms, id LIMIT $3`,
        after ? [tenantId, meetingId, pageRows, after.startMs, after.id] : [tenantId, meetingId, pageRows],
      )) as SegmentRow[];
      if (rows.length > 0) yield rows.map(toSegment);
      if (rows.length < pageRows) return;
      const last = rows[rows.length - 1];
      after = { startMs: last.start_ms, id: last.id };
    }
  }
}

/** The same shape SegmentDto.from gives an entity: optional fields left out when empty. */
function toSegment(row: SegmentRow): SegmentDto {
  return {
    segmentId: row.segment_id,
    speaker: row.speaker,
    ...(row.participant_id ? { participantId: row.participant_id } : {}),
    startMs: row.start_ms,
    endMs: row.end_ms,
    text: row.text,
    ...(row.confidence !== null ? { confidence: row.confidence } : {}),
    ...(row.language ? { language: row.language } : {}),
  };
}
