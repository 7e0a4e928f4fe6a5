import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationsService } from '@quorum/business-rules';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { connect, type RealtimeClient, realtimeUrl } from './support/socket-client';
import { startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

describe('notifications', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let member: TokenResponse;
  let viewer: TokenResponse;
  let notifications: NotificationsService;
  const clients: RealtimeClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000' } });
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

  it('says e-mail is off without SMTP_URL', async () => {
    const res = await request(t.server).get('/api/v1/notifications/channels').set(bearer(viewer)).expect(200);
    expect(res.body).toEqual({
      channels: [
        { channel: 'in_app', enabled: true, reason: null },
        { channel: 'email', enabled: false, reason: 'SMTP_URL is not set' },
      ],
    });
  });

  it("keeps each member's preferences, and leaves out of the app those who turned a type off", async () => {
    expect((await request(t.server).get('/api/v1/notifications/preferences').set(bearer(member)).expect(200)).body).toEqual({
      preferences: [],
    });
    const put = await request(t.server)
      .put('/api/v1/notifications/preferences')
      .set(bearer(member))
      .send({
        preferences: [
          { type: 'test.quiet', inApp: false, email: false },
          { type: '*', inApp: true, email: false },
        ],
      })
      .expect(200);
    expect(put.body.preferences).toEqual([
      { type: '*', inApp: true, email: false },
      { type: 'test.quiet', inApp: false, email: false },
    ]);
    const quiet = await notifications.notify({
      tenantId: owner.tenant.id,
      userIds: [member.user.id, owner.user.id],
      type: 'test.quiet',
      title: 'Shh',
    });
    expect(quiet.map((n) => n.userId)).toEqual([owner.user.id]);
    expect((await request(t.server).get('/api/v1/notifications/preferences').set(bearer(owner)).expect(200)).body).toEqual({
      preferences: [],
    });
  });

  it.each([
    ['a type that is not one', { preferences: [{ type: 'no spaces please', inApp: true, email: true }] }],
    ['a string for a flag', { preferences: [{ type: '*', inApp: 'yes', email: true }] }],
    ['a NUL byte', { preferences: [{ type: '*\u0000', inApp: true, email: true }] }],
    ['no list', { preferences: 'all' }],
    ['too many entries', { preferences: Array.from({ length: 101 }, (_, i) => ({ type: `t.x${i}`, inApp: true, email: true })) }],
  ])('refuses preferences with %s (400)', async (_what, body) => {
    expectProblem(
      await request(t.server).put('/api/v1/notifications/preferences').set(bearer(member)).send(body),
      400,
      'validation-failed',
    );
  });

  it('refuses bad input with problems', async () => {
    expectProblem(await request(t.server).get('/api/v1/notifications?unread=maybe').set(bearer(member)), 400, 'validation-failed');
    expectProblem(await request(t.server).get('/api/v1/notifications?cursor=garbage').set(bearer(member)), 400);
    expectProblem(await request(t.server).post('/api/v1/notifications/not-a-uuid/read').set(bearer(member)), 400, 'validation-failed');
    expectProblem(await request(t.server).get('/api/v1/notifications'), 401, 'unauthorized');
  });
});

describe('notification e-mail', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const mails: { from: string; to: string[]; raw: string }[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'Quorum <quorum@example.com>' } });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('mails the recipients who want e-mail, once per dedupe key, with the subject, body and link', async () => {
    const owner = await register(t);
    const member = await addMember(t, owner, 'member');
    const quiet = await addMember(t, owner, 'viewer');
    await request(t.server)
      .put('/api/v1/notifications/preferences')
      .set(bearer(quiet))
      .send({ preferences: [{ type: 'action_item.overdue', inApp: true, email: false }] })
      .expect(200);
    expect((await request(t.server).get('/api/v1/notifications/channels').set(bearer(member))).body.channels[1]).toEqual({
      channel: 'email',
      enabled: true,
      reason: null,
    });
    const notify = () =>
      t.app.get(NotificationsService).notify({
        tenantId: owner.tenant.id,
        userIds: [member.user.id, quiet.user.id],
        type: 'action_item.overdue',
        title: 'Send the budget is 3 days overdue',
        body: 'It was due on 2026-11-27.',
        link: 'https://app.example.com/action-items/42',
        dedupeKey: 'overdue:42:3',
      });
    expect(await notify()).toHaveLength(2);
    await notify();
    const mail = await until('the e-mail', async () => mails[0], 15_000);
    expect(mail.to).toEqual([member.user.email]);
    expect(mail.from).toBe('quorum@example.com');
    expect(mail.raw).toMatch(/^Subject: Send the budget is 3 days overdue\r?$/m);
    expect(mail.raw).toMatch(new RegExp(`^To: ${member.user.email.replace('.', '\\.')}\\r?$`, 'm'));
    expect(mail.raw).toContain('It was due on 2026-11-27.');
    expect(mail.raw).toContain('https://app.example.com/action-items/42');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mails).toHaveLength(1);
  });
});
