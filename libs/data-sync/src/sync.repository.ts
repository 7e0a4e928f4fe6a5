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
import { type DeepPartial, In, IsNull } from 'typeorm';
import { SyncConflict } from './entities/sync-conflict.entity';
import { SyncRecord } from './entities/sync-record.entity';
import { type SyncLogLine, SyncRun, type SyncStreamCounts } from './entities/sync-run.entity';
import { SyncSource } from './entities/sync-source.entity';
import { SyncStreamState } from './entities/sync-stream-state.entity';

/** Sources, runs, stream states and synced records of the current tenant (requests, and jobs that run as their tenant). */
@Injectable()
export class SyncRepository {
  constructor(
    @InjectTenantRepository(SyncSource) private readonly sources: TenantRepository<SyncSource>,
    @InjectTenantRepository(SyncRun) private readonly runs: TenantRepository<SyncRun>,
    @InjectTenantRepository(SyncStreamState) private readonly states: TenantRepository<SyncStreamState>,
    @InjectTenantRepository(SyncRecord) private readonly records: TenantRepository<SyncRecord>,
    @InjectTenantRepository(SyncConflict) private readonly conflicts: TenantRepository<SyncConflict>,
    private readonly transactions: Transactions,
  ) {}

  createSource(data: DeepPartial<SyncSource>): SyncSource {
    return this.sources.create(data);
  }

  saveSource(source: SyncSource): Promise<SyncSource> {
    return this.sources.save(source);
  }

  getSource(id: string): Promise<SyncSource> {
    return this.sources.getById(id);
  }

  findSource(id: string): Promise<SyncSource | null> {
    return this.sources.findById(id);
  }

  getSourceForUpdate(id: string): Promise<SyncSource> {
    return this.sources.getForUpdate(id);
  }

  removeSource(source: SyncSource): Promise<void> {
    return this.sources.remove(source);
  }

  sourcesPage<T>(request: PageRequest, map: (source: SyncSource) => T): Promise<Page<T>> {
    return keysetPage(this.sources.query('s'), request, {
      limits: PAGE_LIMITS.standard,
      order: {
        key: 's.createdAt',
        id: 's.id',
        direction: 'DESC',
        kind: 'timestamp',
        position: (s) => ({ value: s.createdAt.toISOString(), id: s.id }),
      },
      map,
    });
  }

  /** Every tenant's scheduled sources, to declare their schedulers at start (no tenant scope: a system read). */
  scheduledSources(): Promise<{ tenant_id: string; id: string; created_by: string | null; schedule_every_minutes: number }[]> {
    return this.transactions.manager.query(
      `SELECT tenant_id, id, created_by, schedule_every_minutes FROM sync_sources WHERE enabled AND schedule_every_minutes IS NOT NULL`,
    );
  }

  /**
   * Starts a run: inserts its `running` row, or returns null when the source already has one (the partial unique
   * index decides, so two workers cannot both start). A running row is closed as failed first when its worker is
   * gone: it carries this same job (the queue handed the job on because its worker stopped holding it), or its
   * heartbeat (`updated_at`) is older than `staleMs`.
   */
  async startRun(data: DeepPartial<SyncRun>, staleMs: number): Promise<SyncRun | null> {
    const stale = await this.runs.findOne({ where: { sourceId: data.sourceId as string, status: 'running' } });
    if (stale && ((data.jobId && stale.jobId === data.jobId) || stale.updatedAt.getTime() < Date.now() - staleMs))
      await this.runs.save(
        Object.assign(stale, { status: 'failed', reason: 'abandoned: its worker stopped before it ended', finishedAt: new Date() }),
      );
    // ON CONFLICT against the partial unique index: a second run meets the first's row without an error to log.
    const [row] = await this.transactions.manager.query<({ id: string } | undefined)[]>(
      `INSERT INTO sync_runs (tenant_id, source_id, trigger, status, job_id, started_at)
       VALUES ($1, $2, $3, 'running', $4, $5)
       ON CONFLICT (source_id) WHERE status = 'running' DO NOTHING
       RETURNING id`,
      [this.runs.tenantId, data.sourceId, data.trigger, data.jobId ?? null, data.startedAt ?? new Date()],
    );
    return row ? this.runs.getById(row.id) : null;
  }

  saveRun(run: SyncRun): Promise<SyncRun> {
    return this.runs.save(run);
  }

  createRun(data: DeepPartial<SyncRun>): SyncRun {
    return this.runs.create(data);
  }

