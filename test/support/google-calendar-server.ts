import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An event as the server keeps it (Calendar v3 resource fields), plus when it last changed. */
export interface StoredEvent {
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  description?: string;
  location?: string;
  start?: { dateTime?: string; date?: string; timeZone?: string };
  end?: { dateTime?: string; date?: string; timeZone?: string };
  attendees?: { email: string; displayName?: string; responseStatus?: string }[];
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  /** Deleted (not just cancelled): Google then answers with the id, status and etag only. */
  deleted?: boolean;
  etag: string;
  updated: string;
  created: string;
  /** The change counter when it last changed: what a sync token compares against. */
  seq: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

interface Listing {
  items: StoredEvent[];
  offset: number;
  /** The change counter when the listing began: its next sync token. */
  seq: number;
  key: string;
}

const NOT_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];
const WRITABLE = ['summary', 'description', 'location', 'start', 'end', 'attendees', 'status', 'extendedProperties'] as const;

/**
 * A local Google Calendar API v3 (the events subset a sync uses), on 127.0.0.1: events.list with maxResults paging
 * (nextPageToken), nextSyncToken on the last page and incremental lists from a syncToken (deleted events always
 * included; timeMin/timeMax/privateExtendedProperty refused with one, as Google does), 410 fullSyncRequired for an
 * unknown or expired token, showDeleted, timeMin/timeMax, privateExtendedProperty; events.get, insert, patch
 * (If-Match → 412) and update; bearer tokens (401 in Google's error shape); a one-shot failure with Retry-After.
 * State is in memory; tests read and change it (`events`, `put`, `remove`, `expireSyncTokens`, `failNext`).
 */
export class GoogleCalendarServer {
  readonly requests: RecordedRequest[] = [];
  /** calendarId → events by id. */
  readonly calendars = new Map<string, Map<string, StoredEvent>>();
  /** Bearer tokens accepted. */
  readonly tokens = new Set<string>();
  /** OAuth clients (id → secret) and the refresh tokens the token endpoint (`POST /token`) accepts. */
  readonly oauthClients = new Map<string, string>();
  readonly refreshTokens = new Set<string>();
  private server: Server | null = null;
  private seq = 1;
  private readonly syncTokens = new Map<string, number>();
  private readonly listings = new Map<string, Listing>();
  private failures: { status: number; retryAfter?: string; times: number }[] = [];

  constructor(options: { token: string; calendars?: string[] }) {
    this.tokens.add(options.token);
    for (const id of options.calendars ?? ['primary']) this.calendars.set(id, new Map());
  }

