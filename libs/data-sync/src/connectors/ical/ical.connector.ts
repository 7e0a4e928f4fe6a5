import { Injectable } from '@nestjs/common';
import { OutboundHttp, OutboundRefusedError, type OutboundResponse } from '@quorum/platform';
import { type Connector, type ConnectorContext, ConnectorError, type ConnectorPage, type SourceRecord } from '../connector';
import { type CalendarOccurrence, NotICalendarError, readCalendar } from './ical-events';

/** Events written per transaction (with their checkpoint). */
export const ICAL_PAGE_SIZE = 200;
/** One fetch of the feed, redirects included. */
export const ICAL_TIMEOUT_MS = 15_000;
/** The largest feed read. */
export const ICAL_MAX_BYTES = 20 * 1024 * 1024;
/** Attempts at a fetch within one run, for network errors, timeouts, 429 and 5xx, waiting 250 ms then 1 s. */
export const ICAL_ATTEMPTS = 3;
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
  readonly streams = { events: ['pull'] as const };

  constructor(private readonly outbound: OutboundHttp) {}

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

  /** GETs the feed, conditionally, retrying what may pass; throws ConnectorError with the reason. */
  private async fetch(context: ConnectorContext, state: ICalState): Promise<OutboundResponse> {
    const url = String(context.settings.url);
    const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5', 'user-agent': 'Quorum-DataSync/1' };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    const credentials = context.credentials;
    if (credentials?.token) headers.authorization = `Bearer ${credentials.token}`;
    else if (credentials?.username !== undefined)
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${(credentials.password as string | undefined) ?? ''}`).toString('base64')}`;

    let reason = '';
    for (let attempt = 1; attempt <= ICAL_ATTEMPTS; attempt++) {
      if (attempt > 1) await delay(attempt === 2 ? 250 : 1000, context.signal);
      let response: OutboundResponse;
      try {
        response = await this.outbound.request(url, {
          headers,
          timeoutMs: ICAL_TIMEOUT_MS,
          maxResponseBytes: ICAL_MAX_BYTES,
          signal: context.signal,
        });
      } catch (error) {
        if (error instanceof OutboundRefusedError) throw new ConnectorError(`the URL is refused: ${error.reason}`);
        context.signal.throwIfAborted();
        reason = `the feed could not be fetched: ${describe(error as NodeJS.ErrnoException)}`;
        continue;
      }
      if (response.status === 200 || response.status === 304) return response;
      reason = `the feed answered HTTP ${response.status}`;
      if (response.status === 401 || response.status === 403) throw new ConnectorError(`${reason} (check the credentials)`);
      if (response.status !== 408 && response.status !== 429 && response.status < 500) throw new ConnectorError(reason);
    }
    throw new ConnectorError(`${reason} (after ${ICAL_ATTEMPTS} attempts)`, true);
  }
}

function toRecord(o: CalendarOccurrence): SourceRecord {
  return {
    externalId: o.externalId,
    occursAt: o.start,
    version: `${o.sequence}|${o.lastModified ?? ''}`,
    meeting: {
      title: o.title,
      description: o.description,
      scheduledStartAt: o.start,
      scheduledEndAt: o.end,
      participants: o.participants,
      cancelled: o.cancelled,
    },
  };
}

function header(response: OutboundResponse, name: string): string | null {
  const value = response.headers[name];
  return typeof value === 'string' ? value : null;
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `DNS lookup failed (${error.code})`;
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.message === 'timed out') return `no answer within ${ICAL_TIMEOUT_MS / 1000} s`;
  return error.code ? `${error.code}` : error.message;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
  });
}
