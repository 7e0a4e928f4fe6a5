import { Injectable } from '@nestjs/common';
import type { OutboundResponse } from '@quorum/platform';
import {
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type MeetingFields,
  type PushRequest,
  type PushResult,
  type RemoteRecord,
} from '../connector';
import { type GraphEvent, GraphDataError, QUORUM_ID_PROPERTY, toGraphEvent, toMeetingRecord } from './graph-events';
import { type GraphSettings, graphSettings, validateGraphSource } from './graph-settings';
import { graphToken } from './graph-token';

const DAY = 86_400_000;
/** The largest page read (Graph's pages are at most `pageSize` events). */
const GRAPH_MAX_PAGE_BYTES = 8 * 1024 * 1024;
/** Pages read in one run; a longer change list continues in the next run from the stored nextLink. */
export const GRAPH_MAX_PAGES_PER_RUN = 500;
/** How far the rolling window may lag behind today before the delta is restarted over the current window. */
const WINDOW_SLACK_MS = 7 * DAY;

/**
 * The `events` stream's state. After a complete pass: the deltaLink (the next run's start) and the window it covers
 * (a calendarView delta keeps the window of its first request). While paging: the nextLink, so a run stopped after a
 * page resumes with the next one.
 */
type GraphState = {
  deltaLink?: string;
  nextLink?: string;
  window?: { from: string; to: string };
};

