import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An event as the fake mailbox keeps it (instants in UTC; the body as plain text). */
export interface GraphServerEvent {
  id: string;
  subject: string;
  body: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  isCancelled: boolean;
  attendees: { name: string; address: string }[];
  changeKey: string;
  created: Date;
  lastModified: Date;
  /** Single-value extended properties by id (as the client spelled it). */
  extended: Map<string, string>;
  /** The change counter when it last changed: what a delta token compares. */
  seq: number;
  /** Deleted: kept as a tombstone so a delta can report `@removed`. */
  removed?: boolean;
}

export interface GraphServerRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  status: number;
}

interface Snapshot {
  items: { id: string; removed: boolean }[];
  offset: number;
  /** The change counter when the pass began: the delta token the last page hands out. */
  seq: number;
  window: { from: Date; to: Date };
  mailbox: string;
}

/**
 * A Microsoft Graph v1.0 calendar subset on 127.0.0.1 for tests: bearer tokens (401 with Graph's error JSON),
 * `calendarView/delta` paged with opaque `$skiptoken` nextLinks and ending in a `$deltatoken` deltaLink, `@removed`
 * entries for deleted events, 410 Gone for an unknown delta token, `/events` CRUD with ETags (`W/"changeKey"`, 412 on
 * a stale If-Match), the single-value extended property `$filter`/`$expand`, `Prefer` (maxpagesize, outlook.timezone,
 * outlook.body-content-type), one mailbox at `/me` and `/users/{userId}`, and the client credentials token endpoint
 * at `/{tenant}/oauth2/v2.0/token`. Tests read and change `events`, expire delta tokens and ask for a 429 once.
 */
export class GraphServer {
  readonly events = new Map<string, GraphServerEvent>();
  readonly requests: GraphServerRequest[] = [];
  /** Bearer tokens accepted; a test removes one to make it invalid. */
  readonly tokens = new Set<string>();
  /** The default page size when the client sends no `Prefer: odata.maxpagesize` (Graph's calendar default is 10). */
  defaultPageSize = 10;
  /** Where paging links point (a test sets another origin to check that the client refuses to follow it). */
  linkBase: string | null = null;
  private server: Server | null = null;
  private seq = 0;
  private readonly deltaTokens = new Map<string, { seq: number; window: { from: Date; to: Date }; mailbox: string }>();
  private readonly skipTokens = new Map<string, Snapshot>();
  private throttleOnce: { seconds: number; match: RegExp } | null = null;

  constructor(
    readonly options: {
      accessToken: string;
      /** The mailbox's user principal name, served at `/users/{userPrincipalName}` as well as at `/me`. */
      userPrincipalName?: string;
      client?: { tenantId: string; clientId: string; clientSecret: string };
    },
  ) {
    this.tokens.add(options.accessToken);
  }

  get baseUrl(): string {
    return `${this.origin}/v1.0`;
  }

