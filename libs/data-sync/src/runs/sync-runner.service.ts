import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, ProblemException, Transactions } from '@quorum/platform';
import { type Connector, type ConnectorContext, ConnectorError, type RemoteRecord, type StreamSpec } from '../connectors/connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { SourceHttpFactory } from '../connectors/source-http.factory';
import type { SyncRecord } from '../entities/sync-record.entity';
import type { SyncLogLine, SyncRun, SyncRunTrigger, SyncStreamCounts } from '../entities/sync-run.entity';
import type { FieldOwner, SyncSource, SyncStreamConfig } from '../entities/sync-source.entity';
import { LocalEntityRegistry } from '../local/local-entity-registry';
import type { LocalEntities, LocalEntity } from '../local/local-entities';
import { SecretBox } from '../secrets/secret-box';
import { SyncRepository } from '../sync.repository';
import { StreamTransform, TransformError } from '../transform/stream-transform';
import { SyncConflictNotifier } from '../conflicts/sync-conflict.notifier';
import { SyncMetrics } from './sync-metrics';

/** A `running` row whose heartbeat is older than this belongs to a worker that died: the next run closes it as failed. */
export const SYNC_RUN_STALE_MS = 2 * 60_000;
/** How often a running run proves it lives. */
const HEARTBEAT_MS = 20_000;
/** Log lines kept per run. */
const MAX_LOG_LINES = 500;
/** Local entities read per push page (each page's cursor is stored after its pushes). */
const PUSH_PAGE = 100;

type Say = (level: SyncLogLine['level'], message: string) => void;

/** What one pulled record writes to its sync row (null: nothing to store). */
type RecordWrite = Partial<SyncRecord> & { externalId: string };

/**
 * Runs a source, stream by stream: first the pull (each page in one transaction holding its records' local writes and
 * the stream's next checkpoint, so a run killed anywhere resumes from its last checkpoint and writes nothing twice),
 * then the push of local changes. Each record keeps both sides as last synced, so a field changed on one side flows to
 * the other and a field changed on both is decided by its owner or becomes a conflict. One run per source at a time.
 */
@Injectable()
export class SyncRunner {
  private readonly logger = new Logger('DataSync');

  constructor(
    private readonly repository: SyncRepository,
    private readonly secrets: SecretBox,
    private readonly connectors: ConnectorRegistry,
    private readonly locals: LocalEntityRegistry,
    private readonly transactions: Transactions,
    private readonly metrics: SyncMetrics,
    private readonly http: SourceHttpFactory,
    private readonly conflicts: SyncConflictNotifier,
    private readonly config: AppConfig,
  ) {}

