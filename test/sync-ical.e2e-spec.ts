import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { expectProblem } from './support/problem';
import { freePort, spawnApp, waitForStatus } from './support/processes';
import { createTestDatabase } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob, until } from './support/until';

const DAY = 86_400_000;
const PASSWORD = 'Sup3r-Secret-Feed-Pa55';

/** An iCalendar date-time, UTC (`Z`) or as a wall-clock time for a TZID. */
const stamp = (date: Date, utc = true) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, utc ? 'Z' : '');

/** Day `n` from today at `hour`:00 (UTC components, read as wall-clock time where a TZID is given). */
const day = (n: number, hour: number) => {
  const d = new Date(Date.now() + n * DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour));
};

interface FeedOptions {
  prefix?: string;
  changed?: boolean;
}

/**
 * The team's calendar: a weekly standup in New York time (4 occurrences, the 2nd removed by EXDATE), a planning
 * meeting with attendees, a retro, and an offsite cancelled from the start. Changed: planning's SEQUENCE is bumped
 * (and its title changed), the retro is gone and the standup's 3rd occurrence is cancelled.
 */
function calendar({ prefix = '', changed = false }: FeedOptions = {}): string {
  const standup = day(3, 9);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Quorum tests//EN',
    'BEGIN:VEVENT',
    `UID:${prefix}standup@example.com`,
    `DTSTAMP:${stamp(new Date())}`,
    `SUMMARY:${prefix}Standup`,
    `DTSTART;TZID=America/New_York:${stamp(standup, false)}`,
    `DTEND;TZID=America/New_York:${stamp(new Date(standup.getTime() + 15 * 60_000), false)}`,
    'RRULE:FREQ=WEEKLY;COUNT=4',
    `EXDATE;TZID=America/New_York:${stamp(new Date(standup.getTime() + 7 * DAY), false)}`,
    'ATTENDEE;CN=Ada Lovelace:mailto:ada@example.com',
    'END:VEVENT',
    'BEGIN:VEVENT',
    `UID:${prefix}planning@example.com`,
    `DTSTAMP:${stamp(new Date())}`,
    `SEQUENCE:${changed ? 1 : 0}`,
    `SUMMARY:${prefix}Planning${changed ? ' (moved)' : ''}`,
    'DESCRIPTION:Goals for the quarter',
    `DTSTART:${stamp(day(5, 14))}`,
    `DTEND:${stamp(day(5, 15))}`,
    'ATTENDEE;CN=Grace Hopper:mailto:grace@example.com',
    'ATTENDEE;CN=Alan Turing:mailto:alan@example.com',
    'END:VEVENT',
    'BEGIN:VEVENT',
    `UID:${prefix}offsite@example.com`,
    `DTSTAMP:${stamp(new Date())}`,
    'STATUS:CANCELLED',
    `SUMMARY:${prefix}Offsite`,
    `DTSTART:${stamp(day(10, 8))}`,
    `DTEND:${stamp(day(10, 17))}`,
    'END:VEVENT',
  ];
  if (!changed)
    lines.push(
      'BEGIN:VEVENT',
      `UID:${prefix}retro@example.com`,
      `DTSTAMP:${stamp(new Date())}`,
      `SUMMARY:${prefix}Retro`,
      `DTSTART:${stamp(day(6, 16))}`,
      `DTEND:${stamp(day(6, 17))}`,
      'END:VEVENT',
    );
  else
    lines.push(
      'BEGIN:VEVENT',
      `UID:${prefix}standup@example.com`,
      `DTSTAMP:${stamp(new Date())}`,
      `RECURRENCE-ID;TZID=America/New_York:${stamp(new Date(standup.getTime() + 14 * DAY), false)}`,
      'SEQUENCE:1',
      'STATUS:CANCELLED',
      `SUMMARY:${prefix}Standup`,
      `DTSTART;TZID=America/New_York:${stamp(new Date(standup.getTime() + 14 * DAY), false)}`,
      `DTEND;TZID=America/New_York:${stamp(new Date(standup.getTime() + 14 * DAY + 15 * 60_000), false)}`,
      'END:VEVENT',
    );
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

