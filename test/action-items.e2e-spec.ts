import { EventEmitter2 } from '@nestjs/event-emitter';
import { ANY_DOMAIN_EVENT, type DomainEvent } from '@quorum/platform';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';

interface Item {
  id: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  dueAt: string | null;
  completedAt: string | null;
  assigneeUserId: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  meetingId: string | null;
  segmentId: string | null;
  origin: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const SORTS = ['-createdAt', 'createdAt', 'dueAt', '-dueAt', 'priority', '-priority'] as const;
const RANK: Record<string, number> = { low: 1, medium: 2, high: 3, urgent: 4 };
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** The order the API promises for each sort: the key (undated last either way), then the id in the same direction. */
function expectedOrder(items: Item[], sort: (typeof SORTS)[number]): string[] {
  const descending = sort.startsWith('-');
  const key = sort.replace('-', '');
  const value = (item: Item): string | number | null =>
    key === 'priority' ? RANK[item.priority] : key === 'dueAt' ? item.dueAt : item.createdAt;
  return [...items]
    .sort((x, y) => {
      const [a, b] = [value(x), value(y)];
      if (a === null || b === null) {
        if (a !== b) return a === null ? 1 : -1;
      } else if (a !== b) {
        return (a < b ? -1 : 1) * (descending ? -1 : 1);
      }
      return (x.id < y.id ? -1 : 1) * (descending ? -1 : 1);
    })
    .map((item) => item.id);
}

describe('action items', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let member: TokenResponse;
  let viewer: TokenResponse;
  let stranger: TokenResponse;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    owner = await register(t, { tenantName: 'Actions' });
    member = await addMember(t, owner, 'member');
    viewer = await addMember(t, owner, 'viewer');
    stranger = await register(t, { tenantName: 'Elsewhere' });
    t.app.get(EventEmitter2).on(ANY_DOMAIN_EVENT, (event: DomainEvent) => {
      if (event.type.startsWith('action_item.')) events.push(event);
    });
  });
  afterAll(() => t.close());

  const as = (tokens: TokenResponse) => ({
    get: (path: string, query: Record<string, unknown> = {}) => request(t.server).get(`/api/v1${path}`).set(bearer(tokens)).query(query),
    post: (path: string, body: object) => request(t.server).post(`/api/v1${path}`).set(bearer(tokens)).send(body),
    patch: (path: string, body: object, ifMatch?: string) => {
      const req = request(t.server).patch(`/api/v1${path}`).set(bearer(tokens)).send(body);
      return ifMatch ? req.set('If-Match', ifMatch) : req;
    },
    delete: (path: string, ifMatch?: string) => {
      const req = request(t.server).delete(`/api/v1${path}`).set(bearer(tokens));
      return ifMatch ? req.set('If-Match', ifMatch) : req;
    },
  });
  const create = async (tokens: TokenResponse, body: object): Promise<Item> =>
    (await as(tokens).post('/action-items', body).expect(201)).body;
  const eventsFor = (id: string) => events.filter((event) => event.entityId === id);

  describe('create, read, update, delete', () => {
    it('creates with defaults and reads it back with an ETag', async () => {
      const created = await as(owner).post('/action-items', { title: 'Send the budget' }).expect(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        title: 'Send the budget',
        description: null,
        status: 'open',
        priority: 'medium',
        dueAt: null,
        completedAt: null,
        assigneeUserId: null,
        assigneeName: null,
        assigneeEmail: null,
        meetingId: null,
        segmentId: null,
        origin: 'manual',
        createdBy: owner.user.id,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      expect(created.headers.etag).toBe('"1"');
      const read = await as(member).get(`/action-items/${created.body.id}`).expect(200);
      expect(read.body).toEqual(created.body);
      expect(read.headers.etag).toBe('"1"');
    });

    it('stores every field a client may set', async () => {
      const item = await create(member, {
        title: 'Draft the plan',
        description: 'Two pages',
        priority: 'urgent',
        status: 'in_progress',
        dueAt: '2026-12-01T17:00:00.000Z',
        origin: 'ai',
        assigneeUserId: member.user.id,
      });
      expect(item).toMatchObject({
        title: 'Draft the plan',
        description: 'Two pages',
        priority: 'urgent',
        status: 'in_progress',
        dueAt: '2026-12-01T17:00:00.000Z',
        origin: 'ai',
        assigneeUserId: member.user.id,
        createdBy: member.user.id,
      });
    });

    it('updates with If-Match, refuses a stale version with 412, and deletes', async () => {
      const item = await create(owner, { title: 'Book the room' });
      const updated = await as(member)
        .patch(
          `/action-items/${item.id}`,
          { title: 'Book the big room', description: 'Ten people', dueAt: '2026-11-02T09:00:00.000Z' },
          '"1"',
        )
        .expect(200);
      expect(updated.body).toMatchObject({
        title: 'Book the big room',
        description: 'Ten people',
        dueAt: '2026-11-02T09:00:00.000Z',
        version: 2,
      });
      expect(updated.headers.etag).toBe('"2"');

      const stale = await as(member).patch(`/action-items/${item.id}`, { title: 'Lost update' }, '"1"');
      expectProblem(stale, 412, 'precondition-failed');
      expect(stale.body.currentVersion).toBe(2);
      expect(stale.headers.etag).toBe('"2"');
      expect((await as(owner).get(`/action-items/${item.id}`)).body.title).toBe('Book the big room');

      const cleared = await as(owner).patch(`/action-items/${item.id}`, { description: null, dueAt: null }, '*').expect(200);
      expect(cleared.body).toMatchObject({ description: null, dueAt: null, version: 3 });

      expectProblem(await as(owner).delete(`/action-items/${item.id}`, '"2"'), 412, 'precondition-failed');
      await as(owner).delete(`/action-items/${item.id}`, '"3"').expect(204);
      expectProblem(await as(owner).get(`/action-items/${item.id}`), 404, 'not-found');
      expectProblem(await as(owner).delete(`/action-items/${item.id}`), 404, 'not-found');
    });

    it('keeps the version of a PATCH that changes nothing', async () => {
      const item = await create(owner, { title: 'Same', priority: 'high' });
      const res = await as(owner).patch(`/action-items/${item.id}`, { title: 'Same', priority: 'high' }).expect(200);
      expect(res.body.version).toBe(1);
      expect(eventsFor(item.id).map((event) => event.type)).toEqual(['action_item.created']);
    });
  });

  describe('validation', () => {
    it.each([
      ['no title', {}, 'title'],
      ['an empty title', { title: '' }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a title over 300 characters', { title: 'x'.repeat(301) }, 'title'],
      ['a description over 10000 characters', { title: 'ok', description: 'x'.repeat(10001) }, 'description'],
      ['an unknown priority', { title: 'ok', priority: 'critical' }, 'priority'],
      ['an unknown status', { title: 'ok', status: 'blocked' }, 'status'],
      ['an unknown origin', { title: 'ok', origin: 'import' }, 'origin'],
      ['a null status', { title: 'ok', status: null }, 'status'],
      ['a due date that is no date', { title: 'ok', dueAt: 'next week' }, 'dueAt'],
      ['an assignee id that is no uuid', { title: 'ok', assigneeUserId: 'grace' }, 'assigneeUserId'],
      ['an assignee email that is no address', { title: 'ok', assigneeEmail: 'grace' }, 'assigneeEmail'],
      ['a member and an outsider as assignee', { title: 'ok', assigneeUserId: randomUUID(), assigneeName: 'Grace' }, 'assigneeUserId'],
      ['a segment id over 128 characters', { title: 'ok', meetingId: randomUUID(), segmentId: 's'.repeat(129) }, 'segmentId'],
      ['completedAt, which only the server sets', { title: 'ok', completedAt: '2026-01-01T00:00:00.000Z' }, 'completedAt'],
      ['a field that does not exist', { title: 'ok', owner: 'me' }, 'owner'],
    ])('rejects %s with 400 naming the field', async (_case, body, field) => {
      const res = await as(owner).post('/action-items', body);
      expectProblem(res, 400, { type: 'validation-failed', field });
    });

    it('rejects nulls for fields that cannot be empty, and origin, on PATCH', async () => {
      const item = await create(owner, { title: 'Keep me' });
      for (const [body, field] of [
        [{ title: null }, 'title'],
        [{ status: null }, 'status'],
        [{ priority: null }, 'priority'],
        [{ origin: 'ai' }, 'origin'],
        [{ completedAt: null }, 'completedAt'],
      ] as const) {
        const res = await as(owner).patch(`/action-items/${item.id}`, body);
        expectProblem(res, 400, { type: 'validation-failed', field });
      }
      expect((await as(owner).get(`/action-items/${item.id}`)).body).toMatchObject({ title: 'Keep me', version: 1 });
    });

    it('rejects a path id that is no uuid, a malformed If-Match and bad list parameters', async () => {
      expectProblem(await as(owner).get('/action-items/not-a-uuid'), 400, 'validation-failed');
      const item = await create(owner, { title: 'Etag' });
      expectProblem(await as(owner).patch(`/action-items/${item.id}`, { title: 'x' }, 'version-1'), 400, 'validation-failed');
      for (const query of [
        { limit: 101 },
        { limit: 0 },
        { sort: 'title' },
        { status: 'open,blocked' },
        { priority: 'critical' },
        { assignee: 'you' },
        { meetingId: 'x' },
        { overdue: 'yes' },
        { dueFrom: 'soon' },
        { cursor: 'garbage' },
      ]) {
        expectProblem(await as(owner).get('/action-items', query), 400, 'validation-failed');
      }
    });
  });

  describe('assignees', () => {
    it('accepts a member, refuses a non-member with 422, and finds items by assignee and assignee=me', async () => {
      const mine = await create(owner, { title: 'For the member', assigneeUserId: member.user.id });
      const res = await as(owner).post('/action-items', { title: 'For a stranger', assigneeUserId: stranger.user.id });
      expectProblem(res, 422, 'unprocessable-content');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'assigneeUserId' })]);
      expectProblem(await as(owner).patch(`/action-items/${mine.id}`, { assigneeUserId: randomUUID() }), 422, 'unprocessable-content');

      const byMe = (await as(member).get('/action-items', { assignee: 'me', limit: 100 }).expect(200)).body.items as Item[];
      expect(byMe.map((item) => item.id)).toContain(mine.id);
      expect(byMe.every((item) => item.assigneeUserId === member.user.id)).toBe(true);
      const byId = (await as(owner).get('/action-items', { assignee: member.user.id, limit: 100 }).expect(200)).body.items as Item[];
      expect(byId.map((item) => item.id).sort()).toEqual(byMe.map((item) => item.id).sort());
      expect(
        (await as(owner).get('/action-items', { assignee: 'me', limit: 100 }).expect(200)).body.items.map((item: Item) => item.id),
      ).not.toContain(mine.id);
    });

    it('assigns an outsider by name and email, and one kind of assignee replaces the other', async () => {
      const item = await create(owner, { title: 'Outsourced', assigneeName: 'Grace Hopper', assigneeEmail: ' Grace@Example.COM ' });
      expect(item).toMatchObject({ assigneeName: 'Grace Hopper', assigneeEmail: 'grace@example.com', assigneeUserId: null });

      const toMember = await as(owner).patch(`/action-items/${item.id}`, { assigneeUserId: member.user.id }).expect(200);
      expect(toMember.body).toMatchObject({ assigneeUserId: member.user.id, assigneeName: null, assigneeEmail: null });

      const toOutsider = await as(owner).patch(`/action-items/${item.id}`, { assigneeEmail: 'ada@example.com' }).expect(200);
      expect(toOutsider.body).toMatchObject({ assigneeUserId: null, assigneeName: null, assigneeEmail: 'ada@example.com' });

      const both = await as(owner).patch(`/action-items/${item.id}`, { assigneeUserId: member.user.id, assigneeName: 'Ada' });
      expectProblem(both, 400, 'validation-failed');

      const swapped = await as(owner).patch(`/action-items/${item.id}`, { assigneeUserId: null, assigneeName: 'Ada Lovelace' }).expect(200);
      expect(swapped.body).toMatchObject({ assigneeUserId: null, assigneeName: 'Ada Lovelace', assigneeEmail: 'ada@example.com' });

      const unassigned = await as(owner).patch(`/action-items/${item.id}`, { assigneeName: null, assigneeEmail: null }).expect(200);
      expect(unassigned.body).toMatchObject({ assigneeUserId: null, assigneeName: null, assigneeEmail: null });
    });
  });

  describe('completedAt', () => {
    it('is set when the status becomes done and cleared when it leaves done', async () => {
      const born = await create(owner, { title: 'Already done', status: 'done' });
      expect(Date.parse(born.completedAt!)).toBeGreaterThan(Date.now() - 60_000);

      const item = await create(owner, { title: 'Do it' });
      expect(item.completedAt).toBeNull();
      const done = (await as(owner).patch(`/action-items/${item.id}`, { status: 'done' }).expect(200)).body as Item;
      expect(done.completedAt).toEqual(expect.any(String));
      const renamed = (await as(owner).patch(`/action-items/${item.id}`, { title: 'Did it', status: 'done' }).expect(200)).body as Item;
      expect(renamed.completedAt).toBe(done.completedAt);
      const reopened = (await as(owner).patch(`/action-items/${item.id}`, { status: 'in_progress' }).expect(200)).body as Item;
      expect(reopened.completedAt).toBeNull();
      const cancelled = (await as(owner).patch(`/action-items/${item.id}`, { status: 'cancelled' }).expect(200)).body as Item;
      expect(cancelled.completedAt).toBeNull();
    });
  });

  describe('meetings', () => {
    it('links to a meeting and one of its segments, refuses meetings of other tenants, and goes when the meeting is deleted', async () => {
      const meeting = (await as(owner).post('/meetings', { title: 'Planning' }).expect(201)).body;
      await as(owner)
        .post(`/meetings/${meeting.id}/segments`, {
          segments: [
            { segmentId: 'seg-0042', speaker: 'Ada', startMs: 0, endMs: 1000, text: 'Olive sends the minutes.' },
            { segmentId: 'seg-0007', speaker: 'Grace', startMs: 1000, endMs: 2000, text: 'Agreed.' },
          ],
        })
        .expect(201);
      const other = await create(owner, { title: 'Not in the meeting' });
      // A segment id must name a segment of that meeting's transcript.
      const missingSegment = await as(owner).post('/action-items', { title: 'Nowhere', meetingId: meeting.id, segmentId: 'seg-9999' });
      expectProblem(missingSegment, 422, 'reference-not-found');
      expect(missingSegment.body.errors).toEqual([expect.objectContaining({ field: 'segmentId' })]);
      const linked = await create(member, { title: 'From the meeting', meetingId: meeting.id, segmentId: 'seg-0042' });
      expect(linked).toMatchObject({ meetingId: meeting.id, segmentId: 'seg-0042' });
      const second = await create(owner, { title: 'Also from the meeting', meetingId: meeting.id });

      const filtered = (await as(owner).get('/action-items', { meetingId: meeting.id }).expect(200)).body.items as Item[];
      expect(filtered.map((item) => item.id).sort()).toEqual([linked.id, second.id].sort());

      const foreignMeeting = (await as(stranger).post('/meetings', { title: 'Theirs' }).expect(201)).body;
      for (const meetingId of [foreignMeeting.id, randomUUID()]) {
        const res = await as(owner).post('/action-items', { title: 'Wrong meeting', meetingId });
        expectProblem(res, 422, 'reference-not-found');
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'meetingId' })]);
        expectProblem(await as(owner).patch(`/action-items/${other.id}`, { meetingId }), 422, 'reference-not-found');
      }
      const orphanSegment = await as(owner).post('/action-items', { title: 'Segment alone', segmentId: 'seg-1' });
      expectProblem(orphanSegment, 422, 'unprocessable-content');
      expect(orphanSegment.body.errors).toEqual([expect.objectContaining({ field: 'segmentId' })]);
      expectProblem(await as(owner).patch(`/action-items/${other.id}`, { segmentId: 'seg-1' }), 422, 'unprocessable-content');
      expectProblem(
        await as(owner).patch(`/action-items/${linked.id}`, { meetingId: null, segmentId: 'seg-0042' }),
        422,
        'unprocessable-content',
      );

      const unlinked = await as(owner).patch(`/action-items/${second.id}`, { meetingId: null }).expect(200);
      expect(unlinked.body).toMatchObject({ meetingId: null, segmentId: null });
      await as(owner).patch(`/action-items/${second.id}`, { meetingId: meeting.id }).expect(200);

      const anotherMeeting = (await as(owner).post('/meetings', { title: 'Retro' }).expect(201)).body;
      const moved = await as(owner).patch(`/action-items/${linked.id}`, { meetingId: anotherMeeting.id }).expect(200);
      expect(moved.body).toMatchObject({ meetingId: anotherMeeting.id, segmentId: null });
      const back = await as(owner).patch(`/action-items/${linked.id}`, { meetingId: meeting.id, segmentId: 'seg-0007' }).expect(200);
      expect(back.body).toMatchObject({ meetingId: meeting.id, segmentId: 'seg-0007' });

      await as(owner).delete(`/meetings/${meeting.id}`).expect(204);
      expectProblem(await as(owner).get(`/action-items/${linked.id}`), 404, 'not-found');
      expectProblem(await as(owner).get(`/action-items/${second.id}`), 404, 'not-found');
      expect((await as(owner).get('/action-items', { meetingId: meeting.id }).expect(200)).body.items).toEqual([]);
      await as(owner).get(`/action-items/${other.id}`).expect(200);
    });
  });

  describe('bulk status change: PATCH /action-items', () => {
    it('changes every named item, in one go, setting completedAt and bumping only the changed versions', async () => {
      const [a, b, c] = [
        await create(owner, { title: 'Bulk a' }),
        await create(owner, { title: 'Bulk b', status: 'done' }),
        await create(owner, { title: 'Bulk c', status: 'in_progress' }),
      ];
      const res = await as(member)
        .patch('/action-items', { ids: [c.id, a.id, b.id], status: 'done' })
        .expect(200);
      expect(res.body.items.map((item: Item) => item.id)).toEqual([c.id, a.id, b.id]);
      expect(res.body.items.map((item: Item) => [item.status, item.version])).toEqual([
        ['done', 2],
        ['done', 2],
        ['done', 1],
      ]);
      expect(res.body.items.every((item: Item) => item.completedAt)).toBe(true);
      expect(res.body.items[2].completedAt).toBe(b.completedAt);

      const reopened = await as(owner)
        .patch('/action-items', { ids: [a.id, b.id], status: 'open' })
        .expect(200);
      expect(reopened.body.items.map((item: Item) => [item.status, item.completedAt, item.version])).toEqual([
        ['open', null, 3],
        ['open', null, 2],
      ]);
      expect((await as(owner).get(`/action-items/${c.id}`)).body).toMatchObject({ status: 'done', version: 2 });
    });

    it("changes nothing and answers 404 naming the ids that are missing or another tenant's", async () => {
      const mine = await create(owner, { title: 'Mine' });
      const theirs = await create(stranger, { title: 'Theirs' });
      const missing = randomUUID();
      const before = events.length;
      const res = await as(owner).patch('/action-items', { ids: [mine.id, theirs.id, missing], status: 'done' });
      expectProblem(res, 404, 'not-found');
      expect(res.body.missingIds).toEqual([theirs.id, missing]);
      expect(res.body.detail).toContain(theirs.id);
      expect(res.body.detail).toContain(missing);
      expect(res.body.detail).not.toContain(mine.id);
      expect((await as(owner).get(`/action-items/${mine.id}`)).body).toMatchObject({ status: 'open', version: 1 });
      expect((await as(stranger).get(`/action-items/${theirs.id}`)).body).toMatchObject({ status: 'open', version: 1 });
      expect(events.length).toBe(before);
    });

    it('takes 1 to 100 distinct ids and a known status', async () => {
      const ids = Array.from({ length: 101 }, () => randomUUID());
      for (const body of [
        { ids, status: 'done' },
        { ids: [], status: 'done' },
        { ids: [ids[0], ids[0]], status: 'done' },
        { ids: ['nope'], status: 'done' },
        { ids: [ids[0]], status: 'finished' },
        { ids: [ids[0]] },
        { ids: [ids[0]], status: 'done', priority: 'high' },
      ]) {
        expectProblem(await as(owner).patch('/action-items', body), 400, 'validation-failed');
      }
      const hundred = await as(owner).patch('/action-items', { ids: ids.slice(0, 100), status: 'done' });
      expectProblem(hundred, 404, 'not-found');
      expect(hundred.body.missingIds).toHaveLength(100);
    });
  });

  describe('roles and tenants', () => {
    it('lets a viewer read but not write', async () => {
      const item = await create(owner, { title: 'Read only' });
      await as(viewer).get('/action-items').expect(200);
      await as(viewer).get(`/action-items/${item.id}`).expect(200);
      for (const res of [
        await as(viewer).post('/action-items', { title: 'Nope' }),
        await as(viewer).patch(`/action-items/${item.id}`, { title: 'Nope' }),
        await as(viewer).patch('/action-items', { ids: [item.id], status: 'done' }),
        await as(viewer).delete(`/action-items/${item.id}`),
      ]) {
        expectProblem(res, 403, 'insufficient-role');
      }
      expect((await as(owner).get(`/action-items/${item.id}`)).body).toMatchObject({ title: 'Read only', status: 'open', version: 1 });
    });

    it("answers another tenant's ids exactly like missing ones", async () => {
      const item = await create(owner, { title: 'Private' });
      const unknown = randomUUID();
      const probes = [
        (id: string) => as(stranger).get(`/action-items/${id}`),
        (id: string) => as(stranger).patch(`/action-items/${id}`, { title: 'Hijacked' }),
        (id: string) => as(stranger).patch(`/action-items/${id}`, { assigneeUserId: stranger.user.id }),
        (id: string) => as(stranger).delete(`/action-items/${id}`),
      ];
      for (const probe of probes) {
        const [theirs, nobodys] = [await probe(item.id), await probe(unknown)];
        expectProblem(theirs, 404, 'not-found');
        expect(theirs.body.detail.replace(item.id, '<id>')).toBe(nobodys.body.detail.replace(unknown, '<id>'));
      }
      const listed = (await as(stranger).get('/action-items', { limit: 100 }).expect(200)).body.items as Item[];
      expect(listed.map((i) => i.id)).not.toContain(item.id);
      expect((await as(owner).get(`/action-items/${item.id}`)).body).toMatchObject({ title: 'Private', version: 1 });
    });
  });

  describe('events and audit', () => {
    it('publishes created, updated and deleted after commit, with version, meeting and data', async () => {
      const meeting = (await as(owner).post('/meetings', { title: 'Events' }).expect(201)).body;
      const item = await create(owner, { title: 'Announce me', meetingId: meeting.id });
      await as(owner).patch(`/action-items/${item.id}`, { priority: 'high' }).expect(200);
      await as(owner)
        .patch('/action-items', { ids: [item.id], status: 'done' })
        .expect(200);
      await as(owner)
        .patch('/action-items', { ids: [item.id], status: 'done' })
        .expect(200);
      await as(owner).delete(`/action-items/${item.id}`).expect(204);
      const seen = eventsFor(item.id);
      expect(seen.map((event) => [event.type, event.version, event.meetingId, event.tenantId, event.actorUserId])).toEqual([
        ['action_item.created', 1, meeting.id, owner.tenant.id, owner.user.id],
        ['action_item.updated', 2, meeting.id, owner.tenant.id, owner.user.id],
        ['action_item.updated', 3, meeting.id, owner.tenant.id, owner.user.id],
        ['action_item.deleted', 4, meeting.id, owner.tenant.id, owner.user.id],
      ]);
      // In process the data holds Dates; what a listener forwards is its JSON, as the API answers it.
      const data = seen.map((event) => JSON.parse(JSON.stringify(event.data)));
      expect(data[0]).toEqual(item);
      expect(data[1]).toMatchObject({ id: item.id, priority: 'high', version: 2 });
      expect(data[2]).toMatchObject({ id: item.id, status: 'done', completedAt: expect.any(String), version: 3 });
      expect(data[3]).toEqual({ id: item.id });

      const loose = await create(owner, { title: 'No meeting' });
      expect('meetingId' in eventsFor(loose.id)[0]).toBe(false);
    });

    it('audits deletes for admins to read', async () => {
      const item = await create(member, { title: 'Audited delete' });
      const deletion = await as(member).delete(`/action-items/${item.id}`).expect(204);
      const logs = await as(owner).get('/audit-logs', { action: 'action_item.deleted', entityId: item.id }).expect(200);
      expect(logs.body.items).toEqual([
        expect.objectContaining({
          action: 'action_item.deleted',
          actorUserId: member.user.id,
          entityType: 'action_item',
          entityId: item.id,
          requestId: deletion.headers['x-request-id'],
          metadata: { title: 'Audited delete', status: 'open', meetingId: null },
        }),
      ]);
    });
  });

  describe('filters, sorting and pagination', () => {
    let lead: TokenResponse;
    let helper: TokenResponse;
    let items: Item[];
    let meetingId: string;

    beforeAll(async () => {
      lead = await register(t, { tenantName: 'Lists' });
      helper = await addMember(t, lead, 'member');
      meetingId = (await as(lead).post('/meetings', { title: 'Lists' }).expect(201)).body.id;
      const sameDue = inDays(3);
      const specs = [
        { title: 'overdue open', dueAt: inDays(-2), priority: 'urgent', assigneeUserId: helper.user.id },
        { title: 'overdue in progress', dueAt: inDays(-1), priority: 'high', status: 'in_progress', meetingId },
        { title: 'overdue but done', dueAt: inDays(-3), priority: 'high', status: 'done', assigneeUserId: helper.user.id },
        { title: 'overdue but cancelled', dueAt: inDays(-4), priority: 'low', status: 'cancelled' },
        { title: 'due soon a', dueAt: sameDue, priority: 'medium', meetingId },
        { title: 'due soon b', dueAt: sameDue, priority: 'medium', assigneeUserId: lead.user.id },
        { title: 'due later', dueAt: inDays(30), priority: 'low' },
        { title: 'undated a', priority: 'medium', assigneeName: 'Grace' },
        { title: 'undated b', priority: 'urgent', assigneeUserId: lead.user.id },
        { title: 'undated c', priority: 'medium', status: 'done' },
        { title: 'undated d', priority: 'low' },
      ];
      items = [];
      for (const spec of specs) items.push(await create(lead, spec));
    });

    const titles = async (query: Record<string, unknown>) =>
      (
        (
          await as(lead)
            .get('/action-items', { limit: 100, ...query })
            .expect(200)
        ).body.items as Item[]
      )
        .map((item) => item.title)
        .sort();
    const titlesWhere = (predicate: (item: Item) => boolean) =>
      items
        .filter(predicate)
        .map((item) => item.title)
        .sort();

    it('filters by status, priority, assignee, meeting, overdue and due range', async () => {
      expect(await titles({})).toEqual(titlesWhere(() => true));
      expect(await titles({ status: 'done' })).toEqual(['overdue but done', 'undated c']);
      expect(await titles({ status: 'in_progress,cancelled' })).toEqual(['overdue but cancelled', 'overdue in progress']);
      expect(await titles({ priority: 'urgent' })).toEqual(['overdue open', 'undated b']);
      expect(await titles({ priority: 'high, urgent' })).toEqual(titlesWhere((item) => ['high', 'urgent'].includes(item.priority)));
      expect(await titles({ assignee: helper.user.id })).toEqual(['overdue but done', 'overdue open']);
      expect(await titles({ assignee: 'me' })).toEqual(['due soon b', 'undated b']);
      expect(await titles({ meetingId })).toEqual(['due soon a', 'overdue in progress']);
      expect(await titles({ meetingId: randomUUID() })).toEqual([]);
      expect(await titles({ overdue: true })).toEqual(['overdue in progress', 'overdue open']);
      expect(await titles({ overdue: false })).toEqual(
        titlesWhere((item) => !['overdue in progress', 'overdue open'].includes(item.title)),
      );
      expect(await titles({ dueFrom: inDays(0) })).toEqual(['due later', 'due soon a', 'due soon b']);
      expect(await titles({ dueTo: inDays(-2.5) })).toEqual(['overdue but cancelled', 'overdue but done']);
      expect(await titles({ dueFrom: inDays(-3.5), dueTo: inDays(10) })).toEqual([
        'due soon a',
        'due soon b',
        'overdue but done',
        'overdue in progress',
        'overdue open',
      ]);
      expect(await titles({ overdue: true, assignee: helper.user.id, priority: 'urgent', status: 'open' })).toEqual(['overdue open']);
    });

    it.each(SORTS)('walks every page of sort=%s with limit=2, each item exactly once and in order', async (sort) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await as(lead)
          .get('/action-items', { sort, limit: 2, ...(cursor ? { cursor } : {}) })
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((item: Item) => item.id));
        cursor = res.body.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 20);
      expect(seen).toEqual(expectedOrder(items, sort));
      expect(new Set(seen).size).toBe(items.length);
    });

    it('defaults to newest first, and pages a filtered list too', async () => {
      const all = (await as(lead).get('/action-items').expect(200)).body;
      expect(all.items.map((item: Item) => item.id)).toEqual(expectedOrder(items, '-createdAt'));
      expect(all.nextCursor).toBeNull();

      const open = items.filter((item) => item.status !== 'done');
      const first = (await as(lead).get('/action-items', { status: 'open,in_progress,cancelled', sort: '-dueAt', limit: 5 }).expect(200))
        .body;
      const rest = (
        await as(lead)
          .get('/action-items', { status: 'open,in_progress,cancelled', sort: '-dueAt', limit: 5, cursor: first.nextCursor })
          .expect(200)
      ).body;
      expect(rest.nextCursor).toBeNull();
      expect([...first.items, ...rest.items].map((item: Item) => item.id)).toEqual(expectedOrder(open, '-dueAt'));
    });
  });
});