  /** Writes a running run's progress (counts and log), without touching its status. */
  async progress(run: SyncRun, streams: Record<string, SyncStreamCounts>, log: SyncLogLine[]): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE sync_runs SET streams = $3, log = $4, updated_at = now() WHERE tenant_id = $1 AND id = $2`,
      [run.tenantId, run.id, JSON.stringify(streams), JSON.stringify(log)],
    );
  }

  getRun(id: string): Promise<SyncRun> {
    return this.runs.getById(id);
  }

  runsPage<T>(sourceId: string | undefined, request: PageRequest, map: (run: SyncRun) => T): Promise<Page<T>> {
    const query = this.runs.query('r');
    if (sourceId) query.andWhere('r.sourceId = :sourceId', { sourceId });
    return keysetPage(query, request, {
      limits: PAGE_LIMITS.standard,
      order: {
        key: 'r.startedAt',
        id: 'r.id',
        direction: 'DESC',
        kind: 'timestamp',
        position: (r) => ({ value: r.startedAt.toISOString(), id: r.id }),
      },
      map,
    });
  }

  async getState(sourceId: string, stream: string): Promise<Record<string, unknown> | null> {
    return (await this.states.findOne({ where: { sourceId, stream } }))?.state ?? null;
  }

  saveState(sourceId: string, stream: string, state: Record<string, unknown>): Promise<void> {
    return this.states.upsert([{ sourceId, stream, state }], ['sourceId', 'stream']);
  }

  /** The stored records of these external ids, locked until the page's transaction ends (a concurrent writer waits). */
  async recordsFor(sourceId: string, stream: string, externalIds: string[]): Promise<Map<string, SyncRecord>> {
    if (!externalIds.length) return new Map();
    const rows = await this.records.find({ where: { sourceId, stream, externalId: In(externalIds) }, lock: { mode: 'pessimistic_write' } });
    return new Map(rows.map((row) => [row.externalId, row]));
  }

  saveRecords(rows: DeepPartial<SyncRecord>[]): Promise<void> {
    return this.records.upsert(rows, ['sourceId', 'stream', 'externalId']);
  }

  /** Live records inside [from, to] that the run did not see: gone from the source. */
  async missingInWindow(sourceId: string, stream: string, from: Date, to: Date, seen: ReadonlySet<string>): Promise<SyncRecord[]> {
    const rows = await this.records
      .query('r')
      .andWhere('r.sourceId = :sourceId AND r.stream = :stream AND r.deleted = false', { sourceId, stream })
      .andWhere('r.occursAt BETWEEN :from AND :to', { from, to })
      .getMany();
    return rows.filter((row) => !seen.has(row.externalId));
  }

  /** A running run's heartbeat: proof that its worker lives. */
  async heartbeat(run: SyncRun): Promise<void> {
    await this.transactions.manager.query(
      `UPDATE sync_runs SET updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'running'`,
      [run.tenantId, run.id],
    );
  }

  /**
   * The record linked to a local entity, a live one before a deleted one (one run per source at a time, so no lock
   * is needed). A deleted one tells the push that the source deleted the record: it is not created again.
   */
  recordOfLocal(sourceId: string, stream: string, localId: string): Promise<SyncRecord | null> {
    return this.records.findOne({ where: { sourceId, stream, localId }, order: { deleted: 'ASC', updatedAt: 'DESC' } });
  }

  /** Local ids whose records wait for a push (resolved conflicts), at most `limit`. */
  async pushPending(sourceId: string, stream: string, limit: number): Promise<string[]> {
    const rows = await this.records.find({
      where: { sourceId, stream, pushPending: true },
      take: limit,
      select: { localId: true, id: true },
    });
    return rows.flatMap((r) => (r.localId ? [r.localId] : []));
  }

  getRecord(sourceId: string, stream: string, externalId: string): Promise<SyncRecord | null> {
    return this.records.findOne({ where: { sourceId, stream, externalId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Opens a conflict, or refreshes the open one of the same field with the newest values. */
  async openConflict(data: DeepPartial<SyncConflict>): Promise<SyncConflict> {
    const open = await this.conflicts.findOne({
      where: {
        sourceId: data.sourceId as string,
        stream: data.stream as string,
        externalId: data.externalId as string,
        field: data.field as string,
        resolvedAt: IsNull(),
      },
    });
    return this.conflicts.save(
      open ? Object.assign(open, { localValue: data.localValue, remoteValue: data.remoteValue }) : this.conflicts.create(data),
    );
  }

  /** Fields of a record with an open conflict (a push leaves them as the source has them). */
  async conflictedFields(sourceId: string, stream: string, externalId: string): Promise<Set<string>> {
    const rows = await this.conflicts.find({
      where: { sourceId, stream, externalId, resolvedAt: IsNull() },
      select: { field: true, id: true },
    });
    return new Set(rows.map((r) => r.field));
  }

  getConflictForUpdate(id: string): Promise<SyncConflict> {
    return this.conflicts.getForUpdate(id);
  }

  saveConflict(conflict: SyncConflict): Promise<SyncConflict> {
    return this.conflicts.save(conflict);
  }

  conflictsPage<T>(
    filters: { sourceId?: string; status?: 'open' | 'resolved' },
    request: PageRequest,
    map: (conflict: SyncConflict) => T,
  ): Promise<Page<T>> {
    const query = this.conflicts.query('c');
    if (filters.sourceId) query.andWhere('c.sourceId = :sourceId', { sourceId: filters.sourceId });
    if (filters.status === 'open') query.andWhere('c.resolvedAt IS NULL');
    if (filters.status === 'resolved') query.andWhere('c.resolvedAt IS NOT NULL');
    return keysetPage(query, request, {
      limits: PAGE_LIMITS.standard,
      order: {
        key: 'c.createdAt',
        id: 'c.id',
        direction: 'DESC',
        kind: 'timestamp',
        position: (c) => ({ value: c.createdAt.toISOString(), id: c.id }),
      },
      map,
    });
  }
}