describe('data sync: the iCalendar connector', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let member: TokenResponse;
  let feedServer: Server;
  let base: string;
  const feeds = new Map<string, string>();
  const requests: { url: string; headers: IncomingHttpHeaders; status: number }[] = [];
  /** Every body the API answered in this file, to grep for the password. */
  const bodies: string[] = [];

  const record = <R extends { text?: string; body?: unknown }>(res: R): R => {
    bodies.push(res.text ?? JSON.stringify(res.body));
    return res;
  };
  const as = (who: TokenResponse) => ({
    get: async (path: string) => record(await request(t.server).get(`/api/v1${path}`).set(bearer(who))),
    post: async (path: string, body: object = {}) => record(await request(t.server).post(`/api/v1${path}`).set(bearer(who)).send(body)),
    patch: async (path: string, body: object) => record(await request(t.server).patch(`/api/v1${path}`).set(bearer(who)).send(body)),
    delete: async (path: string) => record(await request(t.server).delete(`/api/v1${path}`).set(bearer(who))),
  });
  const meetings = (prefix: string) =>
    withClient(
      t.database.url,
      async (client) =>
        (
          await client.query<{
            id: string;
            title: string;
            status: string;
            scheduled_start_at: Date;
            participants: { name: string; email: string }[];
          }>(
            `SELECT id, title, status, scheduled_start_at, participants FROM meetings WHERE tenant_id = $1 AND title LIKE $2 ORDER BY scheduled_start_at, title`,
            [owner.tenant.id, `${prefix}%`],
          )
        ).rows,
    );
  /** Runs the source and answers its run (with the log), once its job has finished. */
  const runOnce = async (sourceId: string) => {
    const accepted = await as(owner).post(`/sync/sources/${sourceId}/runs`);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.location).toBe(accepted.body.location);
    const job = await settledJob(t, owner, accepted.body.location);
    expect(job.status).toBe('succeeded');
    return (await as(owner).get(job.links.result.replace('/api/v1', ''))).body as Record<string, any>;
  };

  beforeAll(async () => {
    feedServer = createServer((req, res) => {
      const url = req.url ?? '/';
      const reply = (status: number, headers: Record<string, string> = {}, body = '') => {
        requests.push({ url, headers: req.headers, status });
        res.writeHead(status, headers).end(body);
      };
      if (url === '/broken.ics') return reply(500, {}, 'oops');
      if (url === '/page.html') return reply(200, { 'content-type': 'text/html' }, '<html>not a calendar</html>');
      const feed = feeds.get(url);
      if (!feed) return reply(404);
      if (url.startsWith('/private') && req.headers.authorization !== `Basic ${Buffer.from(`cal:${PASSWORD}`).toString('base64')}`)
        return reply(401);
      const etag = `"${createHash('sha256').update(feed).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) return reply(304, { etag });
      reply(200, { 'content-type': 'text/calendar', etag, 'last-modified': new Date().toUTCString() }, feed);
    });
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } });
    owner = await register(t, { name: 'Olive Owner' });
    member = await addMember(t, owner, 'member', 'mia');
  });
  afterAll(async () => {
    await t.close();
    feedServer.closeAllConnections();
    await new Promise((resolve) => feedServer.close(resolve));
  });

  it('is for admins only', async () => {
    expectProblem(await as(member).get('/sync/sources'), 403, 'insufficient-role');
    expectProblem(
      await as(member).post('/sync/sources', { name: 'x', kind: 'ical', settings: { url: `${base}/x.ics` } }),
      403,
      'insufficient-role',
    );
    expectProblem(await as(member).get('/sync/runs'), 403, 'insufficient-role');
  });

  it('validates the source: unknown kind and settings are 400', async () => {
    expectProblem(await as(owner).post('/sync/sources', { name: 'x', kind: 'exchange', settings: {} }), 400, {
      type: 'validation-failed',
      field: 'kind',
    });
    expectProblem(await as(owner).post('/sync/sources', { name: 'x', kind: 'ical', settings: { url: 'ftp://x' } }), 400, {
      type: 'validation-failed',
      field: 'settings.url',
    });
    expectProblem(
      await as(owner).post('/sync/sources', { name: 'x', kind: 'ical', settings: { url: `${base}/x.ics`, windowDays: -1 } }),
      400,
      {
        type: 'validation-failed',
        field: 'settings.windowDays',
      },
    );
  });

  let sourceId: string;

  it('keeps the credentials encrypted and never returns them', async () => {
    feeds.set('/private/team.ics', calendar());
    const created = await as(owner).post('/sync/sources', {
      name: 'Team calendar',
      kind: 'ical',
      settings: { url: `${base}/private/team.ics`, windowDays: 60 },
      credentials: { username: 'cal', password: PASSWORD },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'ical',
      hasCredentials: true,
      streams: [{ name: 'events', direction: 'pull' }],
      enabled: true,
    });
    expect(created.body.credentials).toBeUndefined();
    sourceId = created.body.id;
    expect((await as(owner).get(`/sync/sources/${sourceId}`)).body.hasCredentials).toBe(true);
    expect((await as(owner).get('/sync/sources')).body.items).toHaveLength(1);

    const stored = await withClient(
      t.database.url,
      async (client) =>
        (await client.query<{ credentials: string }>('SELECT credentials FROM sync_sources WHERE id = $1', [sourceId])).rows[0].credentials,
    );
    expect(stored).toMatch(/^v1\.generated\./);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain('cal');
    const audit = await withClient(t.database.url, async (client) =>
      JSON.stringify((await client.query('SELECT * FROM audit_logs WHERE tenant_id = $1', [owner.tenant.id])).rows),
    );
    expect(audit).toContain('sync_source.created');
    expect(audit).not.toContain(PASSWORD);
  });

  it('checks the connection: ok, or 422 sync-check-failed with the reason', async () => {
    expect((await as(owner).post(`/sync/sources/${sourceId}/check`)).body).toEqual({ ok: true });
    expect(requests.at(-1)?.headers.authorization).toMatch(/^Basic /);

    const broken = await as(owner).post('/sync/sources', { name: 'Broken', kind: 'ical', settings: { url: `${base}/broken.ics` } });
    expectProblem(await as(owner).post(`/sync/sources/${broken.body.id}/check`), 422, {
      type: 'sync-check-failed',
      detail: expect.stringContaining('HTTP 500'),
    });
    const html = await as(owner).post('/sync/sources', { name: 'Not a calendar', kind: 'ical', settings: { url: `${base}/page.html` } });
    expectProblem(await as(owner).post(`/sync/sources/${html.body.id}/check`), 422, {
      type: 'sync-check-failed',
      detail: expect.stringContaining('not iCalendar'),
    });
    const noPassword = await as(owner).post('/sync/sources', {
      name: 'No password',
      kind: 'ical',
      settings: { url: `${base}/private/team.ics` },
    });
    expectProblem(await as(owner).post(`/sync/sources/${noPassword.body.id}/check`), 422, {
      type: 'sync-check-failed',
      detail: expect.stringContaining('HTTP 401'),
    });
    for (const id of [broken.body.id, html.body.id, noPassword.body.id])
      expect((await as(owner).delete(`/sync/sources/${id}`)).status).toBe(204);
  });

  it('a first run creates one meeting per occurrence, with attendees, in the feed’s time zone', async () => {
    const run = await runOnce(sourceId);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual', reason: null });
    expect(run.streams.events).toMatchObject({
      read: 6,
      created: 5,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      skipped: 1,
      failed: 0,
      status: 'succeeded',
    });
    expect(run.log.map((l: { message: string }) => l.message).join('\n')).toMatch(/run succeeded/);

    const rows = await meetings('');
    expect(rows.map((m) => m.title).sort()).toEqual(['Planning', 'Retro', 'Standup', 'Standup', 'Standup']);
    const standups = rows.filter((m) => m.title === 'Standup');
    const nyHour = (d: Date) =>
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(d);
    expect(standups.map((m) => nyHour(m.scheduled_start_at))).toEqual(['09', '09', '09']);
    // The EXDATE removed the second week: 0, 14 and 21 days after the first.
    const gaps = standups.map((m) => Math.round((m.scheduled_start_at.getTime() - standups[0].scheduled_start_at.getTime()) / DAY));
    expect(gaps).toEqual([0, 14, 21]);
    expect(rows.find((m) => m.title === 'Planning')?.participants).toEqual([
      { name: 'Grace Hopper', email: 'grace@example.com' },
      { name: 'Alan Turing', email: 'alan@example.com' },
    ]);
    expect(rows.every((m) => m.status === 'scheduled')).toBe(true);
  });

  it('a second run with the same ETag gets 304 and changes nothing', async () => {
    const before = await meetings('');
    const run = await runOnce(sourceId);
    expect(requests.at(-1)).toMatchObject({ status: 304 });
    expect(requests.at(-1)?.headers['if-none-match']).toBeTruthy();
    expect(run.streams.events).toMatchObject({ read: 0, created: 0, updated: 0, deleted: 0, notModified: true, status: 'succeeded' });
    expect(await meetings('')).toEqual(before);
  });

  it('a changed feed updates, cancels and deletes exactly what changed', async () => {
    const before = await meetings('');
    feeds.set('/private/team.ics', calendar({ changed: true }));
    const run = await runOnce(sourceId);
    expect(run.streams.events).toMatchObject({ read: 5, created: 0, updated: 2, unchanged: 3, deleted: 1, failed: 0 });
    const after = await meetings('');
    expect(after.map((m) => m.id).sort()).toEqual(before.map((m) => m.id).sort());
    const byId = new Map(before.map((m) => [m.id, m]));
    const changes = after
      .filter((m) => JSON.stringify(m) !== JSON.stringify(byId.get(m.id)))
      .map((m) => `${byId.get(m.id)?.title} -> ${m.title} ${m.status}`)
      .sort();
    expect(changes).toEqual(['Planning -> Planning (moved) scheduled', 'Retro -> Retro cancelled', 'Standup -> Standup cancelled']);

    // And again: nothing more to do (the content is the same, whatever the ETag says).
    feeds.set('/private/team.ics', calendar({ changed: true }) + '\r\n');
    const again = await runOnce(sourceId);
    expect(again.streams.events).toMatchObject({ read: 5, created: 0, updated: 0, unchanged: 5, deleted: 0 });
  });

  it('two runs started together do not duplicate meetings', async () => {
    feeds.set('/b.ics', calendar({ prefix: 'B ' }));
    const source = await as(owner).post('/sync/sources', {
      name: 'B',
      kind: 'ical',
      settings: { url: `${base}/b.ics` },
      scheduleEveryMinutes: 60,
    });
    expect(source.status).toBe(201);
    const [first, second] = await Promise.all([
      as(owner).post(`/sync/sources/${source.body.id}/runs`),
      as(owner).post(`/sync/sources/${source.body.id}/runs`),
    ]);
    await Promise.all([settledJob(t, owner, first.body.location), settledJob(t, owner, second.body.location)]);
    expect((await meetings('B ')).map((m) => m.title).sort()).toEqual(['B Planning', 'B Retro', 'B Standup', 'B Standup', 'B Standup']);
    // The two manual runs, and the schedule's first tick: one of them created the meetings, the others found them made or were skipped.
    const runs = (await as(owner).get(`/sync/runs?sourceId=${source.body.id}`)).body.items as Record<string, any>[];
    expect(runs.filter((r) => r.trigger === 'manual')).toHaveLength(2);
    const created = runs.reduce((sum, r) => sum + ((r.streams.events?.created as number | undefined) ?? 0), 0);
    expect(created).toBe(5);
    expect(runs.every((r) => r.status === 'succeeded' || r.status === 'skipped')).toBe(true);
    await until('a scheduled run', async () =>
      ((await as(owner).get(`/sync/runs?sourceId=${source.body.id}`)).body.items as Record<string, any>[]).some(
        (r) => r.trigger === 'schedule',
      ),
    );
    expect((await as(owner).patch(`/sync/sources/${source.body.id}`, { scheduleEveryMinutes: null })).body.scheduleEveryMinutes).toBeNull();
    // Credentials can be set and removed; the answer only says whether there are some.
    const withCredentials = await as(owner).patch(`/sync/sources/${source.body.id}`, { credentials: { token: PASSWORD } });
    expect(withCredentials.body).toMatchObject({ hasCredentials: true });
    expect((await as(owner).patch(`/sync/sources/${source.body.id}`, { credentials: null })).body).toMatchObject({ hasCredentials: false });
  });

  it('a run that finds another running is skipped; a running row whose heartbeat stopped is closed and the run goes ahead', async () => {
    const insertRunning = (startedAt: string) =>
      withClient(
        t.database.url,
        async (client) =>
          (
            await client.query<{ id: string }>(
              `INSERT INTO sync_runs (tenant_id, source_id, trigger, status, started_at) VALUES ($1, $2, 'manual', 'running', $3) RETURNING id`,
              [owner.tenant.id, sourceId, startedAt],
            )
          ).rows[0].id,
      );
    const live = await insertRunning(new Date().toISOString());
    const skipped = await runOnce(sourceId);
    expect(skipped).toMatchObject({ status: 'skipped', reason: 'another run of this source is in progress', streams: {} });
    await withClient(t.database.url, (client) =>
      client.query(`UPDATE sync_runs SET updated_at = now() - interval '3 minutes' WHERE id = $1`, [live]),
    );
    const next = await runOnce(sourceId);
    expect(next.status).toBe('succeeded');
    expect((await as(owner).get(`/sync/runs/${live}`)).body).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^abandoned/),
    });
  });

  it('a feed that answers 500 fails the run with the reason, after retrying', async () => {
    const source = await as(owner).post('/sync/sources', { name: 'Down', kind: 'ical', settings: { url: `${base}/broken.ics` } });
    const seen = requests.length;
    const run = await runOnce(source.body.id);
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/events: GET http:\/\/127\.0\.0\.1:\d+\/broken\.ics answered HTTP 500 \(after 4 attempts\)/);
    expect(run.streams.events).toMatchObject({ status: 'failed' });
    expect(requests.slice(seen).filter((r) => r.url === '/broken.ics')).toHaveLength(4);
    const list = (await as(owner).get(`/sync/runs?sourceId=${source.body.id}`)).body.items;
    expect(list).toEqual([expect.objectContaining({ id: run.id, status: 'failed' })]);
    expect(list[0].log).toBeUndefined();
  });

  it('never answers the password, in any response of this file (run logs included)', async () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(body).not.toContain(PASSWORD);
    const runs = await withClient(t.database.url, async (client) => JSON.stringify((await client.query('SELECT * FROM sync_runs')).rows));
    expect(runs).not.toContain(PASSWORD);
  });

  it('counts runs and records in /metrics', async () => {
    const text = (await request(t.server).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^quorum_sync_runs_total\{connector="ical",outcome="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^quorum_sync_runs_total\{connector="ical",outcome="failed"\} 1$/m);
    expect(text).toMatch(/^quorum_sync_records_total\{connector="ical",stream="events",result="created"\} 10$/m);
    expect(text).toMatch(/^quorum_sync_records_total\{connector="ical",stream="events",result="deleted"\} 1$/m);
    expect(text).toMatch(/^quorum_sync_run_seconds_count\{connector="ical"\} [1-9]/m);
  });

  it('refuses a private address without OUTBOUND_ALLOW_PRIVATE_NETWORKS, on save', async () => {
    const guarded = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    try {
      const admin = await register(guarded);
      const res = await request(guarded.server)
        .post('/api/v1/sync/sources')
        .set(bearer(admin))
        .send({ name: 'Loopback', kind: 'ical', settings: { url: `${base}/private/team.ics` } });
      expectProblem(res, 422, { type: 'url-not-allowed', detail: expect.stringContaining('loopback') });
    } finally {
      await guarded.close();
    }
  });
});

describe('data sync: credentials in the log', () => {
  it('never logs them, at debug level, through a check and a run in a real api process', async () => {
    const feed = calendar({ prefix: 'L ' });
    const server = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${PASSWORD}`) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'text/calendar', etag: '"1"' }).end(feed);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.ics`;
    const database = await createTestDatabase();
    const port = await freePort();
    const app = spawnApp('api', {
      DATABASE_URL: database.url,
      DB_MIGRATIONS_RUN: 'false',
      PORT: String(port),
      LOG_LEVEL: 'debug',
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    try {
      await waitForStatus(app, `http://127.0.0.1:${port}/health/ready`, 200);
      const api = `http://127.0.0.1:${port}/api/v1`;
      const call = async (method: string, path: string, token?: string, body?: object) => {
        const res = await fetch(`${api}${path}`, {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: (await res.json()) as Record<string, any> };
      };
      const registered = await call('POST', '/auth/register', undefined, {
        email: `log-${Date.now()}@example.com`,
        password: 'Correct-Horse7-Battery',
        name: 'Logan',
      });
      const token = registered.body.access_token as string;
      const source = await call('POST', '/sync/sources', token, {
        name: 'Logged',
        kind: 'ical',
        settings: { url },
        credentials: { token: PASSWORD },
      });
      expect(source.status).toBe(201);
      expect((await call('POST', `/sync/sources/${source.body.id}/check`, token)).body).toEqual({ ok: true });
      const run = await call('POST', `/sync/sources/${source.body.id}/runs`, token);
      const job = await until('the run', async () => {
        const status = (await call('GET', (run.body.location as string).replace('/api/v1', ''), token)).body;
        return status.status === 'succeeded' || status.status === 'failed' ? status : undefined;
      });
      expect(job.status).toBe('succeeded');
      // Stopped first, so every line it logged has reached the pipe (pino writes asynchronously).
      await app.stop();
      const output = app.output();
      // The capture works: this process logged the requests of this test at debug level.
      expect(output).toContain('/api/v1/sync/sources');
      expect(output).not.toContain(PASSWORD);
      // Without SYNC_SECRETS_KEY outside production, a generated key, said once in the log.
      expect(output).toContain('SYNC_SECRETS_KEY is unset');
    } finally {
      await app.stop();
      await database.drop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