interface DeltaPage {
  value?: GraphEvent[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * A Microsoft 365 / Outlook calendar through Microsoft Graph v1.0 as the `events` stream: `calendarView/delta` over
 * [now − windowPastDays, now + windowDays], paged by `@odata.nextLink`, resumed by `@odata.deltaLink` (`@removed`
 * entries are deletions, a 410 Gone restarts a full read). Pushes create and update events (with `If-Match`) carrying
 * Quorum's id in a single-value extended property. Settings: `baseUrl`, `userId`, `windowPastDays`, `windowDays`,
 * `pageSize`, `authorityUrl`. Credentials: `accessToken`, or `tenantId`, `clientId` and `clientSecret`.
 */
@Injectable()
export class GraphCalendarConnector implements Connector {
  readonly kind = 'microsoft_calendar';
  readonly streams = {
    events: {
      entity: 'meeting',
      directions: ['pull', 'push', 'both'],
      remoteOwns: ['title', 'scheduledStartAt', 'scheduledEndAt', 'participants', 'cancelled'],
    },
  } as const;

  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
    return validateGraphSource(settings, credentials);
  }

  urls(settings: Record<string, unknown>): string[] {
    // The sign-in authority is called only with client credentials; its default is vetted when a run uses it.
    const { baseUrl, authorityUrl } = graphSettings(settings);
    return settings.authorityUrl === undefined ? [baseUrl] : [baseUrl, authorityUrl];
  }

  async check(context: ConnectorContext): Promise<void> {
    const settings = graphSettings(context.settings);
    const response = await this.call(context, settings, `${this.mailbox(settings)}/calendar?$select=id,name`);
    if (response.status !== 200) throw this.failure(context, response, 'the calendar');
  }

  async *read(context: ConnectorContext, stream: string, stored: Record<string, unknown> | null): AsyncIterable<ConnectorPage> {
    this.stream(stream);
    const settings = graphSettings(context.settings);
    const state = (stored ?? {}) as GraphState;
    const desired = this.window(settings);
    const log: string[] = [];
    let window = state.window ? { from: new Date(state.window.from), to: new Date(state.window.to) } : desired;
    let url: string;
    // Whether this run reads the window's whole content from the start (then its last page names the window).
    let full = false;
    if (state.nextLink && state.window && this.onBase(state.nextLink, settings)) {
      url = state.nextLink;
      log.push('resuming the change list where the last run stopped');
    } else if (state.deltaLink && state.window && this.onBase(state.deltaLink, settings) && !this.lagging(window, desired)) {
      url = state.deltaLink;
    } else {
      if (state.deltaLink || state.nextLink) log.push('the calendar window moved or the base URL changed: reading the window again');
      window = desired;
      url = this.start(settings, desired);
      full = true;
    }
    let reset = false;
    let restarted = false;
    for (let page = 1; ; page++) {
      const response = await this.call(context, settings, url);
      if (response.status === 410 && !full && !restarted) {
        // The delta or skip token expired (syncStateNotFound, resyncRequired): start over with a full read.
        log.push(`Graph refused the stored change token (HTTP 410${graphCode(response)}): reading the whole window again`);
        window = desired;
        url = this.start(settings, desired);
        full = reset = restarted = true;
        page = 0;
        continue;
      }
      if (response.status !== 200) throw this.failure(context, response, 'the calendar view');
      const body = parseJson<DeltaPage>(response, 'a calendar view page');
      const records = (Array.isArray(body.value) ? body.value : []).map(record);
      const next = body['@odata.nextLink'];
      const delta = body['@odata.deltaLink'];
      if (page === 1) log.push(full ? 'reading the whole calendar window' : 'reading the changes since the last run');
      const head: Pick<ConnectorPage, 'log' | 'reset'> = page === 1 ? { log: [...log], ...(reset ? { reset: true } : {}) } : {};
      if (typeof next === 'string') {
        this.follow(next, settings);
        const stop = page >= GRAPH_MAX_PAGES_PER_RUN;
        const checkpoint: GraphState = { nextLink: next, window: iso(window) };
        if (stop) {
          yield {
            records,
            checkpoint,
            last: true,
            ...head,
            log: [...(head.log ?? []), `stopped after ${page} pages; the next run continues`],
          };
          return;
        }
        yield { records, checkpoint, last: false, ...head };
        url = next;
        continue;
      }
      if (typeof delta !== 'string') throw new ConnectorError('a calendar view page had neither @odata.nextLink nor @odata.deltaLink');
      this.follow(delta, settings);
      const notModified = !full && page === 1 && records.length === 0;
      yield {
        records,
        checkpoint: { deltaLink: delta, window: iso(window) } satisfies GraphState,
        last: true,
        ...head,
        ...(full ? { window } : {}),
        ...(notModified ? { notModified: true } : {}),
      };
      return;
    }
  }

  async push(context: ConnectorContext, stream: string, request: PushRequest): Promise<PushResult> {
    this.stream(stream);
    const settings = graphSettings(context.settings);
    let body: string;
    try {
      body = JSON.stringify(toGraphEvent(request.fields as MeetingFields, request.localId));
    } catch (error) {
      if (error instanceof GraphDataError) throw new ConnectorError(`the meeting cannot be written: ${error.message}`);
      throw error;
    }
    const events = `${this.mailbox(settings)}/events`;
    const response = request.externalId
      ? await this.call(context, settings, `${events}/${encodeURIComponent(request.externalId)}`, {
          method: 'PATCH',
          body,
          ...(request.version ? { ifMatch: request.version } : {}),
        })
      : await this.call(context, settings, events, { method: 'POST', body });
    if (response.status === 412)
      throw new ConnectorError('the event changed on the calendar since Quorum last read it (HTTP 412); the next pull brings the change');
    if (response.status === 404 && request.externalId) throw new ConnectorError('the event no longer exists on the calendar (HTTP 404)');
    if (response.status !== 200 && response.status !== 201) throw this.failure(context, response, 'writing the event');
    return result(record(parseJson<GraphEvent>(response, 'the written event')));
  }

  async findPushed(context: ConnectorContext, stream: string, localId: string): Promise<PushResult | null> {
    this.stream(stream);
    const settings = graphSettings(context.settings);
    const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
    const query = new URLSearchParams({
      $filter: `singleValueExtendedProperties/Any(ep: ep/id eq ${quoted(QUORUM_ID_PROPERTY)} and ep/value eq ${quoted(localId)})`,
      $expand: `singleValueExtendedProperties($filter=id eq ${quoted(QUORUM_ID_PROPERTY)})`,
      $top: '2',
    });
    const response = await this.call(context, settings, `${this.mailbox(settings)}/events?${query.toString().replace(/\+/g, '%20')}`);
    if (response.status !== 200) throw this.failure(context, response, 'the search for a pushed event');
    const found = parseJson<{ value?: GraphEvent[] }>(response, 'the event search').value ?? [];
    return found.length ? result(record(found[0])) : null;
  }

  private stream(stream: string): void {
    if (stream !== 'events') throw new ConnectorError(`a microsoft_calendar source has no stream ${stream}`);
  }

  private mailbox(settings: GraphSettings): string {
    return `${settings.baseUrl}/${settings.userId ? `users/${encodeURIComponent(settings.userId)}` : 'me'}`;
  }

  private start(settings: GraphSettings, window: { from: Date; to: Date }): string {
    const query = new URLSearchParams({ startDateTime: window.from.toISOString(), endDateTime: window.to.toISOString() });
    return `${this.mailbox(settings)}/calendarView/delta?${query.toString()}`;
  }

  private window(settings: GraphSettings): { from: Date; to: Date } {
    // Whole days, so that runs on the same day ask for the same window.
    const today = Math.floor(Date.now() / DAY) * DAY;
    return { from: new Date(today - settings.windowPastDays * DAY), to: new Date(today + (settings.windowDays + 1) * DAY) };
  }

  private lagging(stored: { from: Date; to: Date }, desired: { from: Date; to: Date }): boolean {
    if (Number.isNaN(stored.from.getTime()) || Number.isNaN(stored.to.getTime())) return true;
    return (
      Math.abs(desired.from.getTime() - stored.from.getTime()) > WINDOW_SLACK_MS ||
      Math.abs(desired.to.getTime() - stored.to.getTime()) > WINDOW_SLACK_MS
    );
  }

  /** Whether a link Graph gave is under the configured base URL (same origin, same path prefix). */
  private onBase(link: string, settings: GraphSettings): boolean {
    try {
      const url = new URL(link);
      const base = new URL(settings.baseUrl);
      return (
        url.origin === base.origin && (url.pathname === base.pathname || url.pathname.startsWith(`${base.pathname.replace(/\/$/, '')}/`))
      );
    } catch {
      return false;
    }
  }

  /** The access token goes only to the configured Graph: a link elsewhere is refused, not followed. */
  private follow(link: string, settings: GraphSettings): void {
    if (!this.onBase(link, settings))
      throw new ConnectorError(`Graph answered with a paging link outside the configured baseUrl (${originOf(link)})`);
  }

  private async call(
    context: ConnectorContext,
    settings: GraphSettings,
    url: string,
    init: { method?: string; body?: string; ifMatch?: string } = {},
  ): Promise<OutboundResponse> {
    const token = await graphToken(context, settings);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      prefer: `outlook.timezone="UTC", outlook.body-content-type="text", odata.maxpagesize=${settings.pageSize}`,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.ifMatch) headers['if-match'] = init.ifMatch;
    return context.http.request(url, { method: init.method ?? 'GET', headers, body: init.body, maxResponseBytes: GRAPH_MAX_PAGE_BYTES });
  }