  get rootUrl(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the server is not started');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The events of a calendar (default `primary`). */
  events(calendarId = 'primary'): Map<string, StoredEvent> {
    const events = this.calendars.get(calendarId);
    if (!events) throw new Error(`no calendar ${calendarId}`);
    return events;
  }

  /** Creates or changes an event as someone on Google would: a new etag and `updated`, seen by the next sync. */
  put(fields: Partial<StoredEvent> & { id: string }, calendarId = 'primary'): StoredEvent {
    const events = this.events(calendarId);
    const before = events.get(fields.id);
    const now = new Date().toISOString();
    const seq = this.seq++;
    const event: StoredEvent = {
      status: 'confirmed',
      ...before,
      ...fields,
      etag: `"${Date.now()}${String(seq).padStart(6, '0')}"`,
      updated: now,
      created: before?.created ?? now,
      seq,
    };
    events.set(event.id, event);
    return event;
  }

  /** Deletes an event as Google does: it stays, as `cancelled`, for sync tokens and showDeleted. */
  remove(id: string, calendarId = 'primary'): void {
    if (!this.events(calendarId).has(id)) throw new Error(`no event ${id}`);
    this.put({ id, status: 'cancelled', deleted: true }, calendarId);
  }

  /** Every sync token (and page token) issued so far becomes unknown: the next incremental list answers 410. */
  expireSyncTokens(): void {
    this.syncTokens.clear();
    this.listings.clear();
  }

  /** The next `times` requests answer `status` (e.g. 429 or 503), with Retry-After when given. */
  failNext(status: number, retryAfter?: string, times = 1): void {
    this.failures.push({ status, retryAfter, times });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      status: 0,
    };
    this.requests.push(recorded);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      recorded.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
      res.end(JSON.stringify(payload));
    };
    try {
      const failure = this.failures.at(0);
      if (failure) {
        if (--failure.times <= 0) this.failures.shift();
        const reason = failure.status === 429 ? 'rateLimitExceeded' : 'backendError';
        return send(
          failure.status,
          googleError(failure.status, reason, 'Try again later'),
          failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
        );
      }
      if (url.pathname === '/token' && req.method === 'POST') return this.token(body, send);
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !this.tokens.has(auth.slice(7)))
        return send(401, {
          error: {
            code: 401,
            message:
              'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
            errors: [
              { message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' },
            ],
            status: 'UNAUTHENTICATED',
          },
        });
      const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(url.pathname);
      if (!match) return send(404, googleError(404, 'notFound', 'Not Found'));
      const calendar = this.calendars.get(decodeURIComponent(match[1]));
      if (!calendar) return send(404, googleError(404, 'notFound', 'Not Found'));
      const calendarId = decodeURIComponent(match[1]);
      const eventId = match[2] ? decodeURIComponent(match[2]) : null;
      const method = req.method ?? 'GET';
      if (!eventId && method === 'GET') return this.list(calendar, url.searchParams, send);
      if (!eventId && method === 'POST') return this.insert(calendarId, body, send);
      if (!eventId) return send(405, googleError(405, 'httpMethodNotAllowed', 'Method Not Allowed'));
      const event = calendar.get(eventId);
      if (!event) return send(404, googleError(404, 'notFound', 'Not Found'));
      if (method === 'GET') return send(200, resource(event));
      if (method === 'PATCH' || method === 'PUT') {
        const ifMatch = req.headers['if-match'];
        if (ifMatch && ifMatch !== event.etag) return send(412, googleError(412, 'conditionNotMet', 'Precondition Failed'));
        return this.write(calendarId, event, body, method === 'PATCH', send);
      }
      return send(405, googleError(405, 'httpMethodNotAllowed', 'Method Not Allowed'));
    } catch (error) {
      send(500, googleError(500, 'backendError', (error as Error).message));
    }
  }

  /** Google's OAuth 2.0 token endpoint, the refresh grant only: a new access token the calendar routes accept. */
  private token(body: string, send: (status: number, payload: unknown) => void): void {
    const form = new URLSearchParams(body);
    const clientId = form.get('client_id') ?? '';
    if (!this.oauthClients.has(clientId) || this.oauthClients.get(clientId) !== form.get('client_secret'))
      return send(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (form.get('grant_type') !== 'refresh_token')
      return send(400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
    if (!this.refreshTokens.has(form.get('refresh_token') ?? ''))
      return send(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    const accessToken = `ya29.refreshed-${randomBytes(16).toString('hex')}`;
    this.tokens.add(accessToken);
    send(200, {
      access_token: accessToken,
      expires_in: 3599,
      scope: 'https://www.googleapis.com/auth/calendar.events',
      token_type: 'Bearer',
    });
  }

  private list(calendar: Map<string, StoredEvent>, query: URLSearchParams, send: (status: number, payload: unknown) => void): void {
    const syncToken = query.get('syncToken');
    if (syncToken) {
      const refused = NOT_WITH_SYNC_TOKEN.find((name) => query.has(name));
      if (refused) return send(400, googleError(400, 'invalid', `${refused} is not allowed with syncToken`));
    }
    const maxResults = Math.min(2500, Number(query.get('maxResults') ?? 250));
    if (!Number.isInteger(maxResults) || maxResults < 1) return send(400, googleError(400, 'invalid', 'Invalid maxResults'));
    const key = [...query.entries()]
      .filter(([name]) => name !== 'pageToken')
      .map(([name, value]) => `${name}=${value}`)
      .sort()
      .join('&');
    const pageToken = query.get('pageToken');
    let listing: Listing;
    if (pageToken) {
      const found = this.listings.get(pageToken);
      if (!found) return send(410, googleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.'));
      if (found.key !== key) return send(400, googleError(400, 'invalid', 'The page token does not match the request'));
      this.listings.delete(pageToken);
      listing = found;
    } else {
      let since: number | null = null;
      if (syncToken) {
        const known = this.syncTokens.get(syncToken);
        if (known === undefined)
          return send(410, googleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.'));
        since = known;
      }
      const showDeleted = query.get('showDeleted') === 'true';
      const timeMin = query.get('timeMin') ? Date.parse(query.get('timeMin')!) : null;
      const timeMax = query.get('timeMax') ? Date.parse(query.get('timeMax')!) : null;
      const properties = query.getAll('privateExtendedProperty').map((p) => p.split('=') as [string, string]);
      const items = [...calendar.values()]
        .filter((e) => (since === null ? showDeleted || e.status !== 'cancelled' : e.seq >= since))
        // A deleted event has no times left: Google keeps it in a full list only by what it was.
        .filter((e) => timeMin === null || e.deleted || timeOf(e.end) > timeMin)
        .filter((e) => timeMax === null || e.deleted || timeOf(e.start) < timeMax)
        .filter((e) => properties.every(([k, v]) => e.extendedProperties?.private?.[k] === v))
        .sort((a, b) => a.seq - b.seq)
        .map((e) => ({ ...e }));
      listing = { items, offset: 0, seq: this.seq, key };
    }
    const items = listing.items.slice(listing.offset, listing.offset + maxResults);
    const offset = listing.offset + items.length;
    const payload: Record<string, unknown> = {
      kind: 'calendar#events',
      etag: `"${listing.seq}"`,
      summary: 'Test calendar',
      updated: new Date().toISOString(),
      timeZone: 'UTC',
      accessRole: 'owner',
      items: items.map(resource),
    };
    if (offset < listing.items.length) {
      const next = `page-${randomBytes(12).toString('hex')}`;
      this.listings.set(next, { ...listing, offset });
      payload.nextPageToken = next;
    } else {
      const next = `sync-${randomBytes(12).toString('hex')}`;
      this.syncTokens.set(next, listing.seq);
      payload.nextSyncToken = next;
    }
    send(200, payload);
  }

  private insert(calendarId: string, body: string, send: (status: number, payload: unknown) => void): void {
    const input = JSON.parse(body || '{}') as Partial<StoredEvent>;
    if (!input.start || !input.end) return send(400, googleError(400, 'required', 'Missing end time.'));
    const id = input.id ?? randomBytes(13).toString('hex');
    if (this.events(calendarId).has(id)) return send(409, googleError(409, 'duplicate', 'The requested identifier already exists.'));
    const fields: Partial<StoredEvent> & { id: string } = { id };
    for (const name of WRITABLE) if (input[name] !== undefined) (fields as Record<string, unknown>)[name] = input[name];
    send(200, resource(this.put({ ...fields, attendees: withStatus(fields.attendees) }, calendarId)));
  }

  private write(
    calendarId: string,
    event: StoredEvent,
    body: string,
    patch: boolean,
    send: (status: number, payload: unknown) => void,
  ): void {
    const input = JSON.parse(body || '{}') as Partial<StoredEvent>;
    const fields: Partial<StoredEvent> & { id: string } = { id: event.id };
    if (!patch) {
      if (!input.start || !input.end) return send(400, googleError(400, 'required', 'Missing end time.'));
      for (const name of WRITABLE) (fields as Record<string, unknown>)[name] = input[name];
    } else
      for (const name of WRITABLE)
        if (input[name] !== undefined)
          // A patch merges objects (extended properties keep the keys it does not name) and replaces arrays.
          (fields as Record<string, unknown>)[name] =
            name === 'extendedProperties'
              ? {
                  private: { ...event.extendedProperties?.private, ...input.extendedProperties?.private },
                  shared: { ...event.extendedProperties?.shared, ...input.extendedProperties?.shared },
                }
              : input[name];
    if (fields.attendees) fields.attendees = withStatus(fields.attendees);
    if (fields.description === '') fields.description = undefined;
    send(200, resource(this.put({ ...fields, deleted: false }, calendarId)));
  }
}

/** The event as the API shows it: a deleted one has only its id, status and etag left. */
function resource(event: StoredEvent): Record<string, unknown> {
  if (event.deleted) return { kind: 'calendar#event', etag: event.etag, id: event.id, status: 'cancelled' };
  const { seq: _seq, deleted: _deleted, ...rest } = event;
  const out: Record<string, unknown> = {
    kind: 'calendar#event',
    ...rest,
    htmlLink: `https://calendar.example/event?eid=${event.id}`,
    iCalUID: `${event.id}@google.com`,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

function withStatus(attendees: StoredEvent['attendees']): StoredEvent['attendees'] {
  return attendees?.map((a) => ({ ...a, responseStatus: a.responseStatus ?? 'needsAction' }));
}

function timeOf(time: StoredEvent['start']): number {
  if (time?.dateTime) return Date.parse(time.dateTime);
  if (time?.date) return Date.parse(`${time.date}T00:00:00Z`);
  return Number.NaN;
}

function googleError(code: number, reason: string, message: string): unknown {
  return { error: { code, message, errors: [{ domain: 'global', reason, message }] } };
}