  get origin(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('the Graph server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** Adds an event as if made in Outlook. */
  addEvent(input: {
    subject: string;
    start: Date;
    end: Date;
    body?: string;
    attendees?: { name: string; address: string }[];
    isCancelled?: boolean;
  }): GraphServerEvent {
    const now = new Date();
    const event: GraphServerEvent = {
      id: `AAMkAG${randomBytes(24).toString('base64url')}=`,
      subject: input.subject,
      body: input.body ?? '',
      start: input.start,
      end: input.end,
      isAllDay: false,
      isCancelled: input.isCancelled ?? false,
      attendees: input.attendees ?? [],
      changeKey: randomBytes(12).toString('base64'),
      created: now,
      lastModified: now,
      extended: new Map(),
      seq: ++this.seq,
    };
    this.events.set(event.id, event);
    return event;
  }

  /** Changes an event as if edited in Outlook: a new change key, a later lastModifiedDateTime. */
  editEvent(
    id: string,
    change: Partial<Pick<GraphServerEvent, 'subject' | 'body' | 'start' | 'end' | 'isCancelled' | 'attendees'>>,
  ): GraphServerEvent {
    const event = this.live(id);
    if (!event) throw new Error(`no event ${id}`);
    Object.assign(event, change);
    this.touch(event);
    return event;
  }

  deleteEvent(id: string): void {
    const event = this.live(id);
    if (!event) throw new Error(`no event ${id}`);
    event.removed = true;
    this.touch(event);
  }

  /** Forgets every delta and skip token issued (as when Graph's sync state expires): the next use answers 410 Gone. */
  expireDeltaTokens(): void {
    this.deltaTokens.clear();
    this.skipTokens.clear();
  }

  /** The next request whose path matches answers 429 with `Retry-After: seconds`, once. */
  throttleNext(seconds: number, match: RegExp = /./): void {
    this.throttleOnce = { seconds, match };
  }

  private live(id: string): GraphServerEvent | undefined {
    const event = this.events.get(id);
    return event && !event.removed ? event : undefined;
  }

  private touch(event: GraphServerEvent): void {
    event.changeKey = randomBytes(12).toString('base64');
    // Strictly later than before, even within one millisecond.
    event.lastModified = new Date(Math.max(Date.now(), event.lastModified.getTime() + 1));
    event.seq = ++this.seq;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const answer = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? 'GET', url: url.href, headers: req.headers, status });
      res.writeHead(status, { ...(json === undefined ? {} : { 'content-type': 'application/json; odata.metadata=minimal' }), ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      answer(status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } }, headers);
    try {
      if (this.throttleOnce && this.throttleOnce.match.test(url.pathname)) {
        const { seconds } = this.throttleOnce;
        this.throttleOnce = null;
        return error(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', { 'retry-after': String(seconds) });
      }
      const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
      if (token && req.method === 'POST') return this.issueToken(token[1], body, answer);
      if (!url.pathname.startsWith('/v1.0/'))
        return error(404, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/')[1]}'.`);
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!auth) return error(401, 'InvalidAuthenticationToken', 'Access token is empty.');
      if (!this.tokens.has(auth[1])) return error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      const route = /^\/v1\.0\/(me|users\/([^/]+))(\/.*)?$/.exec(url.pathname);
      if (!route) return error(400, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/')[2]}'.`);
      const mailbox = route[1];
      if (route[2] && decodeURIComponent(route[2]).toLowerCase() !== (this.options.userPrincipalName ?? '').toLowerCase())
        return error(404, 'ErrorInvalidUser', `The requested user '${decodeURIComponent(route[2])}' is invalid.`);
      const rest = (route[3] as string | undefined) ?? '';
      const prefer = parsePrefer(req.headers.prefer);
      const view = (event: GraphServerEvent, expand = false) => this.view(event, prefer, expand ? url.searchParams.get('$expand') : null);

      if (rest === '' && req.method === 'GET')
        return answer(200, { id: randomUUID(), displayName: 'Mailbox Owner', mail: this.options.userPrincipalName ?? 'owner@example.com' });
      if (rest === '/calendar' && req.method === 'GET') return answer(200, { id: 'AAMkCalendar', name: 'Calendar', canEdit: true });
      if (rest === '/calendarView/delta' && req.method === 'GET') return this.delta(url, mailbox, prefer, answer, error);
      if (rest === '/events' && req.method === 'GET') return this.list(url, view, answer, error);
      if (rest === '/events' && req.method === 'POST') {
        const input = parseEventBody(body);
        if (typeof input === 'string') return error(400, 'ErrorInvalidRequest', input);
        if (!input.start || !input.end)
          return error(400, 'ErrorInvalidRequest', "Your request can't be completed. An event needs a start and an end.");
        const event = this.addEvent({
          subject: input.subject ?? '',
          start: input.start,
          end: input.end,
          body: input.body,
          attendees: input.attendees,
        });
        for (const [id, value] of input.extended) event.extended.set(id, value);
        return answer(201, view(event), { location: `${this.baseUrl}/${mailbox}/events/${event.id}` });
      }
      const item = /^\/events\/([^/]+)$/.exec(rest);
      if (item) {
        const event = this.live(decodeURIComponent(item[1]));
        if (!event) return error(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        const etag = `W/"${event.changeKey}"`;
        if (req.method === 'GET') return answer(200, view(event, true));
        const ifMatch = req.headers['if-match'];
        if ((req.method === 'PATCH' || req.method === 'DELETE') && ifMatch && ifMatch !== '*' && ifMatch !== etag)
          return error(412, 'ErrorIrregularProcessing', 'The object has been modified since it was last read (change key mismatch).');
        if (req.method === 'DELETE') {
          this.deleteEvent(event.id);
          return answer(204);
        }
        if (req.method === 'PATCH') {
          const input = parseEventBody(body);
          if (typeof input === 'string') return error(400, 'ErrorInvalidRequest', input);
          if (input.subject !== undefined) event.subject = input.subject;
          if (input.body !== undefined) event.body = input.body;
          if (input.start) event.start = input.start;
          if (input.end) event.end = input.end;
          if (input.attendees) event.attendees = input.attendees;
          for (const [id, value] of input.extended) event.extended.set(id, value);
          this.touch(event);
          return answer(200, view(event));
        }
      }
      return error(405, 'Request_BadRequest', `The method ${req.method} is not allowed on ${rest || '/'}.`);
    } catch (cause) {
      return error(500, 'generalException', (cause as Error).message);
    }
  }

  private issueToken(tenant: string, body: string, answer: (status: number, json?: unknown) => void): void {
    const form = new URLSearchParams(body);
    const client = this.options.client;
    if (form.get('grant_type') !== 'client_credentials')
      return answer(400, {
        error: 'unsupported_grant_type',
        error_description: 'AADSTS70003: The app requested an unsupported grant type.',
      });
    if (!client || tenant !== client.tenantId)
      return answer(400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenant}' not found.` });
    if (form.get('client_id') !== client.clientId || form.get('client_secret') !== client.clientSecret)
      return answer(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    if (!form.get('scope')?.endsWith('/.default'))
      return answer(400, { error: 'invalid_scope', error_description: 'AADSTS1002012: The provided value for scope is not valid.' });
    const issued = `eyJ0eXAi.${randomBytes(24).toString('base64url')}`;
    this.tokens.add(issued);
    return answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: issued });
  }

  /** `calendarView/delta`: a new pass (window), a next page ($skiptoken) or the changes since a pass ($deltatoken). */
  private delta(
    url: URL,
    mailbox: string,
    prefer: Map<string, string>,
    answer: (status: number, json?: unknown) => void,
    error: (status: number, code: string, message: string) => void,
  ): void {
    const skip = url.searchParams.get('$skiptoken');
    const deltaToken = url.searchParams.get('$deltatoken');
    let snapshot: Snapshot | undefined;
    if (skip !== null) {
      snapshot = this.skipTokens.get(skip);
      if (!snapshot) return error(410, 'SyncStateNotFound', 'The sync state generation is not found. Restart the sync.');
      this.skipTokens.delete(skip);
    } else if (deltaToken !== null) {
      const state = this.deltaTokens.get(deltaToken);
      if (!state) return error(410, 'SyncStateNotFound', 'The sync state generation is not found. Restart the sync.');
      const items = [...this.events.values()]
        .filter((e) => e.seq > state.seq && (e.removed || overlaps(e, state.window)))
        .sort((a, b) => a.seq - b.seq)
        .map((e) => ({ id: e.id, removed: e.removed === true }));
      snapshot = { items, offset: 0, seq: this.seq, window: state.window, mailbox: state.mailbox };
    } else {
      const from = new Date(url.searchParams.get('startDateTime') ?? '');
      const to = new Date(url.searchParams.get('endDateTime') ?? '');
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
        return error(
          400,
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        );
      const window = { from, to };
      const items = [...this.events.values()]
        .filter((e) => !e.removed && overlaps(e, window))
        .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id))
        .map((e) => ({ id: e.id, removed: false }));
      snapshot = { items, offset: 0, seq: this.seq, window, mailbox };
    }
    const size = Math.max(1, Math.min(1000, Number(prefer.get('odata.maxpagesize')) || this.defaultPageSize));
    const slice = snapshot.items.slice(snapshot.offset, snapshot.offset + size);
    const value = slice.map(({ id, removed }) => {
      const event = this.events.get(id)!;
      return removed || event.removed
        ? { '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } }
        : this.view(event, prefer, null);
    });
    const link = `${this.linkBase ?? this.baseUrl}/${snapshot.mailbox}/calendarView/delta`;
    if (snapshot.offset + size < snapshot.items.length) {
      const next = randomBytes(18).toString('base64url');
      this.skipTokens.set(next, { ...snapshot, offset: snapshot.offset + size });
      return answer(200, {
        '@odata.context': `${this.baseUrl}/$metadata#Collection(event)`,
        '@odata.nextLink': `${link}?$skiptoken=${next}`,
        value,
      });
    }
    const token = randomBytes(18).toString('base64url');
    this.deltaTokens.set(token, { seq: snapshot.seq, window: snapshot.window, mailbox: snapshot.mailbox });
    return answer(200, {
      '@odata.context': `${this.baseUrl}/$metadata#Collection(event)`,
      '@odata.deltaLink': `${link}?$deltatoken=${token}`,
      value,
    });
  }

