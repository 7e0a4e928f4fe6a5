/** What a connector gets to work with: the source's settings and its decrypted credentials (never logged). */
export interface ConnectorContext {
  sourceId: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string> | null;
  signal: AbortSignal;
}

/** A meeting as a calendar connector reads it; the runner writes it through MeetingsService. */
export interface MeetingRecord {
  title: string;
  description: string | null;
  scheduledStartAt: Date;
  scheduledEndAt: Date | null;
  participants: { name: string; email: string }[];
  cancelled: boolean;
}

export interface SourceRecord {
  externalId: string;
  /** Position in a windowed stream (an occurrence's start); see `ConnectorPage.window`. */
  occursAt: Date | null;
  /** Also hashed: a version stamp (SEQUENCE, LAST-MODIFIED) whose change counts as a change. */
  version: string;
  meeting: MeetingRecord;
}

/**
 * One page of a stream: its records and the state to store once they are written, in the same transaction.
 * The last page says so; when it carries `window`, the page set was the stream's whole content inside that window,
 * so records the store has inside it that no page named are gone from the source (deleted).
 */
export interface ConnectorPage {
  records: SourceRecord[];
  checkpoint: Record<string, unknown>;
  last: boolean;
  /** The source said nothing changed since `state` (HTTP 304): nothing was read. */
  notModified?: boolean;
  window?: { from: Date; to: Date };
  /** Lines for the run's log (no secrets). */
  log?: string[];
}

/** A failure the run reports as its reason: what an operator can act on (HTTP status, DNS, refused URL, not iCalendar). */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';

  constructor(
    message: string,
    /** Whether trying again later could go differently (timeouts, 5xx, 429). */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/**
 * A kind of source. `check` tests the connection (throws ConnectorError), `read` yields a stream's pages from the
 * stored state, each with the next checkpoint. CalDAV, Google, Graph, GitHub and Jira are to be added as further
 * implementations registered in ConnectorRegistry.
 */
export interface Connector {
  readonly kind: string;
  /** The streams it offers and the directions each may take. */
  readonly streams: Record<string, readonly ('pull' | 'push' | 'both')[]>;
  /** Problems with settings or credentials, as `field: message` lines (empty when valid). */
  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[];
  /** URLs the source calls, vetted against the SSRF guard on save. */
  urls(settings: Record<string, unknown>): string[];
  check(context: ConnectorContext): Promise<void>;
  read(context: ConnectorContext, stream: string, state: Record<string, unknown> | null): AsyncIterable<ConnectorPage>;
}
