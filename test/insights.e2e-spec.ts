import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';
import { withClient } from './support/postgres';
import { settledJob, until } from './support/until';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe('insights', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let busy: TokenResponse;
  let moved: { id: string };
  let quiet: { id: string };

  const as = (who: TokenResponse) => ({
    get: (path: string) => request(t.server).get(`/api/v1${path}`).set(bearer(who)),
    post: (path: string, body: object = {}) => request(t.server).post(`/api/v1${path}`).set(bearer(who)).send(body),
    patch: (path: string, body: object) => request(t.server).patch(`/api/v1${path}`).set(bearer(who)).send(body),
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = await register(t, { name: 'Olive Owner' });
    busy = await addMember(t, owner, 'member', 'busy');
    const calm = await addMember(t, owner, 'member', 'calm');
    const idle = await addMember(t, owner, 'member', 'idle');
    const o = as(owner);
    // Overdue items: busy 3, calm 1, idle 0 (one due later): the median is 1, so only busy stands out.
    for (const title of ['Send minutes', 'Book room', 'Ask legal'])
      await o.post('/action-items', { title, assigneeUserId: busy.user.id, dueAt: daysAgo(3) }).expect(201);
    await o.post('/action-items', { title: 'Call vendor', assigneeUserId: calm.user.id, dueAt: daysAgo(1) }).expect(201);
    await o.post('/action-items', { title: 'Plan offsite', assigneeUserId: idle.user.id, dueAt: daysAgo(-10) }).expect(201);
    // A due date set, then moved twice.
    moved = (await o.post('/action-items', { title: 'Draft the roadmap', dueAt: daysAgo(-1) }).expect(201)).body;
    await o.patch(`/action-items/${moved.id}`, { dueAt: daysAgo(-7) }).expect(200);
    await o.patch(`/action-items/${moved.id}`, { dueAt: daysAgo(-14) }).expect(200);

    // Meetings of the last weeks: Ada attends three, Grace one; one completed meeting produced nothing.
    const ada = { name: 'Ada', email: 'ada@example.com' };
    const grace = { name: 'Grace', email: 'grace@example.com' };
    const meetings = [
      {
        title: 'Standup',
        participants: [ada, grace],
        startedAt: daysAgo(2),
        endedAt: new Date(Date.parse(daysAgo(2)) + 30 * 60_000).toISOString(),
      },
      { title: 'Review', participants: [ada], scheduledStartAt: daysAgo(2) },
      { title: 'Retro', participants: [ada], scheduledStartAt: daysAgo(2) },
    ];
    for (const m of meetings) {
      const { id } = (await o.post('/meetings', m).expect(201)).body as { id: string };
      await o.get(`/meetings/${id}/quality`).expect(200);
    }
    quiet = (
      await o.post('/meetings', { title: 'Status call', status: 'completed', startedAt: daysAgo(5), endedAt: daysAgo(4.9) }).expect(201)
    ).body;
    await o.get(`/meetings/${quiet.id}/quality`).expect(200);
  });
  afterAll(() => t.close());

  const refresh = async () => {
    const res = await as(owner).post('/insights/refresh').expect(202);
    expect(res.headers.location).toBe(res.body.location);
    const job = await settledJob(t, owner, res.body.location as string);
    expect(job.status).toBe('succeeded');
  };

  it('computes a seeded tenant’s insights with their evidence', async () => {
    await refresh();
    const items = (await as(owner).get('/insights?limit=100').expect(200)).body.items as Record<string, any>[];
    const of = (kind: string) => items.filter((i) => i.kind === kind);

    expect(of('overdue-assignee')).toEqual([
      expect.objectContaining({
        subject: busy.user.id,
        severity: 'warning',
        evidence: expect.objectContaining({ assigneeUserId: busy.user.id, overdue: 3, tenantMedianOverdue: 1, assigneesCompared: 3 }),
      }),
    ]);
    expect(of('overdue-assignee')[0]?.evidence.items).toHaveLength(3);

    expect(of('moving-due-date')).toEqual([
      expect.objectContaining({
        subject: moved.id,
        evidence: expect.objectContaining({ moves: 2, history: [expect.any(Object), expect.any(Object)] }),
      }),
    ]);

    expect(of('meeting-without-outcomes')).toEqual([
      expect.objectContaining({
        subject: quiet.id,
        evidence: expect.objectContaining({ meetingId: quiet.id, analysed: false, actionItems: 0 }),
      }),
    ]);

    const load = of('meeting-load');
    expect(load.map((i) => i.subject).sort()).toEqual(['ada@example.com', 'grace@example.com']);
    const adaLoad = load.find((i) => i.subject === 'ada@example.com');
    expect(adaLoad?.evidence).toMatchObject({ peakMeetings: 3, tenantMedianPerWeek: 2 });
    expect(adaLoad?.evidence.weeks).toEqual(expect.arrayContaining([expect.objectContaining({ meetings: 3, hours: 0.5 })]));
    expect(load.map((i) => i.title).sort()).toEqual([
      'Ada: up to 3 meetings a week over the last 8 weeks (tenant median 2)',
      'Grace: up to 1 meeting a week over the last 8 weeks (tenant median 2)',
    ]);
  });

  it('keeps an insight’s id across runs, and drops the ones no longer found', async () => {
    const before = (await as(owner).get('/insights?kind=moving-due-date').expect(200)).body.items as { id: string }[];
    await as(owner).patch(`/action-items/${moved.id}`, { status: 'done' }).expect(200);
    const overdue = (await as(owner).get('/insights?kind=overdue-assignee').expect(200)).body.items as { id: string }[];
    await refresh();
    expect(before).toHaveLength(1);
    expect((await as(owner).get('/insights?kind=moving-due-date').expect(200)).body.items).toEqual([]);
    expect(((await as(owner).get('/insights?kind=overdue-assignee').expect(200)).body.items as { id: string }[]).map((i) => i.id)).toEqual(
      overdue.map((i) => i.id),
    );
  });

  it('filters by kind and pages with a cursor', async () => {
    const filtered = (await as(owner).get('/insights?kind=meeting-load,meeting-without-outcomes').expect(200)).body.items as {
      kind: string;
    }[];
    expect(new Set(filtered.map((i) => i.kind))).toEqual(new Set(['meeting-load', 'meeting-without-outcomes']));
    const first = (await as(owner).get('/insights?limit=1').expect(200)).body;
    expect(first.items).toHaveLength(1);
    const second = (await as(owner).get(`/insights?limit=1&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expectProblem(await as(owner).get('/insights?kind=gossip'), 400, { type: 'validation-failed', field: 'kind' });
    expectProblem(await as(owner).get('/insights?cursor=garbage'), 400, { type: 'validation-failed', field: 'cursor' });
  });

  it('lets viewers read, and only admins start a run', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    await as(viewer).get('/insights').expect(200);
    expectProblem(await as(viewer).post('/insights/refresh'), 403, 'insufficient-role');
    expectProblem(await as(busy).post('/insights/refresh'), 403, 'insufficient-role');
    const admin = await addMember(t, owner, 'admin');
    await as(admin).post('/insights/refresh').expect(202);
  });

  it('declares the daily run as one job scheduler in the store (here PostgreSQL, as without REDIS_URL)', async () => {
    const scheduler = await until('the insights scheduler', () =>
      withClient(t.database.url, async (client) => {
        const { rows } = await client.query<{ pattern: string; tz: string; name: string }>(
          `SELECT pattern, tz, name FROM bullmq.scheduler WHERE queue LIKE '%insights%' AND scheduler_id = 'insights-daily'`,
        );
        return rows.length === 1 ? rows[0] : undefined;
      }),
    );
    expect(scheduler).toEqual({ pattern: '0 3 * * *', tz: 'UTC', name: 'sweep' });
  });

  it('shows another tenant none of these', async () => {
    const other = await register(t);
    expect((await as(other).get('/insights').expect(200)).body.items).toEqual([]);
  });
});