  /** `GET /events`, with the one `$filter` Quorum sends: an extended property's id and value. */
  private list(
    url: URL,
    view: (event: GraphServerEvent, expand?: boolean) => Record<string, unknown>,
    answer: (status: number, json?: unknown) => void,
    error: (status: number, code: string, message: string) => void,
  ): void {
    const filter = url.searchParams.get('$filter');
    let events = [...this.events.values()].filter((e) => !e.removed);
    if (filter !== null) {
      const match = /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '((?:[^']|'')*)' and ep\/value eq '((?:[^']|'')*)'\)$/.exec(filter);
      if (!match) return error(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
      const [id, value] = [match[1], match[2]].map((s) => s.replace(/''/g, "'"));
      events = events.filter((e) => [...e.extended].some(([k, v]) => k.toLowerCase() === id.toLowerCase() && v === value));
    }
    const top = Number(url.searchParams.get('$top')) || 10;
    return answer(200, { '@odata.context': `${this.baseUrl}/$metadata#events`, value: events.slice(0, top).map((e) => view(e, true)) });
  }

  /** An event as Graph answers it, in UTC when asked (`Prefer: outlook.timezone`), else in Pacific time. */
  private view(event: GraphServerEvent, prefer: Map<string, string>, expand: string | null): Record<string, unknown> {
    const utc = (prefer.get('outlook.timezone') ?? '').toUpperCase() === 'UTC';
    const text = (prefer.get('outlook.body-content-type') ?? '').toLowerCase() === 'text';
    const time = (date: Date) =>
      utc
        ? { dateTime: graphDateTime(date), timeZone: 'UTC' }
        : // Fixed UTC−8: enough to show a client that forgot the Prefer header.
          { dateTime: graphDateTime(new Date(date.getTime() - 8 * 3_600_000)), timeZone: 'Pacific Standard Time' };
    const json: Record<string, unknown> = {
      '@odata.etag': `W/"${event.changeKey}"`,
      id: event.id,
      createdDateTime: event.created.toISOString(),
      lastModifiedDateTime: event.lastModified.toISOString(),
      changeKey: event.changeKey,
      categories: [],
      originalStartTimeZone: 'UTC',
      originalEndTimeZone: 'UTC',
      subject: event.subject,
      bodyPreview: event.body.replace(/\s+/g, ' ').trim().slice(0, 255),
      importance: 'normal',
      sensitivity: 'normal',
      isAllDay: event.isAllDay,
      isCancelled: event.isCancelled,
      isOrganizer: true,
      showAs: 'busy',
      type: 'singleInstance',
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}`,
      body: text
        ? { contentType: 'text', content: event.body }
        : { contentType: 'html', content: `<html><body><p>${event.body.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p></body></html>` },
      start: time(event.start),
      end: time(event.end),
      location: { displayName: '', locationType: 'default' },
      attendees: event.attendees.map((a) => ({
        type: 'required',
        status: { response: 'none', time: '0001-01-01T00:00:00Z' },
        emailAddress: { name: a.name, address: a.address },
      })),
      organizer: { emailAddress: { name: 'Mailbox Owner', address: this.options.userPrincipalName ?? 'owner@example.com' } },
    };
    const expanded = expand ? /^singleValueExtendedProperties\(\$filter=id eq '((?:[^']|'')*)'\)$/.exec(expand) : null;
    if (expanded) {
      const id = expanded[1].replace(/''/g, "'");
      json.singleValueExtendedProperties = [...event.extended]
        .filter(([k]) => k.toLowerCase() === id.toLowerCase())
        .map(([k, value]) => ({ id: k, value }));
    }
    return json;
  }
}

function overlaps(event: GraphServerEvent, window: { from: Date; to: Date }): boolean {
  return event.start < window.to && event.end > window.from;
}

/** Graph's wall-clock format: seven fraction digits, no zone. */
function graphDateTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}

function parsePrefer(header: string | string[] | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [key, value = ''] = part.split('=').map((s) => s.trim());
    if (key) values.set(key.toLowerCase(), value.replace(/^"|"$/g, ''));
  }
  return values;
}

interface EventInput {
  subject?: string;
  body?: string;
  start?: Date;
  end?: Date;
  attendees?: { name: string; address: string }[];
  extended: [string, string][];
}

/** A create or update body, or why it is refused (times must be in UTC here, the zone Quorum writes). */
function parseEventBody(text: string): EventInput | string {
  let json: Record<string, any>;
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    return 'Unable to read JSON request payload.';
  }
  const time = (value: any): Date | undefined | string => {
    if (value === undefined) return undefined;
    if (typeof value?.dateTime !== 'string' || value.timeZone !== 'UTC') return 'A time must be a dateTimeTimeZone in UTC.';
    const date = new Date(`${value.dateTime.replace(/Z$/, '')}Z`);
    return Number.isNaN(date.getTime()) ? 'Cannot convert the literal to Edm.DateTimeOffset.' : date;
  };
  const start = time(json.start);
  const end = time(json.end);
  if (typeof start === 'string') return start;
  if (typeof end === 'string') return end;
  let body: string | undefined;
  if (json.body !== undefined) {
    const content = String(json.body?.content ?? '');
    body = json.body?.contentType === 'html' ? content.replace(/<[^>]*>/g, '') : content;
  }
  return {
    subject: typeof json.subject === 'string' ? json.subject : undefined,
    body,
    start,
    end,
    attendees: Array.isArray(json.attendees)
      ? json.attendees.map((a: any) => ({ name: String(a?.emailAddress?.name ?? ''), address: String(a?.emailAddress?.address ?? '') }))
      : undefined,
    extended: Array.isArray(json.singleValueExtendedProperties)
      ? json.singleValueExtendedProperties.map((p: any) => [String(p?.id), String(p?.value)] as [string, string])
      : [],
  };
}
