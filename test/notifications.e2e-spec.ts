import type { Server } from 'node:http';
import { NotificationsService } from '@quorum/business-rules';
import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { connect, type RealtimeClient, realtimeUrl } from './support/socket-client';
import { startTestApp, type TestApp } from './support/test-app';

describe('notifications', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let member: TokenResponse;
  let viewer: TokenResponse;
  let notifications: NotificationsService;
  const clients: RealtimeClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
    await t.app.listen(0, '127.0.0.1');
    owner = await register(t);
    member = await addMember(t, owner, 'member');
    viewer = await addMember(t, owner, 'viewer');
    notifications = t.app.get(NotificationsService);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  const open = async (tokens: TokenResponse) => {
    const client = await connect(realtimeUrl(t.server as Server), { token: tokens.access_token });
    clients.push(client);
    return client;
  };

  it('notifies once per dedupe key, live to the recipient only', async () => {
    const memberSocket = await open(member);
    const ownerSocket = await open(owner);
    const notify = () =>
      notifications.notify({
        tenantId: owner.tenant.id,
        userIds: [member.user.id],
        type: 'action_item.overdue',
        title: 'Send the budget is overdue',
        body: 'It was due yesterday.',
        data: { actionItemId: 'x' },
        link: '/api/v1/action-items/x',
        dedupeKey: 'overdue:x:1',
      });
    const [first, again] = [await notify(), await notify()];
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    const event = await memberSocket.waitFor('notification.created');
    expect(event).toMatchObject({
      type: 'notification.created',
      entityId: first[0].id,
      data: { userId: member.user.id, title: 'Send the budget is overdue' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(memberSocket.events('notification.created')).toHaveLength(1);
    expect(ownerSocket.events('notification.created')).toHaveLength(0);
  });

  it('notifies by role, skipping ids that are not members', async () => {
    const stranger = await register(t);
    const created = await notifications.notify({
      tenantId: owner.tenant.id,
      userIds: [stranger.user.id],
      roles: ['owner', 'viewer'],
      type: 'rule.paused',
      title: 'A rule was paused',
    });
    expect(created.map((n) => n.userId).sort()).toEqual([owner.user.id, viewer.user.id].sort());
  });

  it('lists, counts and marks read, each member seeing only their own', async () => {
    for (let i = 0; i < 3; i++)
      await notifications.notify({ tenantId: owner.tenant.id, userIds: [viewer.user.id], type: 'test.page', title: `Page ${i}` });
    const count = await request(t.server).get('/api/v1/notifications/unread-count').set(bearer(viewer)).expect(200);
    expect(count.body).toEqual({ unread: 4 });

    const page1 = await request(t.server).get('/api/v1/notifications?limit=2&unread=true').set(bearer(viewer)).expect(200);
    expect(page1.body.items.map((n: { title: string }) => n.title)).toEqual(['Page 2', 'Page 1']);
    const page2 = await request(t.server)
      .get(`/api/v1/notifications?limit=2&unread=true&cursor=${encodeURIComponent(page1.body.nextCursor)}`)
      .set(bearer(viewer))
      .expect(200);
    expect(page2.body.items.map((n: { title: string }) => n.title)).toEqual(['Page 0', 'A rule was paused']);
    expect(page2.body.nextCursor).toBeNull();

    const id = page1.body.items[0].id as string;
    // Another member's notification is as missing as one that does not exist.
    expectProblem(await request(t.server).post(`/api/v1/notifications/${id}/read`).set(bearer(member)), 404, 'not-found');
    const read = await request(t.server).post(`/api/v1/notifications/${id}/read`).set(bearer(viewer)).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await request(t.server).post(`/api/v1/notifications/${id}/read`).set(bearer(viewer)).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    const readOnes = await request(t.server).get('/api/v1/notifications?unread=false').set(bearer(viewer)).expect(200);
    expect(readOnes.body.items.map((n: { id: string }) => n.id)).toEqual([id]);

    const all = await request(t.server).post('/api/v1/notifications/read-all').set(bearer(viewer)).expect(200);
    expect(all.body).toEqual({ marked: 3 });
    expect((await request(t.server).get('/api/v1/notifications/unread-count').set(bearer(viewer))).body).toEqual({ unread: 0 });
    expect((await request(t.server).get('/api/v1/notifications/unread-count').set(bearer(member))).body).toEqual({ unread: 1 });
  });

  it('refuses bad input with problems', async () => {
    expectProblem(await request(t.server).get('/api/v1/notifications?unread=maybe').set(bearer(member)), 400, 'validation-failed');
    expectProblem(await request(t.server).get('/api/v1/notifications?cursor=garbage').set(bearer(member)), 400);
    expectProblem(await request(t.server).post('/api/v1/notifications/not-a-uuid/read').set(bearer(member)), 400, 'validation-failed');
    expectProblem(await request(t.server).get('/api/v1/notifications'), 401, 'unauthorized');
  });
});
