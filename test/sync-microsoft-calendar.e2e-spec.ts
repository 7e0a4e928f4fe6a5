import { randomUUID } from 'node:crypto';
import { OutboundHttp, type AppConfig } from '@quorum/platform';
import { CircuitBreaker } from '../libs/data-sync/src/connectors/circuit-breaker';
import { type ConnectorContext, ConnectorError, type ConnectorPage, type MeetingFields } from '../libs/data-sync/src/connectors/connector';
import { GraphCalendarConnector } from '../libs/data-sync/src/connectors/graph/graph-calendar.connector';
import { QUORUM_ID_PROPERTY } from '../libs/data-sync/src/connectors/graph/graph-events';
import { SOURCE_HTTP_DEFAULTS, SourceHttp } from '../libs/data-sync/src/connectors/source-http';
import { TokenBucket } from '../libs/data-sync/src/connectors/token-bucket';
import { GraphServer } from './support/graph-server';

const DAY = 86_400_000;
const TOKEN = 'EwBwA8l6BAAU-secret-graph-access-token-4711';
const CLIENT = {
  tenantId: 'contoso.onmicrosoft.com',
  clientId: 'a1b2c3d4-0000-4000-8000-000000000001',
  clientSecret: 'Cl1ent~Secret.Value_0815',
};
const UPN = 'ada@contoso.com';

/** Day `n` from today at `hour`:00 UTC. */
const day = (n: number, hour: number) => {
  const d = new Date(Date.now() + n * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour));
};