  /** An answer the connector cannot use, as the reason an operator reads (Graph's error code and message, no secrets). */
  private failure(context: ConnectorContext, response: OutboundResponse, what: string): ConnectorError {
    let detail = '';
    try {
      const error = (JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } }).error;
      const code = typeof error?.code === 'string' ? error.code.slice(0, 80) : '';
      const message = typeof error?.message === 'string' ? error.message.slice(0, 200) : '';
      detail = [code, message].filter(Boolean).join(': ');
    } catch {
      // Not Graph's error JSON: the status says enough.
    }
    for (const secret of Object.values(context.credentials ?? {})) if (secret) detail = detail.split(secret).join('***');
    const hint =
      response.status === 401
        ? '; check the credentials (the access token may have expired)'
        : response.status === 403
          ? '; check the credentials: the account or application needs the Calendars.ReadWrite permission'
          : response.status === 404
            ? '; the user or their calendar does not exist'
            : '';
    const status = `${what} answered HTTP ${response.status}${detail ? ` (${detail})` : ''}${hint}`;
    return new ConnectorError(status, response.status === 429 || response.status >= 500);
  }
}

function record(event: GraphEvent): RemoteRecord<MeetingFields> {
  try {
    return toMeetingRecord(event);
  } catch (error) {
    if (error instanceof GraphDataError) throw new ConnectorError(`Graph answered an event Quorum cannot read: ${error.message}`);
    throw error;
  }
}

function result(r: RemoteRecord<MeetingFields>): PushResult {
  return { externalId: r.externalId, version: r.version, fields: r.fields, occursAt: r.occursAt ?? null };
}

function parseJson<T>(response: OutboundResponse, what: string): T {
  try {
    const value = JSON.parse(response.body) as unknown;
    if (value && typeof value === 'object') return value as T;
  } catch {
    // Reported below.
  }
  throw new ConnectorError(`${what} was not JSON`);
}

function graphCode(response: OutboundResponse): string {
  try {
    const code = (JSON.parse(response.body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? `, ${code.slice(0, 60)}` : '';
  } catch {
    return '';
  }
}

function iso(window: { from: Date; to: Date }): { from: string; to: string } {
  return { from: window.from.toISOString(), to: window.to.toISOString() };
}

function originOf(link: string): string {
  try {
    return new URL(link).origin;
  } catch {
    return 'an unreadable URL';
  }
}
