import { randomUUID } from 'node:crypto';
import { OutboundHttp, type AppConfig } from '@quorum/platform';
import { CalDavConnector } from '../libs/data-sync/src/connectors/caldav/caldav.connector';
import { CircuitBreaker } from '../libs/data-sync/src/connectors/circuit-breaker';
import {
  type ConnectorContext,
  ConnectorError,
  type ConnectorPage,
  type MeetingFields,
  type RemoteRecord,
} from '../libs/data-sync/src/connectors/connector';
import { SOURCE_HTTP_DEFAULTS, SourceHttp } from '../libs/data-sync/src/connectors/source-http';
import { TokenBucket } from '../libs/data-sync/src/connectors/token-bucket';
import { RadicaleServer } from './support/radicale-server';

const DAY = 86_400_000;

/** An iCalendar UTC date-time. */
const stamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

/** Day `n` from today at `hour`:00 UTC. */
const day = (n: number, hour: number) => {
  const d = new Date(Date.now() + n * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour));
};

function event(uid: string, summary: string, start: Date, extra: string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Quorum tests//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${stamp(new Date())}`,
    `SUMMARY:${summary}`,
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(new Date(start.getTime() + 3_600_000))}`,
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** A weekly standup, 3 occurrences. */
const standup = (summary = 'Standup') => event('standup@example.com', summary, day(2, 9), ['RRULE:FREQ=WEEKLY;COUNT=3']);

async function pages(iterable: AsyncIterable<ConnectorPage>): Promise<ConnectorPage[]> {
  const out: ConnectorPage[] = [];
  for await (const page of iterable) out.push(page);
  return out;
}

const records = (list: ConnectorPage[]): RemoteRecord[] => list.flatMap((p) => p.records);
const ids = (list: RemoteRecord[]) => list.map((r) => r.externalId).sort();

describe('CalDAV connector against Radicale', () => {
  const radicale = new RadicaleServer();
  const connector = new CalDavConnector();
  let controller: AbortController;

  const context = (
    calendarUrl: string,
    credentials: Record<string, string> | null = { username: radicale.username, password: radicale.password },
  ): ConnectorContext => {
    const outbound = new OutboundHttp({ outboundAllowPrivateNetworks: true } as AppConfig);
    const http = new SourceHttp(outbound, new CircuitBreaker(), new TokenBucket(60_000), controller.signal, {
      ...SOURCE_HTTP_DEFAULTS,
      backoffMs: 10,
    });
    return {
      sourceId: randomUUID(),
      settings: { calendarUrl, windowDays: 60, windowPastDays: 7 },
      credentials,
      signal: controller.signal,
      http,
    };
  };

  beforeAll(async () => {
    await radicale.start();
    // tsdav must call out through the source's client only: the global fetch would skip the SSRF guard and the limits.
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('the global fetch was used'));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await radicale.stop();
  });
  beforeEach(() => {
    controller = new AbortController();
    connector.pageSize = 50;
    radicale.requests.length = 0;
  });

  it('reads the whole calendar, then only what changed, deletions included, by the sync token', async () => {
    const url = await radicale.makeCalendar('team');
    await radicale.putEvent('team', 'standup.ics', standup());
    await radicale.putEvent(
      'team',
      'planning.ics',
      event('planning@example.com', 'Planning', day(5, 14), [
        'DESCRIPTION:Goals for the quarter',
        'ATTENDEE;CN=Grace Hopper:mailto:Grace@Example.com',
        'ATTENDEE;CN=Alan Turing:mailto:alan@example.com',
      ]),
    );
    await radicale.putEvent('team', 'offsite.ics', event('offsite@example.com', 'Offsite', day(10, 8), ['STATUS:CANCELLED']));
    await radicale.putEvent('team', 'retro.ics', event('retro@example.com', 'Retro', day(6, 16)));
    // Outside the 60-day window: not read.
    await radicale.putEvent('team', 'far.ics', event('far@example.com', 'Far away', day(200, 10)));
    const ctx = context(url);

    const first = await pages(connector.read(ctx, 'events', null));
    expect(first).toHaveLength(1);
    expect(first[0]!.last).toBe(true);
    expect(first[0]!.window).toBeDefined();
    const all = records(first);
    expect(ids(all)).toEqual(
      [
        'offsite@example.com',
        'planning@example.com',
        'retro@example.com',
        ...[0, 1, 2].map((w) => `standup@example.com/${new Date(day(2, 9).getTime() + w * 7 * DAY).toISOString()}`),
      ].sort(),
    );
    const planning = all.find((r) => r.externalId === 'planning@example.com')!;
    expect(planning.fields).toEqual({
      title: 'Planning',
      description: 'Goals for the quarter',
      scheduledStartAt: day(5, 14).toISOString(),
      scheduledEndAt: day(5, 15).toISOString(),
      participants: [
        { name: 'Grace Hopper', email: 'grace@example.com' },
        { name: 'Alan Turing', email: 'alan@example.com' },
      ],
      cancelled: false,
    });
    expect(planning.version).toMatch(/^".+"$/);
    expect(planning.originLocalId).toBeNull();
    expect(planning.raw).toMatchObject({ uid: 'planning@example.com', href: '/quorum-sync/team/planning.ics' });
    expect((all.find((r) => r.externalId === 'offsite@example.com')!.fields as MeetingFields).cancelled).toBe(true);
    const checkpoint = first[0]!.checkpoint;
    expect(checkpoint.syncToken).toEqual(expect.stringContaining('http'));

    // Nothing changed: one REPORT, no multiget.
    radicale.requests.length = 0;
    const quiet = await pages(connector.read(ctx, 'events', checkpoint));
    expect(quiet).toEqual([expect.objectContaining({ records: [], last: true, notModified: true })]);
    expect(radicale.requests.map((r) => r.method)).toEqual(['REPORT']);

    // Changed behind the connector's back: planning renamed, the retro deleted, the standup loses its 3rd week.
    await radicale.putEvent('team', 'planning.ics', event('planning@example.com', 'Planning (moved)', day(5, 15), ['SEQUENCE:1']));
    await radicale.deleteEvent('team', 'retro.ics');
    await radicale.deleteEvent('team', 'standup.ics');
    await radicale.putEvent('team', 'standup.ics', event('standup@example.com', 'Standup', day(2, 9), ['RRULE:FREQ=WEEKLY;COUNT=2']));
    const second = await pages(connector.read(ctx, 'events', checkpoint));
    expect(second).toHaveLength(1);
    expect(second[0]!.window).toBeUndefined();
    const changed = records(second);
    const third = `standup@example.com/${new Date(day(2, 9).getTime() + 14 * DAY).toISOString()}`;
    expect(
      changed
        .filter((r) => r.deleted)
        .map((r) => r.externalId)
        .sort(),
    ).toEqual([third, 'retro@example.com'].sort());
    expect(changed.find((r) => r.externalId === 'planning@example.com')?.fields).toMatchObject({
      title: 'Planning (moved)',
      scheduledStartAt: day(5, 15).toISOString(),
    });
    expect(changed.find((r) => r.externalId === 'planning@example.com')?.version).not.toBe(planning.version);
    // Only the changed resources came back: not the offsite.
    expect(changed.some((r) => r.externalId === 'offsite@example.com')).toBe(false);
    expect(Object.keys(second[0]!.checkpoint.resources as object).sort()).toEqual(
      ['/quorum-sync/team/offsite.ics', '/quorum-sync/team/planning.ics', '/quorum-sync/team/standup.ics'].sort(),
    );
    // Every request went through the source's client, with the credentials.
    expect(radicale.requests.every((r) => r.authorized)).toBe(true);
  });

  it('pages a calendar and resumes from a page checkpoint without losing resources', async () => {
    const url = await radicale.makeCalendar('paged');
    for (let i = 0; i < 7; i++) await radicale.putEvent('paged', `e${i}.ics`, event(`e${i}@example.com`, `Event ${i}`, day(3, 8 + i)));
    connector.pageSize = 3;
    const ctx = context(url);
    const all = await pages(connector.read(ctx, 'events', null));
    expect(all.map((p) => [p.records.length, p.last])).toEqual([
      [3, false],
      [3, false],
      [1, true],
    ]);
    expect(new Set(ids(records(all))).size).toBe(7);
    // Only the last page carries the window and the new sync token; the others keep the pass to finish.
    expect(all[0]!.checkpoint.syncToken).toBeNull();
    expect((all[0]!.checkpoint.pending as { hrefs: string[] }).hrefs).toHaveLength(4);

    // A run stopped after the first page: the next one reads the remaining 4 (and an event added meanwhile later).
    await radicale.putEvent('paged', 'late.ics', event('late@example.com', 'Late', day(4, 8)));
    const resumed = await pages(connector.read(ctx, 'events', all[0]!.checkpoint));
    expect(resumed.map((p) => p.records.length)).toEqual([3, 1]);
    // Its pages are not all this run's: it must not let the engine delete what it did not see (no window).
    expect(resumed.at(-1)!.window).toBeUndefined();
    expect(all.at(-1)!.window).toBeDefined();
    expect(ids([...all[0]!.records, ...records(resumed)])).toEqual(ids(records(all)));
    // ...and the next run reads in full again, naming the window this time.
    const after = await pages(connector.read(ctx, 'events', resumed.at(-1)!.checkpoint));
    expect(ids(records(after))).toEqual(ids([...records(all), { externalId: 'late@example.com' } as RemoteRecord]));
    expect(after.at(-1)!.window).toBeDefined();
    const next = await pages(connector.read(ctx, 'events', after.at(-1)!.checkpoint));
    expect(next[0]!.notModified).toBe(true);
  });

  it('reads everything again, with reset, when the server refuses the sync token', async () => {
    const url = await radicale.makeCalendar('reset');
    await radicale.putEvent('reset', 'a.ics', event('a@example.com', 'A', day(1, 10)));
    const ctx = context(url);
    // A resource name that needs escaping in an href (Radicale escapes it; the connector must match it either way).
    await radicale.putEvent('reset', 'with%20space%40x.ics', event('spaced@example.com', 'Spaced', day(1, 12)));
    const first = await pages(connector.read(ctx, 'events', null));
    expect(ids(records(first))).toEqual(['a@example.com', 'spaced@example.com']);
    await radicale.deleteEvent('reset', 'with%20space%40x.ics');
    const removed = await pages(connector.read(ctx, 'events', first[0]!.checkpoint));
    expect(records(removed)).toEqual([expect.objectContaining({ externalId: 'spaced@example.com', deleted: true })]);
    const stale = {
      ...first[0]!.checkpoint,
      syncToken: 'http://radicale.org/ns/sync/0000000000000000000000000000000000000000000000000000000000000000',
    };
    const again = await pages(connector.read(ctx, 'events', stale));
    expect(again[0]!.reset).toBe(true);
    expect(again[0]!.log?.join('\n')).toMatch(/refused the stored sync token/);
    expect(again.at(-1)!.window).toBeDefined();
    expect(ids(records(again))).toEqual(['a@example.com']);
    expect(again.at(-1)!.checkpoint.syncToken).toBe(removed[0]!.checkpoint.syncToken);

    // Unchanged, but the last full read is a day old: everything is read again (no reset), naming the whole window.
    const dayOld = { ...again.at(-1)!.checkpoint, fullReadAt: new Date(Date.now() - 25 * 3_600_000).toISOString() };
    const refreshed = await pages(connector.read(ctx, 'events', dayOld));
    expect(refreshed[0]!.reset).toBeUndefined();
    expect(refreshed.at(-1)!.window).toBeDefined();
    expect(ids(records(refreshed))).toEqual(['a@example.com']);
    const fresh = await pages(connector.read(ctx, 'events', refreshed.at(-1)!.checkpoint));
    expect(fresh[0]!.notModified).toBe(true);
  });

  it('pushes a meeting (create, update), reads the same thing back, finds it by its origin marker, and reports a remote change as 412', async () => {
    const url = await radicale.makeCalendar('pushed');
    const ctx = context(url);
    const base = await pages(connector.read(ctx, 'events', null));
    const localId = randomUUID();
    const fields: MeetingFields = {
      title: 'Design review; part 1, with a long title that needs folding over more than seventy-five octets',
      description: 'Agenda:\n- the API\n- the docs',
      scheduledStartAt: day(3, 13).toISOString(),
      scheduledEndAt: day(3, 14).toISOString(),
      participants: [{ name: 'Ada Lovelace', email: 'ada@example.com' }],
      cancelled: false,
    };
    expect(await connector.findPushed(ctx, 'events', localId)).toBeNull();
    const created = await connector.push(ctx, 'events', {
      localId,
      externalId: null,
      version: null,
      fields,
      link: 'https://quorum.test/m/1',
    });
    expect(created.externalId).toBe(`${localId}@quorum`);
    expect(created.fields).toEqual(fields);
    const stored = await radicale.getEvent('pushed', `${localId}.ics`);
    expect(stored.body).toContain(`X-QUORUM-ID:${localId}`);
    expect(radicale.requests.find((r) => r.method === 'PUT')?.headers['if-none-match']).toBe('*');

    // The echo: pulled as read() normalises it, equal to the push's answer.
    const echo = await pages(connector.read(ctx, 'events', base.at(-1)!.checkpoint));
    const pulled = records(echo).find((r) => r.externalId === created.externalId)!;
    expect(pulled.fields).toEqual(created.fields);
    expect(pulled.version).toBe(created.version);
    expect(pulled.originLocalId).toBe(localId);
    expect(await connector.findPushed(ctx, 'events', localId)).toEqual(created);

    const moved = {
      ...fields,
      title: 'Design review (moved)',
      scheduledStartAt: day(4, 9).toISOString(),
      scheduledEndAt: day(4, 10).toISOString(),
      cancelled: true,
    };
    const updated = await connector.push(ctx, 'events', {
      localId,
      externalId: created.externalId,
      version: created.version,
      fields: moved,
      link: '',
    });
    expect(updated.fields).toEqual(moved);
    expect(updated.version).not.toBe(created.version);

    // Someone edits it on the calendar: Quorum's next write with the old ETag is refused.
    await radicale.putEvent(
      'pushed',
      `${localId}.ics`,
      (await radicale.getEvent('pushed', `${localId}.ics`)).body.replace('Design review (moved)', 'Edited in the calendar app'),
    );
    await expect(
      connector.push(ctx, 'events', { localId, externalId: created.externalId, version: updated.version, fields: moved, link: '' }),
    ).rejects.toThrow(/changed on the calendar.*412/);

    // A create whose answer was lost (the resource exists with this meeting's marker) overwrites it instead of failing.
    const again = await connector.push(ctx, 'events', { localId, externalId: null, version: null, fields, link: '' });
    expect(again.fields).toEqual(fields);
  });

  it("writes a meeting's change into an event the calendar had, leaving what Quorum does not model as it was", async () => {
    const url = await radicale.makeCalendar('foreign');
    const start = day(6, 9);
    const wall = stamp(start).replace('Z', '');
    await radicale.putEvent(
      'foreign',
      'kickoff.ics',
      event('kickoff@example.com', 'Kickoff', start, [
        'ATTENDEE;CN=Grace Hopper;PARTSTAT=ACCEPTED:mailto:grace@example.com',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'DESCRIPTION:Reminder',
        'TRIGGER:-PT10M',
        'END:VALARM',
      ])
        .replace(`DTSTART:${stamp(start)}`, `DTSTART;TZID=Europe/Berlin:${wall}`)
        .replace(/DTEND:[0-9TZ]+/, `DTEND;TZID=Europe/Berlin:${wall.replace(/T09/, 'T10')}`),
    );
    await radicale.putEvent('foreign', 'weekly.ics', standup());
    const ctx = context(url);
    const first = await pages(connector.read(ctx, 'events', null));
    const kickoff = records(first).find((r) => r.externalId === 'kickoff@example.com')!;
    const localId = randomUUID();
    const fields = { ...(kickoff.fields as MeetingFields), description: 'Agenda: goals' };

    const pushed = await connector.push(ctx, 'events', {
      localId,
      externalId: kickoff.externalId,
      version: kickoff.version,
      fields,
      link: '',
    });
    expect(pushed).toMatchObject({ externalId: 'kickoff@example.com', fields });
    expect(pushed.version).not.toBe(kickoff.version);
    const stored = (await radicale.getEvent('foreign', 'kickoff.ics')).body.replace(/\r?\n[ \t]/g, '');
    expect(stored).toContain('DTSTART;TZID=Europe/Berlin:');
    expect(stored).toContain('PARTSTAT=ACCEPTED');
    expect(stored).toContain('BEGIN:VALARM');
    expect(stored).toContain(`X-QUORUM-ID:${localId}`);
    expect(stored).not.toMatch(/^SEQUENCE:1/m);

    const echo = records(await pages(connector.read(ctx, 'events', first.at(-1)!.checkpoint)));
    expect(echo.map((r) => r.externalId)).toEqual(['kickoff@example.com']);
    expect(echo[0]).toMatchObject({ fields: pushed.fields, version: pushed.version, originLocalId: localId });

    // Written with the ETag Quorum read before its own write: someone else's change would be lost, so it is refused.
    await expect(
      connector.push(ctx, 'events', { localId, externalId: kickoff.externalId, version: kickoff.version, fields, link: '' }),
    ).rejects.toThrow(/412/);
    const occurrence = records(first).find((r) => r.externalId.startsWith('standup@example.com/'))!;
    await expect(
      connector.push(ctx, 'events', {
        localId: randomUUID(),
        externalId: occurrence.externalId,
        version: occurrence.version,
        fields,
        link: '',
      }),
    ).rejects.toThrow(/recurring event/);
    await expect(
      connector.push(ctx, 'events', { localId: randomUUID(), externalId: 'nobody@example.com', version: null, fields, link: '' }),
    ).rejects.toThrow(/gone from the calendar/);
  });

  it('checks the connection, and names the problem an operator can fix', async () => {
    const url = await radicale.makeCalendar('checked');
    await expect(connector.check(context(url))).resolves.toBeUndefined();

    const wrong = { username: radicale.username, password: 'Wrong-Secret-Pa55' };
    const refused = connector.check(context(url, wrong));
    await expect(refused).rejects.toThrow(/HTTP 401.*check the credentials/);
    const bad = await pages(connector.read(context(url, wrong), 'events', null)).catch((error: Error) => error);
    expect(bad).toBeInstanceOf(ConnectorError);
    expect((bad as Error).message).not.toContain('Wrong-Secret-Pa55');
    expect((bad as Error).message).not.toContain(Buffer.from(`${radicale.username}:Wrong-Secret-Pa55`).toString('base64'));

    await expect(connector.check(context(`${radicale.url}/${radicale.username}/missing/`))).rejects.toThrow(/HTTP 404.*does not exist/);
    // The user's principal collection exists but is no calendar.
    await expect(connector.check(context(`${radicale.url}/${radicale.username}/`))).rejects.toThrow(/not a calendar collection/);
  });

  it('waits as a 429 Retry-After asks, then goes on', async () => {
    const url = await radicale.makeCalendar('limited');
    await radicale.putEvent('limited', 'a.ics', event('a@example.com', 'A', day(1, 10)));
    radicale.failNext(429, { 'retry-after': '1' }, 'slow down');
    const started = Date.now();
    const read = await pages(connector.read(context(url), 'events', null));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(ids(records(read))).toEqual(['a@example.com']);
    expect(radicale.requests.filter((r) => r.method === 'REPORT')).toHaveLength(3);
  });

  it('keeps credentials out of every log line, record and checkpoint', async () => {
    const url = await radicale.makeCalendar('secret');
    await radicale.putEvent('secret', 'a.ics', event('a@example.com', 'A', day(1, 10)));
    const ctx = context(url);
    const read = await pages(connector.read(ctx, 'events', null));
    const text = JSON.stringify(read);
    expect(read[0]!.log?.length).toBeGreaterThan(0);
    expect(text).not.toContain(radicale.password);
    expect(text).not.toContain(Buffer.from(`${radicale.username}:${radicale.password}`).toString('base64'));
  });

  it('validates settings and credentials', () => {
    expect(connector.validate({ calendarUrl: 'https://dav.example.com/cal/' }, { username: 'u', password: 'p' })).toEqual([]);
    expect(connector.validate({ calendarUrl: 'https://dav.example.com/cal/', windowDays: 30 }, { token: 't' })).toEqual([]);
    const problems = connector.validate({ calendarUrl: 'ftp://x', windowDays: -1, windowPastDays: 1.5, colour: 'red' }, { username: 'u' });
    expect(problems).toEqual([
      'settings.colour: is not a setting of a caldav source',
      expect.stringMatching(/^settings\.calendarUrl: /),
      expect.stringMatching(/^settings\.windowDays: /),
      expect.stringMatching(/^settings\.windowPastDays: /),
      expect.stringMatching(/^credentials: /),
    ]);
    expect(connector.validate({ calendarUrl: 'https://dav.example.com/cal/' }, null)).toEqual([expect.stringMatching(/^credentials: /)]);
    expect(connector.urls({ calendarUrl: 'https://dav.example.com/cal/' })).toEqual(['https://dav.example.com/cal/']);
  });
});
