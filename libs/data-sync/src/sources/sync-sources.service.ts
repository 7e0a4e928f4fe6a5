import { Injectable } from '@nestjs/common';
import {
  OutboundRefusedError,
  OutboundHttp,
  type Page,
  type PageRequest,
  ProblemException,
  RequestContext,
  Transactions,
  unprocessable,
  validationFailed,
} from '@quorum/platform';
import { AuditService } from '@quorum/tenants';
import { type Connector, ConnectorError, type StreamSpec } from '../connectors/connector';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { SourceHttpFactory } from '../connectors/source-http.factory';
import {
  CreateSyncSourceDto,
  type SyncPreviewDto,
  type SyncPreviewResultDto,
  SyncRunRequestedDto,
  SyncSourceDto,
  UpdateSyncSourceDto,
} from '../dto/sync-source.dto';
import type { FieldOwner, SyncSource, SyncStreamConfig } from '../entities/sync-source.entity';
import { LocalEntityRegistry } from '../local/local-entity-registry';
import { connectorSettings } from '../runs/sync-runner.service';
import { SyncRunQueue } from '../runs/sync-run.queue';
import { StreamTransform, TransformError } from '../transform/stream-transform';
import { SyncSchedules } from '../runs/sync-schedules';
import { SecretBox } from '../secrets/secret-box';
import { SyncRepository } from '../sync.repository';

/** How long a connection check may take, fetches and retries included. */
const CHECK_TIMEOUT_MS = 30_000;