  /** Runs the source (of the current tenant); null when it is gone. The run ends `succeeded`, `failed` or `skipped`. */
  async run(sourceId: string, trigger: SyncRunTrigger, jobId: string | null, signal: AbortSignal): Promise<SyncRun | null> {
    const source = await this.repository.findSource(sourceId);
    // Gone, or disabled since its schedule's tick was queued: nothing to do (an admin's manual run still runs).
    if (!source || (!source.enabled && trigger === 'schedule')) return null;
    const started = performance.now();
    const run = await this.repository.startRun(
      { sourceId, trigger, jobId, startedAt: new Date(), streams: {}, log: [] },
      SYNC_RUN_STALE_MS,
    );
    if (!run) {
      const skipped = this.repository.createRun({
        sourceId,
        trigger,
        jobId,
        status: 'skipped',
        reason: 'another run of this source is in progress',
        startedAt: new Date(),
        finishedAt: new Date(),
        streams: {},
        log: [],
      });
      this.metrics.run(source.kind, 'skipped');
      return this.repository.saveRun(skipped);
    }
    const heartbeat = setInterval(() => void this.repository.heartbeat(run).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    const log: SyncLogLine[] = [];
    const say: Say = (level, message) => {
      if (log.length < MAX_LOG_LINES) log.push({ at: new Date().toISOString(), level, message: message.slice(0, 1000) });
    };
    say('info', `run started (${trigger})`);
    let failure: string | null = null;
    try {
      const connector = this.connectors.get(source.kind);
      const context: ConnectorContext = {
        sourceId,
        settings: connectorSettings(source.settings),
        credentials: this.credentials(source),
        signal,
        http: this.http.for(sourceId, source.settings, signal),
      };
      for (const stream of source.streams) {
        const counts = emptyCounts();
        run.streams[stream.name] = counts;
        const streamStarted = performance.now();
        const progress = () => this.repository.progress(run, run.streams, log);
        try {
          const spec = connector.streams[stream.name] as StreamSpec | undefined;
          if (!spec) throw new ConnectorError(`a ${source.kind} source has no stream ${stream.name}`);
          const streamRun: StreamRun = {
            source,
            connector,
            spec,
            local: this.locals.get(spec.entity),
            stream,
            context,
            counts,
            say,
            progress,
          };
          if (stream.direction !== 'push') await this.pull(streamRun);
          if (stream.direction !== 'pull') await this.push(streamRun);
          counts.status = 'succeeded';
          say(
            'info',
            `${stream.name}: read ${counts.read}, created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, deleted ${counts.deleted}, skipped ${counts.skipped}, conflicted ${counts.conflicted}, failed ${counts.failed}, pushed ${counts.pushed}`,
          );
        } catch (error) {
          if (signal.aborted) throw error;
          const reason = reasonOf(error);
          counts.status = 'failed';
          counts.reason = reason;
          failure ??= `${stream.name}: ${reason}`;
          say('error', `${stream.name}: failed: ${reason}`);
          if (!(error instanceof ConnectorError) && !(error instanceof ProblemException))
            this.logger.error({ err: error, sourceId, stream: stream.name }, 'sync stream failed');
        }
        counts.durationMs = Math.round(performance.now() - streamStarted);
        for (const result of ['created', 'updated', 'unchanged', 'deleted', 'skipped', 'conflicted', 'failed', 'pushed'] as const)
          this.metrics.record(source.kind, stream.name, result, counts[result]);
      }
    } catch (error) {
      if (signal.aborted) {
        clearInterval(heartbeat);
        // Shutting down: the job goes back to the queue and runs again; this row must not block it.
        await this.finish(run, 'failed', 'interrupted: the worker stopped; the run is queued again', log);
        throw error;
      }
      failure = reasonOf(error);
      say('error', failure);
    } finally {
      clearInterval(heartbeat);
    }
    const seconds = (performance.now() - started) / 1000;
    const status = failure ? 'failed' : 'succeeded';
    say(failure ? 'error' : 'info', `run ${status} in ${seconds.toFixed(2)} s`);
    this.metrics.run(source.kind, status, seconds);
    return this.finish(run, status, failure, log);
  }

  private finish(run: SyncRun, status: 'succeeded' | 'failed', reason: string | null, log: SyncLogLine[]): Promise<SyncRun> {
    return this.repository.saveRun(Object.assign(run, { status, reason: reason?.slice(0, 1000) ?? null, log, finishedAt: new Date() }));
  }

  private credentials(source: SyncSource): Record<string, string> | null {
    try {
      return this.secrets.openCredentials(source);
    } catch (error) {
      throw new ConnectorError(`the credentials cannot be read: ${(error as Error).message}`);
    }
  }

  private async pull(run: StreamRun): Promise<void> {
    const { source, connector, local, stream, context, counts, say, progress } = run;
    const transform = StreamTransform.compile(stream.transform, local.fieldNames);
    if (Array.isArray(transform)) throw new ConnectorError(`the stream's transformation rules are invalid: ${transform.join('; ')}`);
    const state = stream.mode === 'full_refresh' ? null : await this.repository.getState(source.id, stream.name);
    const seen = new Set<string>();
    const merge: MergeContext = { ...run, transform };
    for await (const page of connector.read(context, stream.name, state)) {
      context.signal.throwIfAborted();
      for (const line of page.log ?? []) say('info', `${stream.name}: ${line}`);
      if (page.notModified) counts.notModified = true;
      if (page.reset) say('warn', `${stream.name}: the source refused the stored state; the stream is read again in full`);
      await this.transactions.run(async () => {
        const stored = await this.repository.recordsFor(
          source.id,
          stream.name,
          page.records.map((r) => r.externalId),
        );
        const writes: RecordWrite[] = [];
        for (const record of page.records) {
          counts.read++;
          seen.add(record.externalId);
          const write = await this.pullOne(merge, record, stored.get(record.externalId));
          if (write) {
            writes.push(write);
            stored.set(record.externalId, { ...stored.get(record.externalId), ...write } as SyncRecord);
          }
        }
        if (page.last && page.window)
          for (const gone of await this.repository.missingInWindow(source.id, stream.name, page.window.from, page.window.to, seen)) {
            say('info', `${stream.name}: ${gone.externalId} is gone from the source`);
            writes.push({
              externalId: gone.externalId,
              contentHash: gone.contentHash,
              occursAt: gone.occursAt,
              ...(await this.tombstone(merge, gone.localId)),
            });
          }
        await this.repository.saveRecords(writes.map((w) => ({ sourceId: source.id, stream: stream.name, ...w })));
        await this.repository.saveState(source.id, stream.name, page.checkpoint);
      });
      await progress();
    }
  }

  /** One pulled record: created, merged field by field, recognised as Quorum's own, or skipped. */
  private async pullOne(m: MergeContext, record: RemoteRecord, prior: SyncRecord | undefined): Promise<RecordWrite | null> {
    const { counts, say, stream, local } = m;
    const key = { externalId: record.externalId, occursAt: record.occursAt ?? null, version: record.version };
    if (record.deleted) {
      if (!prior || prior.deleted) return null;
      say('info', `${stream.name}: ${record.externalId} was deleted in the source`);
      return { ...key, ...(await this.tombstone(m, prior.localId)), contentHash: prior.contentHash };
    }
    let remote: Record<string, unknown>;
    try {
      remote = await m.transform.apply({ ...record.fields }, record.raw);
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      counts.failed++;
      say('warn', `${stream.name}: ${record.externalId}: ${error.message}`);
      return null;
    }
    const problems = local.check(remote);
    if (problems.length) {
      counts.failed++;
      say('warn', `${stream.name}: ${record.externalId} was not written: ${problems.join('; ')}`);
      return null;
    }
    const contentHash = hashOf(remote);
    // The same content as last synced (also the echo of Quorum's own push): nothing to write.
    if (prior && !prior.deleted && prior.contentHash === contentHash) {
      counts.unchanged++;
      return null;
    }
    const linked = prior?.localId ? await local.get(prior.localId) : null;
    if (!linked) return this.firstSight(m, record, remote, contentHash, key);
    return this.merge(m, prior!, linked, record, remote, contentHash, key);
  }

  /** A record with no local entity yet: Quorum's own (by its origin marker) is linked, else one is created. */
  private async firstSight(
    m: MergeContext,
    record: RemoteRecord,
    remote: Record<string, unknown>,
    contentHash: string,
    key: Pick<RecordWrite, 'externalId' | 'occursAt' | 'version'>,
  ): Promise<RecordWrite | null> {
    const { counts, say, stream, local } = m;
    const base = { ...key, contentHash, remoteFields: remote, deleted: false };
    const own = record.originLocalId ? await local.get(record.originLocalId).catch(() => null) : null;
    if (own) {
      // Pushed by Quorum (a push whose answer was lost, or another source's): linked, never imported twice. The local
      // side counts as changed (no agreed values), so the next push writes it over.
      counts.unchanged++;
      say('info', `${stream.name}: ${record.externalId} is Quorum's own (origin marker); linked`);
      return { ...base, localId: own.id, localFields: null };
    }
    if (m.spec.entity === 'action_item' && !stream.importUnlinked) {
      counts.skipped++;
      return { ...base, localId: null, localFields: null };
    }
    if (remote.cancelled === true) {
      // Never seen before and already cancelled: nothing to create; kept so a later un-cancelling creates it.
      counts.skipped++;
      return { ...base, localId: null, localFields: null };
    }
    try {
      const created = await this.transactions.savepoint(() => local.create(remote));
      counts.created++;
      return { ...base, localId: created.id, localFields: created.fields };
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      counts.failed++;
      say('warn', `${stream.name}: ${record.externalId} was not written: ${error.message}`);
      return null;
    }
  }

  /** Three-way merge of a linked record: each field changed since the last sync on one side, or decided by its owner. */
  private async merge(
    m: MergeContext,
    prior: SyncRecord,
    current: LocalEntity,
    record: RemoteRecord,
    remote: Record<string, unknown>,
    contentHash: string,
    key: Pick<RecordWrite, 'externalId' | 'occursAt' | 'version'>,
  ): Promise<RecordWrite | null> {
    const { counts, say, stream, local, spec } = m;
    const remoteBase = prior.remoteFields ?? {};
    const localBase = prior.localFields;
    const agreed: Record<string, unknown> = { ...(localBase ?? current.fields) };
    const changes: Record<string, unknown> = {};
    let conflicted = 0;
    for (const field of local.fieldNames) {
      if (!(field in remote)) continue;
      const value = remote[field];
      if (isDeepStrictEqual(value, remoteBase[field])) continue;
      if (isDeepStrictEqual(value, current.fields[field])) {
        agreed[field] = value;
        continue;
      }
      const localChanged = !localBase || !isDeepStrictEqual(current.fields[field], localBase[field]);
      const winner = localChanged ? decide(ownerOf(stream, spec, field), record.updatedAt ?? null, current.updatedAt) : 'remote';
      if (winner === 'remote') {
        changes[field] = value;
        agreed[field] = value;
      } else if (winner === 'conflict') {
        conflicted++;
        // Left as it is on both sides until an admin resolves it: the push does not overwrite the source meanwhile.
        agreed[field] = current.fields[field];
        const conflict = await this.repository.openConflict({
          sourceId: m.source.id,
          stream: stream.name,
          externalId: record.externalId,
          localId: current.id,
          entity: spec.entity,
          field,
          localValue: current.fields[field] ?? null,
          remoteValue: value ?? null,
          baseValue: remoteBase[field] ?? null,
        });
        await this.conflicts.opened(m.source, conflict);
        say('warn', `${stream.name}: ${record.externalId}: ${field} changed on both sides; a conflict waits to be resolved`);
      }
      // winner 'local': the local value stays, and `agreed` keeps the old base so the push writes it to the source.
    }
    if (conflicted) counts.conflicted++;
    if (Object.keys(changes).length) {
      let fields: Record<string, unknown>;
      try {
        fields = (await this.transactions.savepoint(() => local.update(current.id, changes))).fields;
      } catch (error) {
        if (!(error instanceof ProblemException)) throw error;
        counts.failed++;
        say('warn', `${stream.name}: ${record.externalId} was not written: ${error.message}`);
        return null;
      }
      counts.updated++;
      for (const field of Object.keys(changes)) agreed[field] = fields[field];
    } else if (!conflicted) counts.unchanged++;
    // A push still owed (a conflict resolved for the local side) stays owed.
    return {
      ...key,
      localId: current.id,
      contentHash,
      remoteFields: remote,
      localFields: agreed,
      deleted: false,
      pushPending: prior.pushPending,
    };
  }

  /**
   * A record deleted at the source: its local entity is told (a meeting is cancelled), and the row forgets the remote
   * side, so a record that comes back flows in again as a change.
   */
  private async tombstone(
    m: MergeContext,
    localId: string | null,
  ): Promise<Pick<RecordWrite, 'localId' | 'deleted' | 'remoteFields' | 'localFields'>> {
    let localFields: Record<string, unknown> | null = null;
    if (localId)
      try {
        if ((await this.transactions.savepoint(() => m.local.removed(localId))) === 'cancelled') m.counts.deleted++;
        localFields = (await m.local.get(localId))?.fields ?? null;
      } catch (error) {
        if (!(error instanceof ProblemException)) throw error;
        m.say('warn', `${m.stream.name}: the local entity of a deleted record could not be changed: ${error.message}`);
      }
    return { localId, deleted: true, remoteFields: null, localFields };
  }

  /**
   * Writes local changes to the source: entities changed since the stream's push cursor (a state of its own,
   * `<stream>#push`) and records whose conflicts were resolved for the local side. An entity is pushed when its fields
   * differ from those last agreed; fields the source owns, or in conflict, go as the source has them.
   */
  private async push(run: StreamRun): Promise<void> {
    const { source, connector, local, stream, context, progress } = run;
    if (!connector.push) throw new ConnectorError(`a ${source.kind} source cannot push ${stream.name}`);
    const stateKey = `${stream.name}#push`;
    const state = (await this.repository.getState(source.id, stateKey)) as { at?: string; id?: string } | null;
    let cursor = state?.at && state.id ? { at: new Date(state.at), id: state.id } : null;
    const pending = await this.repository.pushPending(source.id, stream.name, PUSH_PAGE);
    if (pending.length) {
      const entities = (await Promise.all(pending.map((id) => local.get(id)))).filter((e): e is LocalEntity => e !== null);
      for (const entity of entities) await this.pushOne(run, entity);
    }
    for (;;) {
      context.signal.throwIfAborted();
      const batch = await local.changedSince(cursor, PUSH_PAGE);
      if (!batch.length) break;
      for (const entity of batch) await this.pushOne(run, entity);
      const last = batch[batch.length - 1];
      cursor = { at: last.updatedAt, id: last.id };
      await this.repository.saveState(source.id, stateKey, { at: cursor.at.toISOString(), id: cursor.id });
      await progress();
      if (batch.length < PUSH_PAGE) break;
    }
  }

  private async pushOne(run: StreamRun, entity: LocalEntity): Promise<void> {
    const { source, connector, spec, local, stream, context, counts, say } = run;
    const prior = await this.repository.recordOfLocal(source.id, stream.name, entity.id);
    if (prior?.deleted) return;
    if (
      prior?.localFields &&
      !prior.pushPending &&
      local.fieldNames.every((f) => isDeepStrictEqual(entity.fields[f], prior.localFields![f]))
    )
      return;
    const conflicted = prior ? await this.repository.conflictedFields(source.id, stream.name, prior.externalId) : new Set<string>();
    const fields: Record<string, unknown> = {};
    for (const field of local.fieldNames) {
      const keepRemote =
        prior?.remoteFields && field in prior.remoteFields && (conflicted.has(field) || ownerOf(stream, spec, field) === 'remote');
      fields[field] = keepRemote ? prior.remoteFields![field] : entity.fields[field];
    }
    let externalId = prior?.externalId ?? null;
    try {
      if (!externalId && connector.findPushed)
        externalId = (await connector.findPushed(context, stream.name, entity.id))?.externalId ?? null;
      const result = await connector.push!(context, stream.name, {
        localId: entity.id,
        externalId,
        version: prior?.version ?? null,
        fields: fields as never,
        link: this.linkTo(source, spec, entity.id),
      });
      await this.transactions.run(async () => {
        // The key may change (a record pushed under another id before): the old row goes, the new one holds the link.
        if (prior && prior.externalId !== result.externalId)
          await this.repository.saveRecords([{ ...prior, deleted: true, localId: null, pushPending: false }]);
        await this.repository.saveRecords([
          {
            sourceId: source.id,
            stream: stream.name,
            externalId: result.externalId,
            localId: entity.id,
            occursAt: result.occursAt ?? prior?.occursAt ?? null,
            version: result.version,
            remoteFields: result.fields as unknown as Record<string, unknown>,
            localFields: entity.fields,
            contentHash: hashOf(result.fields as unknown as Record<string, unknown>),
            pushPending: false,
            deleted: false,
          },
        ]);
      });
      counts.pushed++;
    } catch (error) {
      if (!(error instanceof ConnectorError) || context.signal.aborted) throw error;
      // A source that is down fails the stream; one record the source refuses does not.
      if (error.retryable) throw error;
      counts.failed++;
      say('warn', `${stream.name}: ${entity.id} was not pushed: ${error.message}`);
    }
  }

  /** A URL back to the entity, for an issue's body: the app's first CORS origin, or the source's `linkBaseUrl`. */
  private linkTo(source: SyncSource, spec: StreamSpec, id: string): string {
    const base = typeof source.settings.linkBaseUrl === 'string' ? source.settings.linkBaseUrl : this.config.corsOrigins[0];
    const path = spec.entity === 'meeting' ? `meetings/${id}` : `action-items/${id}`;
    return base ? `${base.replace(/\/+$/, '')}/${path}` : `urn:quorum:${spec.entity}:${id}`;
  }
}

/** One stream of one run: what its pull and push work with. */
interface StreamRun {
  source: SyncSource;
  connector: Connector;
  spec: StreamSpec;
  local: LocalEntities;
  stream: SyncStreamConfig;
  context: ConnectorContext;
  counts: SyncStreamCounts;
  say: Say;
  /** Writes the run's counts and log so far (after each page). */
  progress: () => Promise<void>;
}

/** A pull's stream with its compiled transformation rules. */
interface MergeContext extends StreamRun {
  transform: StreamTransform;
}

/** Settings every source has, which the engine reads and connectors do not see. */
export const COMMON_SETTINGS = ['requestsPerMinute', 'linkBaseUrl'] as const;

export function connectorSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const own = { ...settings };
  for (const key of COMMON_SETTINGS) delete own[key];
  return own;
}

