import { Injectable } from '@nestjs/common';
import type { OutboundResponse } from '@quorum/platform';
import {
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type MeetingFields,
  type RemoteRecord,
} from '../connector';
import { type CalendarOccurrence, NotICalendarError, readCalendar } from './ical-events';

/** Events written per transaction (with their checkpoint). */
export const ICAL_PAGE_SIZE = 200;
/** One fetch of the feed, redirects included. */
export const ICAL_TIMEOUT_MS = 15_000;
/** The largest feed read. */
export const ICAL_MAX_BYTES = 20 * 1024 * 1024;
const DAY = 86_400_000;

/** The feed's validators, kept as the `events` stream's state. */
interface ICalState {
  etag?: string | null;
  lastModified?: string | null;
}

/**
 * An iCalendar feed (`.ics` URL) as the `events` stream: fetched with a conditional GET (ETag / Last-Modified, a 304
 * reads nothing), parsed with ical.js, recurring events expanded over [now − windowPastDays, now + windowDays].
 * Settings: `url`, `windowDays` (default 90), `windowPastDays` (default 30). Credentials: `username` and `password`
 * (basic), or `token` (bearer).
 */
@Injectable()
export class ICalConnector implements Connector {
  readonly kind = 'ical';
  readonly streams = {
    events: {
      entity: 'meeting',
      directions: ['pull'],
      remoteOwns: ['title', 'scheduledStartAt', 'scheduledEndAt', 'participants', 'cancelled'],
    },
  } as const;

  validate(settings: Record<string, unknown>, credentials: Record<string, string> | null): string[] {
    const problems: string[] = [];
    const known = new Set(['url', 'windowDays', 'windowPastDays']);
    for (const key of Object.keys(settings)) if (!known.has(key)) problems.push(`settings.${key}: is not a setting of an ical source`);
    if (typeof settings.url !== 'string' || !/^https?:\/\//i.test(settings.url) || settings.url.length > 2048)
      problems.push('settings.url: must be an http(s) URL of at most 2048 characters');
    for (const [key, max] of [
      ['windowDays', 730],
      ['windowPastDays', 365],
    ] as const) {
      const value = settings[key];
      if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max))
        problems.push(`settings.${key}: must be a whole number from 0 to ${max}`);
    }
    if (credentials) {
      const keys = Object.keys(credentials).sort().join(',');
      if (keys !== 'password,username' && keys !== 'token' && keys !== 'username')
        problems.push('credentials: give username and password (basic authentication), or token (bearer)');
      for (const [key, value] of Object.entries(credentials))
        if (typeof value !== 'string' || value.length > 1000)
          problems.push(`credentials.${key}: must be a string of at most 1000 characters`);
    }
    return problems;
  }

  urls(settings: Record<string, unknown>): string[] {
    return typeof settings.url === 'string' ? [settings.url] : [];
  }

  async check(context: ConnectorContext): Promise<void> {
    const response = await this.fetch(context, {});
    if (response.status === 304) return;
    try {
      readCalendar(response.body, this.window(context.settings));
    } catch (error) {
      if (error instanceof NotICalendarError) throw new ConnectorError(error.message);
      throw error;
    }
  }

  async *read(context: ConnectorContext, stream: string, stored: Record<string, unknown> | null): AsyncIterable<ConnectorPage> {
    if (stream !== 'events') throw new ConnectorError(`an ical source has no stream ${stream}`);
    const state = (stored ?? {}) as ICalState;
    const response = await this.fetch(context, state);
    if (response.status === 304) {
      yield { records: [], checkpoint: { ...state }, last: true, notModified: true, log: ['the feed answered 304 Not Modified'] };
      return;
    }
    const window = this.window(context.settings);
    let occurrences: CalendarOccurrence[];
    try {
      occurrences = readCalendar(response.body, window);
    } catch (error) {
      if (error instanceof NotICalendarError) throw new ConnectorError(error.message);
      throw error;
    }
    const next: ICalState = { etag: header(response, 'etag'), lastModified: header(response, 'last-modified') };
    const log = [`fetched ${response.body.length} bytes, ${occurrences.length} events in the window`];
    const pages = Math.max(1, Math.ceil(occurrences.length / ICAL_PAGE_SIZE));
    for (let page = 0; page < pages; page++) {
      const last = page === pages - 1;
      const records = occurrences.slice(page * ICAL_PAGE_SIZE, (page + 1) * ICAL_PAGE_SIZE).map(toRecord);
      // The validators advance with the last page only: a run stopped before it fetches the whole feed again next time.
      const checkpoint = last ? { ...next } : { ...state, pending: { ...next, pagesDone: page + 1 } };
      yield { records, checkpoint, last, ...(last ? { window } : {}), ...(page === 0 ? { log } : {}) };
    }
  }

  private window(settings: Record<string, unknown>): { from: Date; to: Date } {
    const ahead = typeof settings.windowDays === 'number' ? settings.windowDays : 90;
    const back = typeof settings.windowPastDays === 'number' ? settings.windowPastDays : 30;
    const now = Date.now();
    return { from: new Date(now - back * DAY), to: new Date(now + ahead * DAY) };
  }

  /** GETs the feed, conditionally (the source's client retries what may pass); throws ConnectorError with the reason. */
  private async fetch(context: ConnectorContext, state: ICalState): Promise<OutboundResponse> {
    const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    const credentials = context.credentials;
    if (credentials?.token) headers.authorization = `Bearer ${credentials.token}`;
    else if (credentials?.username !== undefined)
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${(credentials.password as string | undefined) ?? ''}`).toString('base64')}`;
    const response = await context.http.request(String(context.settings.url), {
      headers,
      timeoutMs: ICAL_TIMEOUT_MS,
      maxResponseBytes: ICAL_MAX_BYTES,
    });
    if (response.status === 200 || response.status === 304) return response;
    const reason = `the feed answered HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403) throw new ConnectorError(`${reason} (check the credentials)`);
    throw new ConnectorError(reason);
  }
}

function toRecord(o: CalendarOccurrence): RemoteRecord<MeetingFields> {
  return {
    externalId: o.externalId,
    occursAt: o.start,
    version: `${o.sequence}|${o.lastModified ?? ''}`,
    updatedAt: o.lastModified ? new Date(o.lastModified) : null,
    fields: {
      title: o.title,
      description: o.description,
      scheduledStartAt: o.start.toISOString(),
      scheduledEndAt: o.end?.toISOString() ?? null,
      participants: o.participants,
      cancelled: o.cancelled,
    },
  };
}

function header(response: OutboundResponse, name: string): string | null {
  const value = response.headers[name];
  return typeof value === 'string' ? value : null;
}