describe('data sync: the Microsoft Graph calendar connector', () => {
  const connector = new GraphCalendarConnector();
  const outbound = new OutboundHttp({ outboundAllowPrivateNetworks: true } as AppConfig);
  let server: GraphServer;
  /** Every log line and error message the connector produced, to grep for the credentials. */
  const said: string[] = [];

  /** One run's context (a run has its own HTTP client, as the runner builds it). */
  const context = (
    settings: Record<string, unknown> = {},
    credentials: Record<string, string> | null = { accessToken: TOKEN },
  ): ConnectorContext => {
    const signal = new AbortController().signal;
    const http = new SourceHttp(outbound, new CircuitBreaker(), new TokenBucket(60_000), signal, {
      ...SOURCE_HTTP_DEFAULTS,
      backoffMs: 10,
    });
    return { sourceId: randomUUID(), settings: { baseUrl: server.baseUrl, ...settings }, credentials, signal, http };
  };
  /** Reads the stream from `state`, up to `limit` pages (a run killed after them). */
  const read = async (state: Record<string, unknown> | null, ctx = context(), limit = Infinity): Promise<ConnectorPage[]> => {
    const pages: ConnectorPage[] = [];
    for await (const page of connector.read(ctx, 'events', state)) {
      pages.push(page);
      said.push(...(page.log ?? []));
      if (pages.length >= limit) break;
    }
    return pages;
  };
  const failure = async (promise: Promise<unknown>): Promise<ConnectorError> => {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorError);
      said.push((error as Error).message);
      return error as ConnectorError;
    }
    throw new Error('expected a ConnectorError');
  };
  const records = (pages: ConnectorPage[]) => pages.flatMap((p) => p.records);
  const titles = (pages: ConnectorPage[]) =>
    records(pages)
      .map((r) => r.fields.title)
      .sort();
  const lastState = (pages: ConnectorPage[]) => pages[pages.length - 1].checkpoint;

  beforeEach(async () => {
    server = new GraphServer({ accessToken: TOKEN, userPrincipalName: UPN, client: CLIENT });
    await server.start();
    server.addEvent({
      subject: 'Planning',
      body: 'Goals for the quarter\r\n',
      start: day(2, 14),
      end: day(2, 15),
      attendees: [
        { name: 'Grace Hopper', address: 'Grace@Example.com' },
        { name: '', address: 'alan@example.com' },
      ],
    });
    server.addEvent({ subject: 'Retro', start: day(3, 16), end: day(3, 17) });
    server.addEvent({ subject: 'Offsite', start: day(10, 8), end: day(10, 17), isCancelled: true });
    server.addEvent({ subject: 'Last week', start: day(-7, 9), end: day(-7, 10) });
    server.addEvent({ subject: 'Kickoff', start: day(20, 9), end: day(20, 10) });
    // Outside the default window (90 days ahead).
    server.addEvent({ subject: 'Next year', start: day(200, 9), end: day(200, 10) });
  });

  afterEach(async () => {
    await server.stop();
  });

  it('validate() names each problem; urls() lists Graph, and the token endpoint when one is set', () => {
    expect(connector.validate({}, { accessToken: TOKEN })).toEqual([]);
    expect(connector.validate({ userId: UPN, authorityUrl: 'https://login.example.com' }, CLIENT)).toEqual([]);
    const problems = connector.validate(
      { baseUrl: 'ftp://graph.example.com', windowDays: 5000, windowPastDays: -1, pageSize: 0, colour: 'red', userId: 'a b' },
      { password: 'x' },
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'settings.colour: is not a setting of a microsoft_calendar source',
        'settings.baseUrl: must be an http(s) URL of at most 2048 characters',
        'settings.windowDays: must be a whole number from 0 to 730',
        'settings.windowPastDays: must be a whole number from 0 to 365',
        'settings.pageSize: must be a whole number from 1 to 999',
        'settings.userId: must be a user id or user principal name (no spaces, / ? or #)',
        'credentials: give accessToken (a bearer token), or tenantId, clientId and clientSecret (client credentials)',
      ]),
    );
    expect(problems).toHaveLength(7);
    expect(connector.validate({}, CLIENT)).toEqual(['settings.userId: is required with client credentials (an application has no /me)']);
    expect(connector.validate({}, null)).toHaveLength(1);
    // The sign-in authority is vetted on save only when set; its default is vetted by the run that calls it.
    expect(connector.urls({})).toEqual(['https://graph.microsoft.com/v1.0']);
    expect(connector.urls({ baseUrl: `${server.baseUrl}/` })).toEqual([server.baseUrl]);
    expect(connector.urls({ authorityUrl: 'https://login.microsoftonline.com' })).toEqual([
      'https://graph.microsoft.com/v1.0',
      'https://login.microsoftonline.com',
    ]);
  });

  it('check() passes with a valid token and names the fix for a bad token or an unknown user', async () => {
    await expect(connector.check(context())).resolves.toBeUndefined();
    expect(server.requests.at(-1)!.url).toContain('/v1.0/me/calendar');

    const bad = await failure(connector.check(context({}, { accessToken: 'not-the-token' })));
    expect(bad.message).toMatch(/HTTP 401 \(InvalidAuthenticationToken: .*\); check the credentials/);
    expect(bad.retryable).toBe(false);

    const unknown = await failure(connector.check(context({ userId: 'nobody@contoso.com' })));
    expect(unknown.message).toMatch(/HTTP 404 \(ErrorInvalidUser: .*\); the user or their calendar does not exist/);
  });

  it('reads the window in pages, normalised, with the deltaLink as the next start', async () => {
    const pages = await read(null, context({ pageSize: 2 }));
    expect(pages.map((p) => [p.records.length, p.last])).toEqual([
      [2, false],
      [2, false],
      [1, true],
    ]);
    expect(titles(pages)).toEqual(['Kickoff', 'Last week', 'Offsite', 'Planning', 'Retro']);
    expect(pages[0].log).toEqual(['reading the whole calendar window']);
    // While paging the checkpoint is the nextLink; at the end the deltaLink, with the window it covers.
    expect(pages[0].checkpoint.nextLink).toMatch(/calendarView\/delta\?\$skiptoken=/);
    expect(pages[0].checkpoint.deltaLink).toBeUndefined();
    expect(lastState(pages).deltaLink).toMatch(/calendarView\/delta\?\$deltatoken=/);
    expect(lastState(pages).nextLink).toBeUndefined();
    const window = pages[2].window!;
    expect(window.to.getTime() - window.from.getTime()).toBe(121 * DAY);
    expect(lastState(pages).window).toEqual({ from: window.from.toISOString(), to: window.to.toISOString() });
    expect(pages.slice(0, 2).every((p) => p.window === undefined && !p.reset)).toBe(true);

    const planning = records(pages).find((r) => r.fields.title === 'Planning')!;
    const stored = [...server.events.values()].find((e) => e.subject === 'Planning')!;
    expect(planning).toEqual({
      externalId: stored.id,
      version: `W/"${stored.changeKey}"`,
      occursAt: day(2, 14),
      updatedAt: stored.lastModified,
      originLocalId: null,
      fields: {
        title: 'Planning',
        description: 'Goals for the quarter',
        scheduledStartAt: day(2, 14).toISOString(),
        scheduledEndAt: day(2, 15).toISOString(),
        participants: [
          { name: 'Grace Hopper', email: 'grace@example.com' },
          { name: 'alan@example.com', email: 'alan@example.com' },
        ],
        cancelled: false,
      },
      raw: expect.objectContaining({ id: stored.id, subject: 'Planning', isCancelled: false, type: 'singleInstance' }),
    });
    expect((records(pages).find((r) => r.fields.title === 'Offsite')!.fields as MeetingFields).cancelled).toBe(true);

    const first = server.requests.find((r) => r.url.includes('calendarView'))!;
    const url = new URL(first.url);
    expect(new Date(url.searchParams.get('startDateTime')!).getTime()).toBe(window.from.getTime());
    expect(new Date(url.searchParams.get('endDateTime')!).getTime()).toBe(window.to.getTime());
    expect(first.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first.headers.prefer).toContain('outlook.timezone="UTC"');
    expect(first.headers.prefer).toContain('odata.maxpagesize=2');
  });

  it('resumes a run killed after a page from its nextLink, losing nothing at the boundary', async () => {
    const killed = await read(null, context({ pageSize: 2 }), 1);
    expect(killed).toHaveLength(1);
    const rest = await read(killed[0].checkpoint, context({ pageSize: 2 }));
    expect(rest[0].log).toContain('resuming the change list where the last run stopped');
    expect([...titles(killed), ...titles(rest)].sort()).toEqual(['Kickoff', 'Last week', 'Offsite', 'Planning', 'Retro']);
    expect(records(killed).map((r) => r.externalId)).not.toContain(records(rest)[0].externalId);
    // A resumed read did not see the window's start: it does not claim the window's whole content.
    expect(rest.at(-1)!.window).toBeUndefined();
    expect(lastState(rest).deltaLink).toMatch(/\$deltatoken=/);
  });

  it('reads only the changes from the deltaLink, deletions as deleted, and says when nothing changed', async () => {
    const state = lastState(await read(null));
    const [planning, retro] = [...server.events.values()];
    server.editEvent(planning.id, { subject: 'Planning (moved)', start: day(4, 14), end: day(4, 15) });
    server.deleteEvent(retro.id);
    server.addEvent({ subject: 'New 1:1', start: day(1, 11), end: day(1, 12) });
    // A change outside the window is not reported.
    server.addEvent({ subject: 'Far away', start: day(300, 9), end: day(300, 10) });

    const changes = await read(state);
    expect(changes).toHaveLength(1);
    expect(changes[0].log).toEqual(['reading the changes since the last run']);
    expect(changes[0].window).toBeUndefined();
    expect(changes[0].notModified).toBeUndefined();
    const byId = new Map(records(changes).map((r) => [r.externalId, r]));
    expect(byId.size).toBe(3);
    expect(byId.get(planning.id)!.fields).toMatchObject({ title: 'Planning (moved)', scheduledStartAt: day(4, 14).toISOString() });
    expect(byId.get(planning.id)!.version).toBe(`W/"${planning.changeKey}"`);
    expect(byId.get(retro.id)).toMatchObject({ deleted: true, raw: { id: retro.id, removed: 'deleted' } });
    expect([...byId.values()].find((r) => !r.deleted && r.externalId !== planning.id)!.fields.title).toBe('New 1:1');

    const again = await read(lastState(changes));
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ records: [], last: true, notModified: true });
    expect(lastState(again).deltaLink).not.toBe(lastState(changes).deltaLink);
  });

  it('answers an expired delta token (410 Gone) with a full read marked reset', async () => {
    const state = lastState(await read(null));
    server.expireDeltaTokens();
    const pages = await read(state, context({ pageSize: 3 }));
    expect(server.requests.some((r) => r.status === 410)).toBe(true);
    expect(pages[0].reset).toBe(true);
    expect(pages[0].log![0]).toMatch(/refused the stored change token \(HTTP 410, SyncStateNotFound\): reading the whole window again/);
    expect(pages.slice(1).some((p) => p.reset)).toBe(false);
    expect(titles(pages)).toEqual(['Kickoff', 'Last week', 'Offsite', 'Planning', 'Retro']);
    expect(pages.at(-1)!.window).toBeDefined();
    expect(lastState(pages).deltaLink).toMatch(/\$deltatoken=/);
  });

  it('restarts a resumed read whose nextLink expired (410 on the skip token) as a full read', async () => {
    const killed = await read(null, context({ pageSize: 2 }), 1);
    server.expireDeltaTokens();
    const pages = await read(killed[0].checkpoint, context({ pageSize: 2 }));
    expect(pages[0].reset).toBe(true);
    expect(pages[0].log).toEqual([
      'resuming the change list where the last run stopped',
      'Graph refused the stored change token (HTTP 410, SyncStateNotFound): reading the whole window again',
      'reading the whole calendar window',
    ]);
    expect(titles(pages)).toEqual(['Kickoff', 'Last week', 'Offsite', 'Planning', 'Retro']);
    expect(pages.at(-1)!.window).toBeDefined();
  });

  it('reads the window again when it has moved on (the stored window is a week behind)', async () => {
    const state = lastState(await read(null));
    const old = { from: new Date(Date.now() - 60 * DAY).toISOString(), to: new Date(Date.now() + 60 * DAY).toISOString() };
    const pages = await read({ ...state, window: old });
    expect(pages[0].log).toContain('the calendar window moved or the base URL changed: reading the window again');
    expect(pages.at(-1)!.window).toBeDefined();
    expect(titles(pages)).toHaveLength(5);
  });

  it('pushes a new meeting with the origin marker, and the echo pulled back equals the answer', async () => {
    const state = lastState(await read(null));
    const localId = randomUUID();
    const fields: MeetingFields = {
      title: 'Design review',
      description: 'Bring the mock-ups',
      scheduledStartAt: day(6, 13).toISOString(),
      scheduledEndAt: day(6, 14).toISOString(),
      participants: [{ name: 'Ada Lovelace', email: 'ada@example.com' }],
      cancelled: false,
    };
    const pushed = await connector.push(context(), 'events', {
      localId,
      externalId: null,
      version: null,
      fields,
      link: 'https://quorum.example/m/1',
    });
    expect(pushed.fields).toEqual(fields);
    const stored = server.events.get(pushed.externalId)!;
    expect(stored.extended.get(QUORUM_ID_PROPERTY)).toBe(localId);
    expect(pushed.version).toBe(`W/"${stored.changeKey}"`);
    expect(pushed.occursAt).toEqual(day(6, 13));

    const echo = records(await read(state)).find((r) => r.externalId === pushed.externalId)!;
    expect(echo.fields).toEqual(pushed.fields);
    expect(echo.version).toBe(pushed.version);

    await expect(connector.findPushed(context(), 'events', localId)).resolves.toEqual(pushed);
    await expect(connector.findPushed(context(), 'events', randomUUID())).resolves.toBeNull();
    // A quote in the id is escaped in the OData literal, not an injection.
    await expect(connector.findPushed(context(), 'events', `x' or ep/value ne '`)).resolves.toBeNull();
  });

  it('updates with If-Match; a stale version is refused as changed remotely (412)', async () => {
    const planning = [...server.events.values()][0];
    const [record] = records(await read(null)).filter((r) => r.externalId === planning.id);
    const localId = randomUUID();
    const fields: MeetingFields = { ...(record.fields as MeetingFields), title: 'Planning (agenda)', scheduledEndAt: null };
    const updated = await connector.push(context(), 'events', {
      localId,
      externalId: planning.id,
      version: record.version,
      fields,
      link: 'x',
    });
    const patch = server.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(patch.headers['if-match']).toBe(record.version);
    expect(updated.version).not.toBe(record.version);
    // Graph needs an end: the answer holds what the calendar now has (30 minutes).
    expect(updated.fields).toEqual({ ...fields, scheduledEndAt: new Date(day(2, 14).getTime() + 30 * 60_000).toISOString() });
    expect(server.events.get(planning.id)!.extended.get(QUORUM_ID_PROPERTY)).toBe(localId);

    server.editEvent(planning.id, { subject: 'Edited in Outlook' });
    const stale = await failure(
      connector.push(context(), 'events', { localId, externalId: planning.id, version: updated.version, fields, link: 'x' }),
    );
    expect(stale.message).toMatch(/changed on the calendar since Quorum last read it \(HTTP 412\)/);
    expect(server.events.get(planning.id)!.subject).toBe('Edited in Outlook');

    server.deleteEvent(planning.id);
    const gone = await failure(connector.push(context(), 'events', { localId, externalId: planning.id, version: null, fields, link: 'x' }));
    expect(gone.message).toMatch(/no longer exists/);
  });

  it('honours a 429 Retry-After', async () => {
    server.throttleNext(1, /calendarView/);
    const started = Date.now();
    const pages = await read(null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(titles(pages)).toHaveLength(5);
    expect(server.requests.filter((r) => r.url.includes('calendarView')).map((r) => r.status)).toEqual([429, 200]);
  });

  it('refuses to follow a paging link outside the configured base URL (the token would go there)', async () => {
    server.linkBase = 'http://127.0.0.2:9/v1.0';
    const error = await failure(read(null, context({ pageSize: 2 })));
    expect(error.message).toBe('Graph answered with a paging link outside the configured baseUrl (http://127.0.0.2:9)');
    expect(server.requests.filter((r) => r.url.includes('calendarView'))).toHaveLength(1);

    // A stored link elsewhere (the base URL was changed) starts over on the configured one instead.
    server.linkBase = null;
    const pages = await read({
      deltaLink: 'https://graph.evil.example/v1.0/me/calendarView/delta?$deltatoken=x',
      window: lastState(await read(null)).window,
    });
    expect(pages.at(-1)!.window).toBeDefined();
    expect(server.requests.every((r) => r.url.startsWith(server.origin))).toBe(true);
  });

  it('reads a named mailbox with client credentials, asking the token endpoint once per run', async () => {
    const settings = { userId: UPN, authorityUrl: server.origin };
    const ctx = context({ ...settings, pageSize: 2 }, CLIENT);
    const pages = await read(null, ctx);
    expect(titles(pages)).toHaveLength(5);
    const tokenCalls = server.requests.filter((r) => r.url.includes('/oauth2/v2.0/token'));
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0].url).toBe(`${server.origin}/${CLIENT.tenantId}/oauth2/v2.0/token`);
    const calls = server.requests.filter((r) => r.url.includes('calendarView'));
    expect(calls).toHaveLength(3);
    expect(calls.every((r) => r.url.includes(`/v1.0/users/${encodeURIComponent(UPN)}/calendarView/delta`))).toBe(true);
    expect(calls.every((r) => r.headers.authorization !== `Bearer ${TOKEN}` && r.headers.authorization?.startsWith('Bearer eyJ'))).toBe(
      true,
    );

    const bad = await failure(connector.check(context(settings, { ...CLIENT, clientSecret: 'wrong-secret-value' })));
    expect(bad.message).toBe('the token endpoint answered HTTP 401 (invalid_client); check the tenant id, client id and client secret');
  });

  // Runs last (Jest keeps the order of a file's tests): everything the tests above made the connector say.
  it('never names a credential in a log line or an error message', () => {
    expect(said.length).toBeGreaterThan(10);
    for (const line of said) for (const secret of [TOKEN, CLIENT.clientSecret, 'wrong-secret-value']) expect(line).not.toContain(secret);
  });
});