/** A stream's counts before it reads anything (runs, and inbound webhook deliveries). */
export function emptyCounts(): SyncStreamCounts {
  return {
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    skipped: 0,
    conflicted: 0,
    failed: 0,
    pushed: 0,
    durationMs: 0,
    status: 'running',
  };
}

/** The owner of a field: the stream's configuration, else the connector's defaults, else none (a conflict). */
export function ownerOf(stream: SyncStreamConfig, spec: StreamSpec, field: string): FieldOwner | null {
  return stream.ownership?.[field] ?? (spec.remoteOwns?.includes(field) ? 'remote' : spec.localOwns?.includes(field) ? 'local' : null);
}

/** Who wins a field changed on both sides. Last-writer-wins needs the source's change time; without one, local stays. */
export function decide(owner: FieldOwner | null, remoteAt: Date | null, localAt: Date): 'remote' | 'local' | 'conflict' {
  if (owner === 'remote' || owner === 'local') return owner;
  if (owner === 'last_writer') return remoteAt && remoteAt.getTime() > localAt.getTime() ? 'remote' : 'local';
  return 'conflict';
}

/** The hash of a record's fields as mapped: the same content read again, or Quorum's own push read back, is unchanged. */
export function hashOf(fields: Record<string, unknown>): string {
  return createHash('sha256').update(stableJson(fields)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

function reasonOf(error: unknown): string {
  if (error instanceof ConnectorError) return error.message;
  if (error instanceof ProblemException) return error.message;
  return 'an unexpected error (logged)';
}