/** Data sources: admins create, change, check and run them; credentials are sealed on the way in and never leave. */
@Injectable()
export class SyncSourcesService {
  constructor(
    private readonly repository: SyncRepository,
    private readonly connectors: ConnectorRegistry,
    private readonly secrets: SecretBox,
    private readonly outbound: OutboundHttp,
    private readonly http: SourceHttpFactory,
    private readonly locals: LocalEntityRegistry,
    private readonly schedules: SyncSchedules,
    private readonly queue: SyncRunQueue,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async create(dto: CreateSyncSourceDto): Promise<SyncSourceDto> {
    const connector = this.connectors.get(dto.kind);
    const streams = this.streams(connector, dto.streams);
    await this.validate(connector, dto.settings, dto.credentials ?? null);
    const caller = RequestContext.caller();
    const source = this.repository.createSource({
      name: dto.name,
      kind: dto.kind,
      settings: dto.settings,
      credentials: dto.credentials ? this.secrets.seal(JSON.stringify(dto.credentials), caller.tenantId) : null,
      streams,
      scheduleEveryMinutes: dto.scheduleEveryMinutes ?? null,
      enabled: dto.enabled ?? true,
      createdBy: caller.userId,
    });
    return this.transactions.run(async () => {
      const saved = await this.repository.saveSource(source);
      await this.audit.record({
        action: 'sync_source.created',
        entityType: 'sync_source',
        entityId: saved.id,
        metadata: { name: saved.name, kind: saved.kind, hasCredentials: saved.credentials !== null },
      });
      await this.schedules.sync(saved.tenantId, saved.id, saved.createdBy, saved.scheduleEveryMinutes, saved.enabled);
      return SyncSourceDto.from(saved);
    });
  }

  list(request: PageRequest): Promise<Page<SyncSourceDto>> {
    return this.repository.sourcesPage(request, SyncSourceDto.from);
  }

  async get(id: string): Promise<SyncSourceDto> {
    return SyncSourceDto.from(await this.repository.getSource(id));
  }

  async update(id: string, dto: UpdateSyncSourceDto): Promise<SyncSourceDto> {
    return this.transactions.run(async () => {
      const source = await this.repository.getSourceForUpdate(id);
      const connector = this.connectors.get(source.kind);
      if (dto.streams) source.streams = this.streams(connector, dto.streams);
      const credentials = dto.credentials === undefined ? this.credentialsOf(source) : dto.credentials;
      if (dto.settings || dto.credentials !== undefined) await this.validate(connector, dto.settings ?? source.settings, credentials);
      if (dto.settings) source.settings = dto.settings;
      if (dto.credentials !== undefined)
        source.credentials = dto.credentials ? this.secrets.seal(JSON.stringify(dto.credentials), source.tenantId) : null;
      if (dto.name !== undefined) source.name = dto.name;
      if (dto.scheduleEveryMinutes !== undefined) source.scheduleEveryMinutes = dto.scheduleEveryMinutes;
      if (dto.enabled !== undefined) source.enabled = dto.enabled;
      const saved = await this.repository.saveSource(source);
      await this.audit.record({
        action: 'sync_source.updated',
        entityType: 'sync_source',
        entityId: id,
        // Names of the changed fields only: never the credentials.
        metadata: { changed: Object.keys(dto).filter((key) => dto[key as keyof UpdateSyncSourceDto] !== undefined) },
      });
      await this.schedules.sync(saved.tenantId, saved.id, saved.createdBy, saved.scheduleEveryMinutes, saved.enabled);
      return SyncSourceDto.from(saved);
    });
  }

  /** Deletes the source with its runs, states and record mappings; the meetings it made stay. */
  async remove(id: string): Promise<void> {
    await this.transactions.run(async () => {
      const source = await this.repository.getSourceForUpdate(id);
      await this.repository.removeSource(source);
      await this.audit.record({
        action: 'sync_source.deleted',
        entityType: 'sync_source',
        entityId: id,
        metadata: { name: source.name, kind: source.kind },
      });
      await this.schedules.sync(source.tenantId, source.id, source.createdBy, null, false);
    });
  }

  /** Tests the connection: 200 `{ ok: true }`, or 422 `sync-check-failed` with the reason. */
  async check(id: string): Promise<{ ok: true }> {
    const source = await this.repository.getSource(id);
    const connector = this.connectors.get(source.kind);
    const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    try {
      await connector.check({
        sourceId: source.id,
        settings: connectorSettings(source.settings),
        credentials: this.credentialsOf(source),
        signal,
        http: this.http.for(source.id, source.settings, signal),
      });
    } catch (error) {
      if (error instanceof ConnectorError) throw checkFailed(error.message);
      if ((error as Error).name === 'TimeoutError') throw checkFailed(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`);
      throw error;
    }
    return { ok: true };
  }

  /** Queues a run of the source: 202 with the job's location. */
  async run(id: string): Promise<SyncRunRequestedDto> {
    const source = await this.repository.getSource(id);
    const job = await this.queue.enqueue({ sourceId: source.id, trigger: 'manual' });
    return { jobId: job.id, location: job.location };
  }

  private credentialsOf(source: SyncSource): Record<string, string> | null {
    try {
      return this.secrets.openCredentials(source);
    } catch (error) {
      throw checkFailed(`the stored credentials cannot be read (${(error as Error).message}); save them again`);
    }
  }

  /** The streams to sync: the connector's (pulled) by default; each one's direction, rules and owners checked (400). */
  private streams(connector: Connector, requested: SyncStreamConfig[] | undefined): SyncStreamConfig[] {
    if (!requested) return Object.entries(connector.streams).map(([name, spec]) => ({ name, direction: spec.directions[0] }));
    const errors: { field: string; message: string }[] = [];
    requested.forEach((stream, index) => {
      const at = `streams.${index}`;
      const spec = connector.streams[stream.name] as StreamSpec | undefined;
      if (!spec) return errors.push({ field: `${at}.name`, message: `a ${connector.kind} source has no stream ${stream.name}` });
      const directions = spec.directions as readonly string[];
      if (!directions.includes(stream.direction))
        errors.push({
          field: `${at}.direction`,
          message: `${stream.name} of a ${connector.kind} source can only be ${directions.join(' or ')}`,
        });
      const fieldNames = this.locals.get(spec.entity).fieldNames;
      const compiled = StreamTransform.compile(stream.transform, fieldNames);
      if (Array.isArray(compiled))
        for (const line of compiled) {
          const [field, ...message] = line.split(': ');
          errors.push({ field: `${at}.${field}`, message: message.join(': ') });
        }
      for (const [field, owner] of Object.entries(stream.ownership ?? {})) {
        if (!fieldNames.includes(field))
          errors.push({ field: `${at}.ownership.${field}`, message: `is not a field of the stream (${fieldNames.join(', ')})` });
        else if (!FIELD_OWNERS.includes(owner))
          errors.push({ field: `${at}.ownership.${field}`, message: `must be one of ${FIELD_OWNERS.join(', ')}` });
      }
      if (stream.importUnlinked && spec.entity !== 'action_item')
        errors.push({ field: `${at}.importUnlinked`, message: 'applies to action-item streams only (meetings are always imported)' });
      return undefined;
    });
    if (new Set(requested.map((s) => s.name)).size !== requested.length)
      errors.push({ field: 'streams', message: 'a stream is listed twice' });
    if (errors.length) throw validationFailed(errors);
    return requested.map((s) => ({
      name: s.name,
      direction: s.direction,
      ...(s.mode && { mode: s.mode }),
      ...(s.transform && Object.keys(s.transform).length && { transform: s.transform }),
      ...(s.ownership && Object.keys(s.ownership).length && { ownership: s.ownership }),
      ...(s.importUnlinked && { importUnlinked: true }),
    }));
  }

  /**
   * Applies a stream's transformation rules (saved, or given to try) to a sample record, without writing anything:
   * what the record would become, and what the entity would refuse.
   */
  async preview(id: string, dto: SyncPreviewDto): Promise<SyncPreviewResultDto> {
    const source = await this.repository.getSource(id);
    const connector = this.connectors.get(source.kind);
    const stream = source.streams.find((s) => s.name === dto.stream);
    const spec = connector.streams[dto.stream] as StreamSpec | undefined;
    if (!stream || !spec)
      throw unprocessable('stream', `the source does not sync a stream ${dto.stream}`, 'sync-stream-unknown', 'Unknown stream');
    const local = this.locals.get(spec.entity);
    const compiled = StreamTransform.compile(dto.transform ?? stream.transform, local.fieldNames);
    if (Array.isArray(compiled))
      throw validationFailed(
        compiled.map((line) => {
          const [field, ...message] = line.split(': ');
          return { field, message: message.join(': ') };
        }),
      );
    try {
      const fields = await compiled.apply(dto.fields, dto.raw);
      return { fields, problems: local.check(fields) };
    } catch (error) {
      if (error instanceof TransformError) return { fields: dto.fields, problems: [error.message] };
      throw error;
    }
  }

  /** The connector's own rules (400), then every URL through the SSRF guard (422 `url-not-allowed`). */
  private async validate(
    connector: Connector,
    settings: Record<string, unknown>,
    credentials: Record<string, string> | null,
  ): Promise<void> {
    const problems = [...commonSettingProblems(settings), ...connector.validate(connectorSettings(settings), credentials)];
    if (problems.length)
      throw validationFailed(
        problems.map((line) => {
          const [field, ...message] = line.split(': ');
          return { field, message: message.join(': ') };
        }),
      );
    const urls = connector.urls(connectorSettings(settings));
    for (const url of urls) {
      try {
        await this.outbound.vet(url);
      } catch (error) {
        if (error instanceof OutboundRefusedError) throw unprocessable('settings.url', error.reason, 'url-not-allowed', 'URL not allowed');
        throw error;
      }
    }
  }
}

const FIELD_OWNERS: readonly FieldOwner[] = ['remote', 'local', 'last_writer'];

/** The settings every source may have (the engine's, not the connector's). */
function commonSettingProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const rate = settings.requestsPerMinute;
  if (rate !== undefined && (!Number.isInteger(rate) || (rate as number) < 1 || (rate as number) > 60_000))
    problems.push('settings.requestsPerMinute: must be a whole number from 1 to 60000');
  const link = settings.linkBaseUrl;
  if (link !== undefined && (typeof link !== 'string' || !/^https?:\/\/[^\s]+$/i.test(link) || link.length > 500))
    problems.push('settings.linkBaseUrl: must be an http(s) URL of at most 500 characters');
  return problems;
}

function checkFailed(reason: string): ProblemException {
  return new ProblemException({ status: 422, slug: 'sync-check-failed', title: 'Sync check failed', detail: reason });
}
