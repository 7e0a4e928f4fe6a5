import { randomUUID } from 'node:crypto';
import { type AppConfig, OutboundHttp } from '@quorum/platform';
import { CircuitBreaker } from '../libs/data-sync/src/connectors/circuit-breaker';
import {
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type MeetingFields,
  type RemoteRecord,
} from '../libs/data-sync/src/connectors/connector';
import { GOOGLE_MAX_PAGES_PER_RUN, GoogleCalendarConnector } from '../libs/data-sync/src/connectors/google/google-calendar.connector';
import { SOURCE_HTTP_DEFAULTS, SourceHttp } from '../libs/data-sync/src/connectors/source-http';
import { TokenBucket } from '../libs/data-sync/src/connectors/token-bucket';
import { GoogleCalendarServer } from './support/google-calendar-server';

const DAY = 86_400_000;
const TOKEN = 'ya29.test-Access-Token-7f3c9a';
const TEAM = 'team@group.calendar.google.com';

/** Day `n` from today at `hour`:00 UTC, as Google writes a dateTime. */
const at = (n: number, hour: number) => {
  const d = new Date(Date.now() + n * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour)).toISOString();
};
const dateOf = (n: number) => at(n, 0).slice(0, 10);

describe('data sync: the Google Calendar connector (against a local Calendar API v3)', () => {
  const connector = new GoogleCalendarConnector();
  const server = new GoogleCalendarServer({ token: TOKEN, calendars: ['primary', TEAM] });
  const outbound = new OutboundHttp({ outboundAllowPrivateNetworks: true } as AppConfig);
  /** Every log line and error message the connector produced, to search for the token. */
  const said: string[] = [];

  const context = (
    settings: Record<string, unknown> = {},
    credentials: Record<string, string> | null = { accessToken: TOKEN },
  ): ConnectorContext => {
    const signal = new AbortController().signal;
    const http = new SourceHttp(outbound, new CircuitBreaker(), new TokenBucket(60_000), signal, {
      ...SOURCE_HTTP_DEFAULTS,
      backoffMs: 10,
    });
    return { sourceId: randomUUID(), settings: { rootUrl: server.rootUrl, pageSize: 2, ...settings }, credentials, signal, http };
  };

  const readAll = async (ctx: ConnectorContext, state: Record<string, unknown> | null, stopAfter = Infinity): Promise<ConnectorPage[]> => {
    const pages: ConnectorPage[] = [];
    for await (const page of connector.read(ctx, 'events', state)) {
      pages.push(page);
      said.push(...(page.log ?? []));
      if (pages.length >= stopAfter) break;
    }
    return pages;
  };
  const records = (pages: ConnectorPage[]) => pages.flatMap((p) => p.records) as RemoteRecord<MeetingFields>[];
  const byId = (pages: ConnectorPage[]) => new Map(records(pages).map((r) => [r.externalId, r]));
  const failure = async (promise: Promise<unknown>): Promise<ConnectorError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof ConnectorError) said.push(error.message);
      return error as ConnectorError;
    }
    throw new Error('expected a failure');
  };
  const lastState = (pages: ConnectorPage[]) => pages[pages.length - 1].checkpoint;

  beforeAll(async () => {
    await server.start();
    server.put({
      id: 'planning',
      summary: 'Planning',
      description: 'Goals for the quarter',
      start: { dateTime: at(5, 14) },
      end: { dateTime: at(5, 15) },
      attendees: [
        { email: 'grace@example.com', displayName: 'Grace Hopper' },
        { email: 'Alan@Example.com', responseStatus: 'accepted' },
      ],
    });
    server.put({ id: 'retro', summary: 'Retro', start: { dateTime: at(6, 16) }, end: { dateTime: at(6, 17) } });
    server.put({ id: 'offsite', summary: 'Offsite', start: { date: dateOf(10) }, end: { date: dateOf(12) } });
    server.put({ id: 'kickoff', summary: 'Kickoff', start: { dateTime: at(-3, 9) }, end: { dateTime: at(-3, 10) } });
    // Ended long before the window's start: not in the full read.
    server.put({ id: 'ancient', summary: 'Ancient', start: { dateTime: at(-100, 9) }, end: { dateTime: at(-100, 10) } });
    server.put({ id: 'dropped', summary: 'Dropped', start: { dateTime: at(2, 9) }, end: { dateTime: at(2, 10) } });
    server.remove('dropped');
  });

  afterAll(async () => {
    await server.stop();
    for (const line of said) expect(line).not.toContain(TOKEN);
    for (const request of server.requests) expect(request.query.toString()).not.toContain(encodeURIComponent(TOKEN));
  });

  it('validates settings and credentials, and lists the URL it calls', () => {
    expect(connector.validate({}, { accessToken: TOKEN })).toEqual([]);
    expect(
      connector.validate(
        { calendarId: TEAM, rootUrl: 'https://calendar.example.com', windowPastDays: 90, pageSize: 500 },
        { accessToken: TOKEN },
      ),
    ).toEqual([]);
    const problems = connector.validate(
      { calendarId: '', rootUrl: 'https://calendar.example.com/api', windowDays: 30, windowPastDays: -1, pageSize: 5000 },
      { accessToken: TOKEN, refreshToken: 'r' },
    );
    expect(problems).toEqual([
      'settings.windowDays: is not a setting of a google_calendar source',
      expect.stringMatching(/^settings\.calendarId: /),
      expect.stringMatching(/^settings\.rootUrl: must be an http\(s\) origin/),
      'settings.windowPastDays: must be a whole number from 0 to 3650',
      'settings.pageSize: must be a whole number from 1 to 2500',
      'credentials: a refresh token needs refreshToken, clientId and clientSecret together',
    ]);
    expect(
      connector.validate({ tokenUrl: 'http://127.0.0.1:9/oauth/token' }, { refreshToken: 'r', clientId: 'c', clientSecret: 's' }),
    ).toEqual([]);
    expect(connector.validate({ tokenUrl: 'gopher://x' }, { accessToken: TOKEN, apiKey: 'k', clientId: '' })).toEqual([
      expect.stringMatching(/^settings\.tokenUrl: /),
      'credentials: a refresh token needs refreshToken, clientId and clientSecret together',
      'credentials.apiKey: is not a credential of a google_calendar source (accessToken, refreshToken, clientId, clientSecret)',
      'credentials.clientId: must be a string of 1 to 4096 characters',
    ]);
    expect(connector.validate({ rootUrl: 'ftp://calendar.example.com/' }, null)).toEqual([
      expect.stringMatching(/^settings\.rootUrl: /),
      expect.stringMatching(/^credentials\.accessToken: /),
    ]);
    // The token endpoint is vetted on save only when set; its default is vetted by the run that calls it.
    expect(connector.urls({})).toEqual(['https://www.googleapis.com/calendar/v3/calendars/primary/events']);
    expect(connector.urls({ calendarId: TEAM, rootUrl: 'http://127.0.0.1:9', tokenUrl: 'http://127.0.0.1:9/token' })).toEqual([
      'http://127.0.0.1:9/calendar/v3/calendars/team%40group.calendar.google.com/events',
      'http://127.0.0.1:9/token',
    ]);
  });

  it('checks the connection, and says what to fix for a bad token or an unknown calendar', async () => {
    await expect(connector.check(context())).resolves.toBeUndefined();
    await expect(connector.check(context({ calendarId: TEAM }))).resolves.toBeUndefined();
    const badToken = `${TOKEN}-revoked`;
    const unauthorized = await failure(connector.check(context({}, { accessToken: badToken })));
    expect(unauthorized).toBeInstanceOf(ConnectorError);
    expect(unauthorized.message).toMatch(/HTTP 401 \(authError\): check the credentials/);
    expect(unauthorized.message).not.toContain(badToken);
    expect(unauthorized.retryable).toBe(false);
    const missing = await failure(connector.check(context({ calendarId: 'nobody@example.com' })));
    expect(missing.message).toMatch(/HTTP 404 \(notFound\): the calendar nobody@example.com .*does not exist/);
    const request = server.requests[server.requests.length - 1];
    expect(request.path).toBe('/calendar/v3/calendars/nobody%40example.com/events');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('calls out only through the source client: the SSRF guard refuses the loopback server when private networks are off', async () => {
    const guarded = new OutboundHttp({ outboundAllowPrivateNetworks: false } as AppConfig);
    const signal = new AbortController().signal;
    const http = new SourceHttp(guarded, new CircuitBreaker(), new TokenBucket(60_000), signal, { ...SOURCE_HTTP_DEFAULTS, backoffMs: 10 });
    const mark = server.requests.length;
    const refused = await failure(connector.check({ ...context(), http }));
    expect(refused.message).toMatch(/^the URL is refused/);
    expect(server.requests.length).toBe(mark);
  });

  it('reads everything in pages first, then only the changes since the sync token', async () => {
    const before = server.requests.length;
    const pages = await readAll(context(), null);
    // 5 events end after the window's start (4 + the deleted one, shown as deleted): 3 pages of 2.
    expect(pages.map((p) => [p.records.length, p.last])).toEqual([
      [2, false],
      [2, false],
      [1, true],
    ]);
    const list = server.requests.slice(before);
    expect(list.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    for (const r of list) {
      expect(r.query.get('singleEvents')).toBe('true');
      expect(r.query.get('showDeleted')).toBe('true');
      expect(r.query.get('maxResults')).toBe('2');
      expect(r.query.get('syncToken')).toBeNull();
      expect(Date.parse(r.query.get('timeMin')!)).toBeCloseTo(Date.now() - 30 * DAY, -5);
      expect(r.headers['accept-encoding']).toBeUndefined();
    }
    expect(list[1].query.get('pageToken')).toBe((pages[0].checkpoint.listing as { pageToken: string }).pageToken);
    // Mid-listing checkpoints keep where the listing is; only the last one holds the sync token.
    expect(pages[0].checkpoint).toEqual({
      syncToken: null,
      listing: { pageToken: expect.any(String), timeMin: list[0].query.get('timeMin') },
    });
    expect(lastState(pages)).toEqual({ syncToken: expect.stringMatching(/^sync-/) });
    expect(pages[2].window).toEqual({ from: new Date(list[0].query.get('timeMin')!), to: new Date('9999-12-31T23:59:59.999Z') });

    const all = byId(pages);
    expect([...all.keys()].sort()).toEqual(['dropped', 'kickoff', 'offsite', 'planning', 'retro']);
    const planning = all.get('planning')!;
    expect(planning).toMatchObject({
      version: server.events().get('planning')!.etag,
      occursAt: new Date(at(5, 14)),
      originLocalId: null,
      fields: {
        title: 'Planning',
        description: 'Goals for the quarter',
        scheduledStartAt: at(5, 14),
        scheduledEndAt: at(5, 15),
        participants: [
          { name: 'Grace Hopper', email: 'grace@example.com' },
          { name: 'Alan@Example.com', email: 'alan@example.com' },
        ],
        cancelled: false,
      },
      raw: { id: 'planning', status: 'confirmed', summary: 'Planning', start: { dateTime: at(5, 14) } },
    });
    expect(planning.deleted).toBeUndefined();
    expect(planning.updatedAt).toEqual(new Date(server.events().get('planning')!.updated));
    expect(all.get('offsite')!.fields).toMatchObject({
      scheduledStartAt: `${dateOf(10)}T00:00:00.000Z`,
      scheduledEndAt: `${dateOf(12)}T00:00:00.000Z`,
    });
    expect(all.get('retro')!.fields.description).toBeNull();
    expect(all.get('dropped')).toMatchObject({ deleted: true, fields: { cancelled: true } });

    // Changes on Google: a moved meeting, a deleted one, a new one, a change far outside the first window.
    server.put({ id: 'planning', summary: 'Planning (moved)', start: { dateTime: at(7, 14) }, end: { dateTime: at(7, 15) } });
    server.remove('retro');
    server.put({ id: 'demo', summary: 'Demo', start: { dateTime: at(8, 10) }, end: { dateTime: at(8, 11) } });
    server.put({ id: 'ancient', summary: 'Ancient (renamed)' });
    const mark = server.requests.length;
    const changes = await readAll(context(), lastState(pages));
    expect(changes.map((p) => [p.records.length, p.last])).toEqual([
      [2, false],
      [2, true],
    ]);
    const changed = byId(changes);
    expect([...changed.keys()].sort()).toEqual(['ancient', 'demo', 'planning', 'retro']);
    expect(changed.get('planning')!.fields).toMatchObject({ title: 'Planning (moved)', scheduledStartAt: at(7, 14) });
    expect(changed.get('retro')).toMatchObject({ externalId: 'retro', deleted: true, fields: { cancelled: true } });
    const incremental = server.requests.slice(mark);
    expect(incremental[0].query.get('syncToken')).toBe(lastState(pages).syncToken);
    expect(incremental[0].query.get('timeMin')).toBeNull();
    // Paging an incremental list: the previous sync token is kept until the last page brings the next.
    expect(changes[0].checkpoint).toEqual({
      syncToken: lastState(pages).syncToken,
      listing: { pageToken: expect.any(String), timeMin: null },
    });
    expect(changes[1].window).toBeUndefined();

    const nothing = await readAll(context(), lastState(changes));
    expect(nothing).toEqual([
      { records: [], checkpoint: { syncToken: expect.stringMatching(/^sync-/) }, last: true, notModified: true, log: [expect.any(String)] },
    ]);
  });

  it('goes on from a checkpoint taken between pages, without losing or repeating events', async () => {
    const ctx = context({ calendarId: TEAM });
    for (let i = 0; i < 5; i++)
      server.put({ id: `team-${i}`, summary: `Team ${i}`, start: { dateTime: at(1 + i, 9) }, end: { dateTime: at(1 + i, 10) } }, TEAM);
    const first = await readAll(ctx, null, 1);
    expect(first[0].last).toBe(false);
    // The run died after page 1 was stored: the next run resumes the same listing at its page token.
    const rest = await readAll(ctx, first[0].checkpoint);
    expect(server.requests[server.requests.length - rest.length].query.get('pageToken')).toBe(
      (first[0].checkpoint.listing as { pageToken: string }).pageToken,
    );
    const ids = records([...first, ...rest]).map((r) => r.externalId);
    expect(ids.sort()).toEqual(['team-0', 'team-1', 'team-2', 'team-3', 'team-4']);
    expect(rest[rest.length - 1]).toMatchObject({ last: true, checkpoint: { syncToken: expect.any(String) } });
    expect(rest[rest.length - 1].window).toBeUndefined();

    // The same in an incremental list: 3 changes over 2 pages, the run stops after the first.
    const token = lastState(rest).syncToken as string;
    for (const i of [0, 2, 4]) server.put({ id: `team-${i}`, summary: `Team ${i} (v2)` }, TEAM);
    const partial = await readAll(ctx, lastState(rest), 1);
    expect(partial[0].checkpoint).toMatchObject({ syncToken: token });
    const resumed = await readAll(ctx, partial[0].checkpoint);
    expect(
      records([...partial, ...resumed])
        .map((r) => `${r.externalId}:${r.fields.title}`)
        .sort(),
    ).toEqual(['team-0:Team 0 (v2)', 'team-2:Team 2 (v2)', 'team-4:Team 4 (v2)']);
    expect(lastState(resumed).syncToken).not.toBe(token);
  });

  it('reads everything again when Google no longer knows the sync token (410 Gone), and says so with reset', async () => {
    const ctx = context({ calendarId: TEAM, pageSize: 10 });
    const state = lastState(await readAll(ctx, null));
    server.expireSyncTokens();
    server.remove('team-1', TEAM);
    const mark = server.requests.length;
    const pages = await readAll(ctx, state);
    const calls = server.requests.slice(mark);
    expect(calls.map((r) => r.status)).toEqual([410, 200]);
    expect(calls[0].query.get('syncToken')).toBe(state.syncToken);
    expect(calls[1].query.get('syncToken')).toBeNull();
    expect(calls[1].query.get('timeMin')).not.toBeNull();
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      reset: true,
      last: true,
      window: { from: expect.any(Date) },
      checkpoint: { syncToken: expect.any(String) },
    });
    expect(pages[0].log!.join('\n')).toMatch(/410 Gone/);
    expect(byId(pages).get('team-1')).toMatchObject({ deleted: true });
    expect(byId(pages).size).toBe(5);
    // The fresh token works: nothing changed since.
    expect((await readAll(ctx, lastState(pages)))[0]).toMatchObject({ notModified: true, records: [] });
  });

  it('starts a full read over when its page token is refused, and stops a run after the page cap with a resumable checkpoint', async () => {
    const ctx = context({ calendarId: TEAM });
    const first = await readAll(ctx, null, 1);
    server.expireSyncTokens();
    const mark = server.requests.length;
    const again = await readAll(ctx, first[0].checkpoint);
    expect(server.requests.slice(mark, mark + 2).map((r) => [r.status, r.query.has('pageToken')])).toEqual([
      [410, true],
      [200, false],
    ]);
    expect(again[0].reset).toBeUndefined();
    expect(again[0].log!.join('\n')).toMatch(/page token \(410 Gone\): the full read starts over/);
    expect(again[again.length - 1]).toMatchObject({ last: true, window: { from: expect.any(Date) } });

    const big = 'big@group.calendar.google.com';
    server.calendars.set(big, new Map());
    for (let i = 0; i <= GOOGLE_MAX_PAGES_PER_RUN; i++)
      server.put({ id: `e${i}`, summary: `E${i}`, start: { dateTime: at(1, 9) }, end: { dateTime: at(1, 10) } }, big);
    const capped = await readAll(context({ calendarId: big, pageSize: 1 }), null);
    expect(capped).toHaveLength(GOOGLE_MAX_PAGES_PER_RUN);
    const stop = capped[capped.length - 1];
    expect(stop).toMatchObject({ last: true, checkpoint: { syncToken: null, listing: { pageToken: expect.any(String) } } });
    expect(stop.window).toBeUndefined();
    expect(stop.log!.join('\n')).toMatch(/stopped after 200 pages/);
    const tail = await readAll(context({ calendarId: big, pageSize: 1 }), stop.checkpoint);
    expect(tail).toHaveLength(1);
    expect(tail[0]).toMatchObject({
      last: true,
      checkpoint: { syncToken: expect.any(String) },
      records: [{ externalId: `e${GOOGLE_MAX_PAGES_PER_RUN}` }],
    });
    // Its pages were read over two runs: this run alone does not cover the window, so it claims none.
    expect(tail[0].window).toBeUndefined();
  });

  it('pushes a new meeting with the origin marker, and its echo on the next pull equals what push answered', async () => {
    const ctx = context({ pageSize: 50 });
    const state = lastState(await readAll(ctx, null));
    const localId = randomUUID();
    const fields: MeetingFields = {
      title: 'Design review',
      description: 'Bring the mock-ups',
      scheduledStartAt: at(4, 13),
      scheduledEndAt: at(4, 14),
      participants: [
        { name: 'Ada Lovelace', email: 'ada@example.com' },
        { name: 'bob@example.com', email: 'bob@example.com' },
      ],
      cancelled: false,
    };
    const mark = server.requests.length;
    const created = await connector.push!(ctx, 'events', {
      localId,
      externalId: null,
      version: null,
      fields,
      link: 'https://quorum.example/m/1',
    });
    const insert = server.requests[mark];
    expect(insert.method).toBe('POST');
    expect(insert.query.get('sendUpdates')).toBe('none');
    expect(JSON.parse(insert.body)).toMatchObject({
      summary: 'Design review',
      start: { dateTime: at(4, 13) },
      attendees: [{ email: 'ada@example.com', displayName: 'Ada Lovelace' }, { email: 'bob@example.com' }],
      extendedProperties: { private: { quorumId: localId } },
    });
    const stored = server.events().get(created.externalId)!;
    expect(stored.extendedProperties?.private?.quorumId).toBe(localId);
    expect(created).toEqual({ externalId: stored.id, version: stored.etag, fields, occursAt: new Date(at(4, 13)) });

    const echo = byId(await readAll(ctx, state)).get(created.externalId)!;
    expect(echo).toMatchObject({ version: created.version, fields: created.fields, originLocalId: localId });

    // An update over the version last seen: a conditional patch; the marker stays.
    const moved = { ...fields, title: 'Design review (moved)', scheduledStartAt: at(4, 15), scheduledEndAt: at(4, 16), participants: [] };
    const updated = await connector.push!(ctx, 'events', {
      localId,
      externalId: created.externalId,
      version: created.version,
      fields: moved,
      link: '',
    });
    const patch = server.requests[server.requests.length - 1];
    expect(patch).toMatchObject({ method: 'PATCH', path: `/calendar/v3/calendars/primary/events/${created.externalId}`, status: 200 });
    expect(patch.headers['if-match']).toBe(created.version);
    expect(updated).toMatchObject({ externalId: created.externalId, fields: moved });
    expect(updated.version).not.toBe(created.version);
    expect(server.events().get(created.externalId)!.extendedProperties?.private?.quorumId).toBe(localId);

    // Someone changed it on Google meanwhile: the stale version is refused, nothing is overwritten.
    server.put({ id: created.externalId, summary: 'Renamed on Google' });
    const stale = await failure(
      connector.push!(ctx, 'events', { localId, externalId: created.externalId, version: updated.version, fields: moved, link: '' }),
    );
    expect(stale.message).toMatch(/HTTP 412 \(conditionNotMet\): the event changed on Google/);
    expect(server.events().get(created.externalId)!.summary).toBe('Renamed on Google');

    // findPushed finds it by its marker, and nothing for an unknown local id.
    const found = await connector.findPushed!(ctx, 'events', localId);
    expect(found).toMatchObject({ externalId: created.externalId, fields: { title: 'Renamed on Google' } });
    expect(server.requests[server.requests.length - 1].query.getAll('privateExtendedProperty')).toEqual([`quorumId=${localId}`]);
    expect(await connector.findPushed!(ctx, 'events', randomUUID())).toBeNull();
  });

  it('pushes an all-day meeting as dates and a cancellation as a deletion, both read back as pushed', async () => {
    const ctx = context({ pageSize: 50 });
    const state = lastState(await readAll(ctx, null));
    const fields: MeetingFields = {
      title: 'Offsite day',
      description: null,
      scheduledStartAt: `${dateOf(20)}T00:00:00.000Z`,
      scheduledEndAt: `${dateOf(21)}T00:00:00.000Z`,
      participants: [],
      cancelled: false,
    };
    const localId = randomUUID();
    const created = await connector.push!(ctx, 'events', { localId, externalId: null, version: null, fields, link: '' });
    expect(server.events().get(created.externalId)).toMatchObject({ start: { date: dateOf(20) }, end: { date: dateOf(21) } });
    expect(created.fields).toEqual(fields);
    const pulled = await readAll(ctx, state);
    expect(byId(pulled).get(created.externalId)!.fields).toEqual(created.fields);

    const cancelled = await connector.push!(ctx, 'events', {
      localId,
      externalId: created.externalId,
      version: created.version,
      fields: { ...fields, cancelled: true },
      link: '',
    });
    expect((cancelled.fields as MeetingFields).cancelled).toBe(true);
    expect(byId(await readAll(ctx, lastState(pulled))).get(created.externalId)).toMatchObject({
      deleted: true,
      fields: { cancelled: true },
    });
    expect(await connector.findPushed!(ctx, 'events', localId)).toBeNull();
  });

  it('gets an access token from a refresh token, refreshes one Google refuses, and says so when the grant is revoked', async () => {
    const secret = 'client-Secret-9d2e';
    const refreshToken = '1//refresh-Token-41aa';
    server.oauthClients.set('quorum-client', secret);
    server.refreshTokens.add(refreshToken);
    const oauth = { refreshToken, clientId: 'quorum-client', clientSecret: secret };
    const settings = { tokenUrl: `${server.rootUrl}token` };

    // No access token at all: one refresh first, then every call of the run uses its token.
    const ctx = context(settings, oauth);
    let mark = server.requests.length;
    await connector.check(ctx);
    await readAll(ctx, null);
    let calls = server.requests.slice(mark);
    expect(calls.filter((r) => r.path === '/token')).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(calls[0].body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'quorum-client',
      client_secret: secret,
    });
    const refreshed = calls[1].headers.authorization!;
    expect(refreshed).toMatch(/^Bearer ya29\.refreshed-/);
    for (const r of calls.slice(1)) expect(r.headers.authorization).toBe(refreshed);

    // An expired access token: Google answers 401, the token is refreshed once and the same request goes again.
    mark = server.requests.length;
    const pushed = await connector.push!(context(settings, { ...oauth, accessToken: 'ya29.expired' }), 'events', {
      localId: randomUUID(),
      externalId: null,
      version: null,
      fields: {
        title: 'After refresh',
        description: null,
        scheduledStartAt: at(9, 9),
        scheduledEndAt: at(9, 10),
        participants: [],
        cancelled: false,
      },
      link: '',
    });
    calls = server.requests.slice(mark);
    expect(calls.map((r) => [r.method, r.path === '/token' ? 'token' : 'events', r.status])).toEqual([
      ['POST', 'events', 401],
      ['POST', 'token', 200],
      ['POST', 'events', 200],
    ]);
    expect(calls[2].body).toBe(calls[0].body);
    expect(server.events().get(pushed.externalId)!.summary).toBe('After refresh');

    // A revoked refresh token or a wrong client secret: what to fix, and no secret in the message.
    server.refreshTokens.delete(refreshToken);
    const revoked = await failure(connector.check(context(settings, oauth)));
    expect(revoked.message).toMatch(/^refreshing the access token answered HTTP 400 \(invalid_grant\): check the credentials/);
    const wrongClient = await failure(connector.check(context(settings, { ...oauth, clientSecret: 'wrong-Secret-77' })));
    expect(wrongClient.message).toMatch(/HTTP 401 \(invalid_client\): check the credentials/);
    for (const message of [revoked.message, wrongClient.message])
      for (const value of [refreshToken, secret, 'wrong-Secret-77']) expect(message).not.toContain(value);
  });

  it('honours a 429 with Retry-After, and fails with the reason when Google keeps failing', async () => {
    const ctx = context({ calendarId: TEAM, pageSize: 10 });
    server.failNext(429, '1');
    const mark = server.requests.length;
    const started = Date.now();
    const pages = await readAll(ctx, null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests.slice(mark).map((r) => r.status)).toEqual([429, 200]);
    expect(records(pages).length).toBeGreaterThan(0);

    server.failNext(503, undefined, 4);
    const down = await failure(connector.check(ctx));
    expect(down.message).toMatch(/answered HTTP 503 \(after 4 attempts\)/);
    expect(down.retryable).toBe(true);
    expect(down.message).not.toContain('syncToken');
  });
});
