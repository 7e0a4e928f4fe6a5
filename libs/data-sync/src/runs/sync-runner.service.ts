import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { MeetingsService, type UpdateMeetingDto } from '@quorum/meetings';
import { ProblemException, Transactions } from '@quorum/platform';
import { type ConnectorContext, ConnectorError, type MeetingFields, type RemoteRecord } from '../connectors/connector';
import { SourceHttpFactory } from '../connectors/source-http.factory';
import { ConnectorRegistry } from '../connectors/connector-registry';
import type { SyncRecord } from '../entities/sync-record.entity';
import type { SyncLogLine, SyncRun, SyncRunTrigger, SyncStreamCounts } from '../entities/sync-run.entity';
import type { SyncSource } from '../entities/sync-source.entity';
import { SecretBox } from '../secrets/secret-box';
import { SyncRepository } from '../sync.repository';
import { SyncMetrics } from './sync-metrics';

/** A `running` row older than this belongs to a worker that died: the next run closes it as failed. */
export const SYNC_RUN_STALE_MS = 30 * 60_000;
/** Log lines kept per run. */
const MAX_LOG_LINES = 500;

/**
 * Runs a source: each pull stream's pages from its stored state, one transaction per page holding the page's records,
 * their meetings (through MeetingsService) and the stream's next checkpoint. Records are keyed by (source, stream,
 * external id) with a content hash, so reading the same content again writes nothing. One run per source at a time.
 */
@Injectable()
export class SyncRunner {
  private readonly logger = new Logger('DataSync');

