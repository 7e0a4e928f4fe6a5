import type { SourceHttp } from './source-http';

export { ConnectorError } from './connector-error';

/** What a connector gets to work with: the source's settings, its decrypted credentials (never logged) and its HTTP client. */
export interface ConnectorContext {
  sourceId: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string> | null;
  signal: AbortSignal;
  /**
   * Every call to the outside goes through this: the SSRF guard, the source's rate limit, retries with backoff that
   * honour Retry-After, and the source's circuit breaker. `http.fetch` is the same as a WHATWG fetch, for libraries.
   */
  http: SourceHttp;
}

/** The local entity a stream's records become. */
export type SyncEntity = 'meeting' | 'action_item';

/**
 * A meeting's synced fields, as JSON (times are ISO 8601 strings), so transformation rules, hashes and the conflict
 * snapshot all work on the same values.
 */
export interface MeetingFields {
  title: string;
  description: string | null;
  scheduledStartAt: string;
  scheduledEndAt: string | null;
  participants: { name: string; email: string }[];
  cancelled: boolean;
}

/** An action item's synced fields. The assignee is matched to a member by e-mail, else kept as an outsider. */
export interface ActionItemFields {
  title: string;
  description: string | null;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  assigneeEmail: string | null;
  assigneeName: string | null;
  dueAt: string | null;
}

export type EntityFields = MeetingFields | ActionItemFields;

/** A record as the source has it, normalised to its entity's fields. */
export interface RemoteRecord<F extends EntityFields = EntityFields> {
  externalId: string;
  /** A version stamp (ETag, SEQUENCE, updated_at): its change alone does not make a change, the fields do. */
  version: string;
  /** Position in a windowed stream (an occurrence's start); see `ConnectorPage.window`. */
  occursAt?: Date | null;
  /** When the source last changed it, for last-writer-wins; null when the source does not say. */
  updatedAt?: Date | null;
  /** Gone from the source (a delta's `@removed`, a 410 on a sync token's change list). Fields may then be partial. */
  deleted?: boolean;
  fields: F;
  /** The source's own JSON of the record: the input of the stream's transformation rules (`$raw`). Keep it small. */
  raw?: Record<string, unknown>;
  /** The local id named by the origin marker Quorum wrote when it pushed this record (X-QUORUM-ID, a link back). */
  originLocalId?: string | null;
}

/**
 * One page of a stream: its records and the state to store once they are written, in the same transaction.
 * The last page says so; when it carries `window`, the page set was the stream's whole content inside that window,
 * so records the store has inside it that no page named are gone from the source (deleted).
 */
export interface ConnectorPage {
  records: RemoteRecord[];
  checkpoint: Record<string, unknown>;
  last: boolean;
  /** The source said nothing changed since `state` (HTTP 304, an unchanged sync token): nothing was read. */
  notModified?: boolean;
  window?: { from: Date; to: Date };
  /** The stored state was refused (a 410 Gone sync token): the stream restarted as a full read. */
  reset?: boolean;
  /** Lines for the run's log (no secrets). */
  log?: string[];
}

/** What to write on the source for one local entity. */
export interface PushRequest<F extends EntityFields = EntityFields> {
  localId: string;
  /** The record it was last written to or read from; null: create one. */
  externalId: string | null;
  /** The version last seen (an ETag), for a conditional write where the source has them. */
  version: string | null;
  fields: F;
  /** A URL back to the entity in Quorum, for an issue's body. */
  link: string;
}

/** What the source holds after a push: stored so the record coming back on the next pull is recognised. */
export interface PushResult<F extends EntityFields = EntityFields> {
  externalId: string;
  version: string;
  fields: F;
  occursAt?: Date | null;
}

/** A stream a connector offers: what it becomes locally, the ways it may sync, and who owns which field by default. */
export interface StreamSpec {
  entity: SyncEntity;
  directions: readonly ('pull' | 'push' | 'both')[];
  /** Fields the source owns unless the stream's configuration says otherwise (e.g. a calendar: title and times). */
  remoteOwns?: readonly string[];
  /** Fields Quorum owns by default. Fields named by neither become conflicts when both sides changed them. */
  localOwns?: readonly string[];
}

/**
 * A kind of source. `check` tests the connection (throws ConnectorError), `read` yields a stream's pages from the
 * stored state, each with the next checkpoint; `push` writes one local entity and answers with what the source now
 * holds. A new connector is a provider of DataSyncModule listed in ConnectorRegistry.
 */
export interface Connector {
  readonly kind: string;
  readonly streams: Record<string, StreamSpec>;
  /** Problems with settings or credentials, as `field: message` lines (empty when valid). */
  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[];
  /** URLs the source calls, vetted against the SSRF guard on save. */
  urls(settings: Record<string, unknown>): string[];
  check(context: ConnectorContext): Promise<void>;
  read(context: ConnectorContext, stream: string, state: Record<string, unknown> | null): AsyncIterable<ConnectorPage>;
  push?(context: ConnectorContext, stream: string, request: PushRequest): Promise<PushResult>;
  /**
   * The record Quorum pushed earlier for this local entity, found by its origin marker (for a push whose answer was
   * lost: a crash after the source wrote it). Without it, such a push may create a second record on the source.
   */
  findPushed?(context: ConnectorContext, stream: string, localId: string): Promise<PushResult | null>;
}
