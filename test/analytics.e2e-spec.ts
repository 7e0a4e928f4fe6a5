import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { startTestApp, type TestApp } from './support/test-app';

describe('analytics dashboard', () => {
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await register(t, { name: 'Olive Owner' });
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, who = owner) =>
    request(t.server).post(`/api/v1${path}`).set(bearer(who)).send(body).expect(201);
  const dashboard = (query = '', who = owner) => request(t.server).get(`/api/v1/analytics/dashboard${query}`).set(bearer(who));

  it('computes meetings, durations, action items, completion and open work per assignee', async () => {
    const member = await addMember(t, owner, 'member');
    // Two meetings held the week of 2026-11-16, one the week after; one cancelled.
    await post('/meetings', { title: 'A', status: 'completed', startedAt: '2026-11-16T09:00:00Z', endedAt: '2026-11-16T10:00:00Z' });
    await post('/meetings', { title: 'B', status: 'completed', startedAt: '2026-11-18T09:00:00Z', endedAt: '2026-11-18T09:30:00Z' });
    await post('/meetings', { title: 'C', scheduledStartAt: '2026-11-24T09:00:00Z' });
    const cancelled = (await post('/meetings', { title: 'D', scheduledStartAt: '2026-11-25T09:00:00Z' })).body;
    await request(t.server).patch(`/api/v1/meetings/${cancelled.id}`).set(bearer(owner)).send({ status: 'cancelled' }).expect(200);

    const done = (await post('/action-items', { title: 'Send minutes', assigneeUserId: member.user.id })).body;
    await request(t.server).patch(`/api/v1/action-items/${done.id}`).set(bearer(owner)).send({ status: 'done' }).expect(200);
    await post('/action-items', { title: 'Book room', assigneeUserId: member.user.id, dueAt: '2026-01-01T00:00:00Z' });
    await post('/action-items', { title: 'Ask legal', assigneeName: 'Lee Outsider', assigneeEmail: 'lee@example.org' });
    await post('/action-items', { title: 'Tidy backlog' });

    const res = await dashboard('?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z').expect(200);
    expect(res.body.meetings).toEqual({
      total: 4,
      perWeek: [
        { weekStart: '2026-11-16', meetings: 2 },
        { weekStart: '2026-11-23', meetings: 2 },
      ],
      totalDurationMinutes: 90,
      averageDurationMinutes: 45,
      byStatus: { scheduled: 1, live: 0, completed: 2, cancelled: 1 },
    });
    // Action items are created now, so their figures come from a window around now.
    const now = await dashboard(
      `?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`,
    ).expect(200);
    expect(now.body.actionItems).toMatchObject({
      created: 4,
      completed: 1,
      overdue: 1,
      completionRate: 0.25,
      byStatus: { open: 3, in_progress: 0, done: 1, cancelled: 0 },
    });
    expect(now.body.actionItems.medianHoursToComplete).toBeGreaterThanOrEqual(0);
    expect(now.body.actionItems.openPerAssignee).toEqual(
      expect.arrayContaining([
        { assigneeUserId: member.user.id, assignee: 'Test User', open: 1 },
        { assigneeUserId: null, assignee: 'Lee Outsider', open: 1 },
        { assigneeUserId: null, assignee: 'Unassigned', open: 1 },
      ]),
    );
  });

  it('is cached, and a change invalidates it at once', async () => {
    const first = await dashboard().expect(200);
    const again = await dashboard().expect(200);
    expect(again.body.generatedAt).toBe(first.body.generatedAt);
    await post('/meetings', { title: 'New one' });
    const after = await dashboard().expect(200);
    expect(after.body.generatedAt).not.toBe(first.body.generatedAt);
    expect(after.body.meetings.total).toBe(first.body.meetings.total + 1);
  });

  it('keeps tenants apart and validates the period', async () => {
    const other = await register(t);
    const res = await dashboard('', other).expect(200);
    expect(res.body.meetings.total).toBe(0);
    expect(res.body.actionItems.created).toBe(0);
    await dashboard('?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z').expect(400);
    await dashboard('?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z').expect(400);
    await dashboard('?from=yesterday').expect(400);
  });
});