  constructor(
    private readonly repository: SyncRepository,
    private readonly secrets: SecretBox,
    private readonly connectors: ConnectorRegistry,
    private readonly meetings: MeetingsService,
    private readonly transactions: Transactions,
    private readonly metrics: SyncMetrics,
    private readonly http: SourceHttpFactory,
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
    const log: SyncLogLine[] = [];
    const say = (level: SyncLogLine['level'], message: string) => {
      if (log.length < MAX_LOG_LINES) log.push({ at: new Date().toISOString(), level, message: message.slice(0, 1000) });
    };
    say('info', `run started (${trigger})`);
    let failure: string | null = null;
    try {
      const context: ConnectorContext = {
        sourceId,
        settings: source.settings,
        credentials: this.credentials(source),
        signal,
        http: this.http.for(sourceId, source.settings, signal),
      };
      for (const stream of source.streams.filter((s) => s.direction !== 'push')) {
        const counts: SyncStreamCounts = {
          read: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          deleted: 0,
          skipped: 0,
          failed: 0,
          durationMs: 0,
          status: 'running',
        };
        run.streams[stream.name] = counts;
        const streamStarted = performance.now();
        try {
          await this.pull(source, stream.name, context, counts, say, () => this.repository.progress(run, run.streams, log));
          counts.status = 'succeeded';
          say(
            'info',
            `${stream.name}: read ${counts.read}, created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, deleted ${counts.deleted}, skipped ${counts.skipped}, failed ${counts.failed}`,
          );
        } catch (error) {
          if (signal.aborted) throw error;
          const reason = reasonOf(error);
          counts.status = 'failed';
          counts.reason = reason;
          failure ??= `${stream.name}: ${reason}`;
          say('error', `${stream.name}: failed: ${reason}`);
          if (!(error instanceof ConnectorError)) this.logger.error({ err: error, sourceId, stream: stream.name }, 'sync stream failed');
        }
        counts.durationMs = Math.round(performance.now() - streamStarted);
        for (const result of ['created', 'updated', 'unchanged', 'deleted', 'failed'] as const)
          this.metrics.record(source.kind, stream.name, result, counts[result]);
      }
    } catch (error) {
      if (signal.aborted) {
        // Shutting down: the job goes back to the queue and runs again; this row must not block it.
        await this.finish(run, 'failed', 'interrupted: the worker stopped; the run is queued again', log);
        throw error;
      }
      failure = reasonOf(error);
      say('error', failure);
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

  private async pull(
    source: SyncSource,
    stream: string,
    context: ConnectorContext,
    counts: SyncStreamCounts,
    say: (level: SyncLogLine['level'], message: string) => void,
    progress: () => Promise<void>,
  ): Promise<void> {
    const connector = this.connectors.get(source.kind);
    const state = await this.repository.getState(source.id, stream);
    const seen = new Set<string>();
    for await (const page of connector.read(context, stream, state)) {
      context.signal.throwIfAborted();
      for (const line of page.log ?? []) say('info', `${stream}: ${line}`);
      if (page.notModified) counts.notModified = true;
      await this.transactions.run(async () => {
        const stored = await this.repository.recordsFor(
          source.id,
          stream,
          page.records.map((r) => r.externalId),
        );
        const writes: Partial<SyncRecord>[] = [];
        for (const record of page.records) {
          counts.read++;
          seen.add(record.externalId);
          const written = await this.apply(record, stored.get(record.externalId), counts, say, stream);
          if (written)
            writes.push({
              sourceId: source.id,
              stream,
              externalId: record.externalId,
              occursAt: record.occursAt,
              deleted: false,
              ...written,
            });
        }
        if (page.last && page.window) {
          for (const gone of await this.repository.missingInWindow(source.id, stream, page.window.from, page.window.to, seen)) {
            await this.cancel(gone.localId, say, `${stream}: ${gone.externalId} is gone from the source`);
            if (gone.localId) counts.deleted++;
            writes.push({
              sourceId: source.id,
              stream,
              externalId: gone.externalId,
              localId: gone.localId,
              contentHash: gone.contentHash,
              occursAt: gone.occursAt,
              deleted: true,
            });
          }
        }
        await this.repository.saveRecords(writes);
        await this.repository.saveState(source.id, stream, page.checkpoint);
      });
      await progress();
    }
  }

  /** Writes one record's meeting; returns the sync row's new local id and hash, or null when nothing is to be stored. */
  private async apply(
    record: RemoteRecord,
    prior: SyncRecord | undefined,
    counts: SyncStreamCounts,
    say: (level: SyncLogLine['level'], message: string) => void,
    stream: string,
  ): Promise<{ localId: string | null; contentHash: string } | null> {
    const contentHash = hashOf(record);
    if (prior && prior.contentHash === contentHash && !prior.deleted) {
      counts.unchanged++;
      return null;
    }
    const m = record.fields as MeetingFields;
    const fields = {
      title: m.title,
      description: m.description ?? undefined,
      scheduledStartAt: new Date(m.scheduledStartAt),
      scheduledEndAt: m.scheduledEndAt ? new Date(m.scheduledEndAt) : undefined,
      participants: m.participants,
    };
    try {
      if (prior?.localId) {
        const current = await this.findMeeting(prior.localId);
        if (current) {
          const dto: UpdateMeetingDto = {
            ...fields,
            description: m.description ?? (null as never),
            scheduledEndAt: fields.scheduledEndAt ?? (null as never),
          };
          if (m.cancelled && current.status !== 'cancelled') {
            if (current.status === 'completed') {
              say('warn', `${stream}: ${record.externalId} is cancelled in the source but its meeting is completed; left as is`);
            } else dto.status = 'cancelled';
          } else if (!m.cancelled && current.status === 'cancelled') dto.status = 'scheduled';
          await this.meetings.update(prior.localId, dto, null);
          counts.updated++;
          return { localId: prior.localId, contentHash };
        }
      }
      if (m.cancelled) {
        // Never seen before and already cancelled: nothing to create; kept so a later un-cancelling creates it.
        counts.skipped++;
        return { localId: null, contentHash };
      }
      const created = await this.meetings.create({ ...fields, status: 'scheduled' });
      counts.created++;
      return { localId: created.id, contentHash };
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      counts.failed++;
      say('warn', `${stream}: ${record.externalId} was not written: ${error.message}`);
      return null;
    }
  }

  private async findMeeting(id: string): Promise<{ status: string } | null> {
    try {
      return await this.meetings.get(id);
    } catch (error) {
      if (error instanceof ProblemException && error.getStatus() === 404) return null;
      throw error;
    }
  }

  private async cancel(localId: string | null, say: (level: SyncLogLine['level'], message: string) => void, why: string): Promise<void> {
    say('info', why);
    if (!localId) return;
    const current = await this.findMeeting(localId);
    if (!current || current.status === 'cancelled' || current.status === 'completed') return;
    try {
      await this.meetings.update(localId, { status: 'cancelled' }, null);
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      say('warn', `${why}, but its meeting could not be cancelled: ${error.message}`);
    }
  }
}

/** The hash of what a record writes: its version stamp and mapped content. */
export function hashOf(record: RemoteRecord): string {
  const m = record.fields as MeetingFields;
  return createHash('sha256')
    .update(
      JSON.stringify([
        record.version,
        m.title,
        m.description,
        m.scheduledStartAt,
        m.scheduledEndAt,
        m.participants.map((p) => [p.name, p.email]),
        m.cancelled,
      ]),
    )
    .digest('hex');
}

function reasonOf(error: unknown): string {
  if (error instanceof ConnectorError) return error.message;
  if (error instanceof ProblemException) return error.message;
  return 'an unexpected error (logged)';
}
