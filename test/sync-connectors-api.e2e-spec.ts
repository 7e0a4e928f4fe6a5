import request from 'supertest';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { GoogleCalendarServer } from './support/google-calendar-server';
import { JiraServer } from './support/jira-server';
import { RadicaleServer } from './support/radicale-server';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob } from './support/until';

jest.setTimeout(120_000);

const GOOGLE_TOKEN = 'ya29.connectors-api-google-token-never-shown';
const HOUR = 3_600_000;

/**
 * The connectors that test/sync-two-way.e2e-spec.ts does not drive, as a user drives them: through the API and the
 * sync engine, against a real Radicale and against servers speaking Google Calendar's and Jira Cloud's REST
 * protocols. Each pulls, pushes, reads its own push back without importing it again, and brings a remote change in.
 */
describe('connectors through the API (CalDAV, Google Calendar, Jira)', () => {
  let t: TestApp;
  let owner: TokenResponse;
  const radicale = new RadicaleServer();
  const google = new GoogleCalendarServer({ token: GOOGLE_TOKEN });
  const jira = new JiraServer('OPS');
  const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 72 * HOUR);
  const bodies: string[] = [];

  const api = async (method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    const call = request(t.server)[method](`/api/v1${path}`).set(bearer(owner));
    const res = await (body ? call.send(body) : call);
    bodies.push(res.text);
    return res;
  };
  const run = async (sourceId: string) => {
    const accepted = await api('post', `/sync/sources/${sourceId}/runs`);
    expect(accepted.status).toBe(202);
    const job = await settledJob(t, owner, accepted.body.location, 60_000);
    expect(job.status).toBe('succeeded');
    const result = (await api('get', job.links.result.replace('/api/v1', ''))).body as {
      status: string;
      reason: string | null;
      streams: Record<string, Record<string, number>>;
    };
    expect(result.reason).toBeNull();
    return result;
  };
  const meetingsTitled = async (title: string) =>
    ((await api('get', `/meetings?q=${encodeURIComponent(title)}`)).body.items as { id: string; title: string }[]).filter(
      (m) => m.title === title,
    );
  const newMeeting = async (title: string) =>
    (await api('post', '/meetings', { title, scheduledStartAt: new Date(start.getTime() + 2 * HOUR).toISOString() })).body.id as string;

  beforeAll(async () => {
    await Promise.all([radicale.start(), google.start(), jira.start()]);
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } });
    owner = await register(t, { name: 'Olive Owner' });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([radicale.stop(), google.stop(), jira.stop()]);
  });

  it('CalDAV (Radicale): pulls an event, pushes a Quorum meeting as an event with its marker, and does not import it back', async () => {
    const calendarUrl = await radicale.makeCalendar('team');
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    await radicale.putEvent(
      'team',
      'retro.ics',
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Quorum tests//EN',
        'BEGIN:VEVENT',
        'UID:retro@example.com',
        `DTSTAMP:${stamp(new Date())}`,
        `DTSTART:${stamp(start)}`,
        `DTEND:${stamp(new Date(start.getTime() + HOUR))}`,
        'SUMMARY:CalDAV retro',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    const source = await api('post', '/sync/sources', {
      name: 'Radicale',
      kind: 'caldav',
      settings: { calendarUrl },
      credentials: { username: radicale.username, password: radicale.password },
      streams: [{ name: 'events', direction: 'both' }],
    });
    expect(source.status).toBe(201);
    expect((await api('post', `/sync/sources/${source.body.id}/check`)).body).toEqual({ ok: true });

    const first = await run(source.body.id);
    expect(first.streams.events).toMatchObject({ created: 1, failed: 0 });
    expect(await meetingsTitled('CalDAV retro')).toHaveLength(1);

    const planning = await newMeeting('CalDAV planning');
    const second = await run(source.body.id);
    expect(second.streams.events.pushed).toBeGreaterThanOrEqual(1);
    const pushed = await radicale.getEvent('team', `${planning}.ics`);
    expect(pushed.status).toBe(200);
    expect(pushed.body).toContain(`X-QUORUM-ID:${planning}`);
    expect(pushed.body).toContain('SUMMARY:CalDAV planning');

    const third = await run(source.body.id);
    expect(third.streams.events).toMatchObject({ created: 0, pushed: 0, failed: 0 });
    expect(await meetingsTitled('CalDAV planning')).toHaveLength(1);
  });

  it('Google Calendar: pulls an event, pushes a meeting with quorumId, and brings a remote retitle in', async () => {
    google.put({
      id: 'kickoff0001',
      summary: 'Google kickoff',
      start: { dateTime: start.toISOString() },
      end: { dateTime: new Date(start.getTime() + HOUR).toISOString() },
      attendees: [{ email: 'ada@example.com', displayName: 'Ada Lovelace' }],
    });
    const source = await api('post', '/sync/sources', {
      name: 'Google',
      kind: 'google_calendar',
      settings: { rootUrl: google.rootUrl },
      credentials: { accessToken: GOOGLE_TOKEN },
      streams: [{ name: 'events', direction: 'both' }],
    });
    expect(source.status).toBe(201);
    const first = await run(source.body.id);
    expect(first.streams.events).toMatchObject({ failed: 0 });
    expect(first.streams.events.created).toBeGreaterThanOrEqual(1);
    const [kickoff] = await meetingsTitled('Google kickoff');
    expect(kickoff).toBeDefined();

    const review = await newMeeting('Google review');
    await run(source.body.id);
    const mine = [...google.events().values()].find((e) => e.extendedProperties?.private?.quorumId === review);
    expect(mine).toMatchObject({ summary: 'Google review' });

    google.put({ id: 'kickoff0001', summary: 'Google kickoff (moved)' });
    const next = await run(source.body.id);
    expect(next.streams.events).toMatchObject({ updated: 1, created: 0, failed: 0 });
    expect((await api('get', `/meetings/${kickoff.id}`)).body.title).toBe('Google kickoff (moved)');
    expect(await meetingsTitled('Google review')).toHaveLength(1);
  });

  it('Jira Cloud: pushes an action item as an issue, and a Done issue completes it', async () => {
    const item = (await api('post', '/action-items', { title: 'Renew the TLS certificate', dueAt: '2026-12-15T00:00:00.000Z' })).body
      .id as string;
    const source = await api('post', '/sync/sources', {
      name: 'Ops board',
      kind: 'jira',
      settings: { siteUrl: jira.url, projectKey: 'OPS' },
      credentials: { email: jira.email, apiToken: jira.apiToken },
      streams: [{ name: 'issues', direction: 'both' }],
    });
    expect(source.status).toBe(201);
    const first = await run(source.body.id);
    expect(first.streams.issues).toMatchObject({ pushed: 1, failed: 0 });
    const issue = [...jira.issues.values()].find((i) => i.summary === 'Renew the TLS certificate');
    expect(issue).toMatchObject({ duedate: '2026-12-15' });
    expect(jira.descriptionText(issue!.key)).toContain(`quorum-id: ${item}`);

    const quiet = await run(source.body.id);
    expect(quiet.streams.issues).toMatchObject({ pushed: 0, created: 0, updated: 0 });

    issue!.statusId = jira.status('Done').id;
    issue!.updated = Date.now() + 61_000;
    const next = await run(source.body.id);
    expect(next.streams.issues).toMatchObject({ updated: 1, failed: 0 });
    expect((await api('get', `/action-items/${item}`)).body.status).toBe('done');
  });

  it('never answers a credential', () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) {
      for (const secret of [radicale.password, GOOGLE_TOKEN, jira.apiToken]) expect(body).not.toContain(secret);
    }
  });
});
