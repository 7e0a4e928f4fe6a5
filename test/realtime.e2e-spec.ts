import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SESSION_REVOKED } from '@quorum/auth';
import { REALTIME_OPTIONS, type RealtimeOptions } from '@quorum/realtime';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { RealtimeNamespace } from '../libs/realtime/src/realtime-namespace';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { connect, type RealtimeClient, realtimeUrl, refusal } from './support/socket-client';
import { startTestApp, type TestApp } from './support/test-app';

const segment = (id: string, startMs: number, text = `Segment ${id}`) => ({
  segmentId: id,
  speaker: 'Grace',
  startMs,
  endMs: startMs + 1000,
  text,
});

/** Starts the api on a free port; TRUST_PROXY=loopback lets a test client speak for an address through X-Forwarded-For, as a proxy would. */
async function startListening(): Promise<{ t: TestApp; url: string }> {
  const t = await startTestApp({ env: { TRUST_PROXY: 'loopback', THROTTLE_LIMIT: '100000' } });
  return { t, url: realtimeUrl(t.server as Server) };
}

describe('realtime gateway', () => {
  let t: TestApp;
  let url: string;
  let owner: TokenResponse;
  let member: TokenResponse;
  let viewer: TokenResponse;
  let stranger: TokenResponse;
  const clients: RealtimeClient[] = [];

  const open = async (tokens: TokenResponse, headers?: Record<string, string>) => {
    const client = await connect(url, { token: tokens.access_token, headers });
    clients.push(client);
    return client;
  };
  const api = (tokens: TokenResponse) => ({
    post: (path: string, body: object) => request(t.server).post(`/api/v1${path}`).set(bearer(tokens)).send(body),
    get: (path: string) => request(t.server).get(`/api/v1${path}`).set(bearer(tokens)),
    patch: (path: string, body: object) => request(t.server).patch(`/api/v1${path}`).set(bearer(tokens)).send(body),
  });
  const createMeeting = async (tokens: TokenResponse, title = 'Weekly sync') =>
    (await api(tokens).post('/meetings', { title, status: 'live' }).expect(201)).body as { id: string; version: number };

  beforeAll(async () => {
    ({ t, url } = await startListening());
    owner = await register(t);
    member = await addMember(t, owner, 'member');
    viewer = await addMember(t, owner, 'viewer');
    stranger = await register(t);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await t.close();
  });

  describe('the handshake', () => {
    const expectRefused = async (token: unknown, code: string) => {
      const { message, data } = await refusal(url, { token });
      expect(data).toMatchObject({
        type: 'https://quorum.dev/problems/unauthorized',
        title: 'Unauthorized',
        status: 401,
        code,
        detail: expect.any(String),
        instance: '/realtime',
        requestId: expect.any(String),
      });
      expect(message).toBe(data.detail);
    };

    it('refuses a connection without a token', () => expectRefused(undefined, 'missing_token'));

    it('refuses a garbage token', () => expectRefused('garbage.token.here', 'invalid_token'));

    it('refuses the main namespace, where nothing listens, naming the one to use (with or without a token)', async () => {
      const owner = await register(t);
      const root = url.replace(/\/realtime$/, '');
      for (const token of [undefined, owner.access_token]) {
        const { message, data } = await refusal(root, { token });
        expect(data).toMatchObject({ status: 404, instance: '/', requestId: expect.any(String) });
        expect(data.detail).toContain('Connect to the /realtime namespace');
        expect(message).toBe(data.detail);
      }
    });

    it('refuses an expired token', async () => {
      const claims = jwt.decode(owner.access_token) as Record<string, unknown>;
      const expired = jwt.sign(
        { sub: claims.sub, tid: claims.tid, role: claims.role, sid: claims.sid, iat: Math.floor(Date.now() / 1000) - 1000 },
        t.config.jwtSecret,
        { issuer: 'quorum', audience: 'quorum-api', expiresIn: -10 },
      );
      await expectRefused(expired, 'token_expired');
    });

    it('refuses a token whose session was logged out', async () => {
      const leaver = await register(t);
      await api(leaver).post('/auth/logout', {}).expect(204);
      await expectRefused(leaver.access_token, 'session_revoked');
    });

    it("applies the tenant's IP allowlist to the address REST would see", async () => {
      const guarded = await register(t);
      await request(t.server)
        .put('/api/v1/tenants/current/ip-allowlist')
        .set(bearer(guarded))
        .set('X-Forwarded-For', '203.0.113.9')
        .send({ cidrs: ['203.0.113.0/24'] })
        .expect(200);
      const { data } = await refusal(url, { token: guarded.access_token, headers: { 'X-Forwarded-For': '198.51.100.7' } });
      expect(data).toMatchObject({ type: 'https://quorum.dev/problems/ip-not-allowed', status: 403 });
      const inside = await open(guarded, { 'X-Forwarded-For': '203.0.113.9' });
      expect(inside.connected).toBe(true);
    });
  });

  describe('server events', () => {
    it('sends meeting.created to the tenant with what a client needs to dedupe, and nothing to another tenant', async () => {
      const ours = await open(member);
      const theirs = await open(stranger);
      const meeting = await createMeeting(owner, 'Roadmap');

      const created = await ours.waitFor('meeting.created', (e) => e.entityId === meeting.id);
      expect(created).toEqual({
        eventId: expect.any(String),
        type: 'meeting.created',
        entityId: meeting.id,
        version: 1,
        occurredAt: expect.any(String),
        actorUserId: owner.user.id,
        meetingId: meeting.id,
        data: expect.objectContaining({ id: meeting.id, title: 'Roadmap', version: 1 }),
      });
      expect(created).not.toHaveProperty('tenantId');

      // Events reach each socket in order, so once the stranger hears its own tenant's meeting it would have heard ours before.
      const theirMeeting = await createMeeting(stranger, 'Elsewhere');
      await theirs.waitFor('meeting.created', (e) => e.entityId === theirMeeting.id);
      expect(theirs.events('meeting.created').map((e) => e.entityId)).toEqual([theirMeeting.id]);
      expect(ours.events('meeting.created').map((e) => e.entityId)).not.toContain(theirMeeting.id);
    });

    it('sends meeting.updated with the new version', async () => {
      const ours = await open(member);
      const meeting = await createMeeting(owner);
      await api(owner).patch(`/meetings/${meeting.id}`, { title: 'Renamed' }).expect(200);
      const updated = await ours.waitFor('meeting.updated', (e) => e.entityId === meeting.id);
      expect(updated).toMatchObject({ type: 'meeting.updated', version: 2, data: { title: 'Renamed', version: 2 } });
      const created = await ours.waitFor('meeting.created', (e) => e.entityId === meeting.id);
      expect(updated.eventId).not.toBe(created.eventId);
    });
  });

  describe('meeting rooms', () => {
    it('joins a meeting of the tenant, and answers any other id as not found', async () => {
      const client = await open(member);
      const meeting = await createMeeting(owner);
      const foreign = await createMeeting(stranger);

      const joined = await client.ack('meeting.join', { meetingId: meeting.id });
      expect(joined).toMatchObject({ ok: true, meetingId: meeting.id, meeting: { id: meeting.id, title: 'Weekly sync' } });

      for (const meetingId of [foreign.id, randomUUID(), 'not-a-uuid']) {
        const answer = await client.ack('meeting.join', { meetingId });
        expect(answer).toEqual({
          ok: false,
          error: expect.objectContaining({ type: 'https://quorum.dev/problems/not-found', status: 404, title: 'Not found' }),
        });
        expect(JSON.stringify(answer)).not.toContain('Elsewhere');
      }
      expect(await client.ack('meeting.leave', { meetingId: meeting.id })).toEqual({ ok: true, meetingId: meeting.id });
      expect(client.connected).toBe(true);
    });

    it('answers a malformed payload with a validation problem and keeps the connection', async () => {
      const client = await open(member);
      const answer = await client.ack('meeting.join', { meetingId: 42, extra: true });
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatchObject({
        type: 'https://quorum.dev/problems/validation-failed',
        status: 400,
        instance: '/realtime#meeting.join',
      });
      expect(answer.error.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'meetingId' }), { field: 'extra', message: 'extra should not exist' }]),
      );
      expect((await client.ack('meeting.join', 'just a string')).error).toMatchObject({ status: 400 });
      expect((await client.ack('no.such.event', {})).error).toMatchObject({ status: 400, detail: expect.stringContaining('meeting.join') });
      expect(client.connected).toBe(true);
    });
  });

  describe('transcript.append', () => {
    let meetingId: string;
    let sender: RealtimeClient;
    let listener: RealtimeClient;
    let outsider: RealtimeClient;

    beforeAll(async () => {
      meetingId = (await createMeeting(owner, 'Live call')).id;
      sender = await open(member);
      listener = await open(owner);
      outsider = await open(owner);
      expect((await sender.ack('meeting.join', { meetingId })).ok).toBe(true);
      expect((await listener.ack('meeting.join', { meetingId })).ok).toBe(true);
    });

    it('stores the segments, acks their ids and fans them out to the meeting room only', async () => {
      const answer = await sender.ack('transcript.append', { meetingId, segments: [segment('s-1', 0), segment('s-2', 1000)] });
      expect(answer).toEqual({ ok: true, meetingId, revision: 1, segmentIds: ['s-1', 's-2'] });

      const heard = await listener.waitFor('transcript.appended', (e) => e.version === 1);
      expect(heard).toMatchObject({
        type: 'transcript.appended',
        entityId: meetingId,
        meetingId,
        version: 1,
        actorUserId: member.user.id,
        data: {
          meetingId,
          revision: 1,
          segments: [expect.objectContaining({ segmentId: 's-1', text: 'Segment s-1' }), expect.objectContaining({ segmentId: 's-2' })],
        },
      });
      // The sender is in the room too, and hears its own batch like everyone else.
      expect((await sender.waitFor('transcript.appended', (e) => e.version === 1)).eventId).toBe(heard.eventId);

      const stored = await api(owner).get(`/meetings/${meetingId}/segments`).expect(200);
      expect(stored.body.items.map((s: { segmentId: string }) => s.segmentId)).toEqual(['s-1', 's-2']);

      // The outsider is in the tenant but not the meeting: it hears the next tenant-wide event and never the transcript.
      await api(owner).patch(`/meetings/${meetingId}`, { title: 'Live call (recorded)' }).expect(200);
      await outsider.waitFor('meeting.updated', (e) => e.entityId === meetingId);
      expect(outsider.events('transcript.appended')).toEqual([]);
    });

    it('acks the sender before its batch reaches the room, then delivers it to the sender too', async () => {
      const order: string[] = [];
      const mine = (e: any) => e.data.segments.some((s: { segmentId: string }) => s.segmentId === 'ack-first');
      const onAppended = (e: any) => void (mine(e) && order.push('transcript.appended'));
      sender.socket.on('transcript.appended', onAppended);
      try {
        // The ack and the event travel on one WebSocket, so the order this client sees them in is the order the server wrote them.
        const answer = await new Promise<any>((resolve) =>
          sender.socket.emit('transcript.append', { meetingId, segments: [segment('ack-first', 5000)] }, (ack: unknown) => {
            order.push('ack');
            resolve(ack);
          }),
        );
        expect(answer).toMatchObject({ ok: true, segmentIds: ['ack-first'] });
        await sender.waitFor('transcript.appended', mine);
        await listener.waitFor('transcript.appended', mine);
        expect(order).toEqual(['ack', 'transcript.appended']);
      } finally {
        sender.socket.off('transcript.appended', onAppended);
      }
    });

    it('answers a REST POST of segments before the fan-out to the room begins', async () => {
      const namespace = t.app.get(RealtimeNamespace).current!;
      const adapter = namespace.adapter;
      const broadcast = adapter.broadcast;
      const path = `/api/v1/meetings/${meetingId}/segments`;
      let response: ServerResponse | undefined;
      let answeredWhenFanOutBegan: boolean | undefined;
      const onRequest = (req: IncomingMessage, res: ServerResponse) => {
        if (req.method === 'POST' && req.url === path) response = res;
      };
      // Nothing is timed: the server itself records whether the POST's response was complete when the broadcast was called.
      adapter.broadcast = function (this: typeof adapter, packet, opts) {
        if ((packet.data as unknown[])[0] === 'transcript.appended' && answeredWhenFanOutBegan === undefined)
          answeredWhenFanOutBegan = response?.writableEnded ?? false;
        return broadcast.call(this, packet, opts);
      };
      t.server.prependListener('request', onRequest);
      try {
        await api(owner)
          .post(`/meetings/${meetingId}/segments`, { segments: [segment('rest-first', 6000)] })
          .expect(201);
        await listener.waitFor('transcript.appended', (e) => e.data.segments[0].segmentId === 'rest-first');
        expect(answeredWhenFanOutBegan).toBe(true);
      } finally {
        adapter.broadcast = broadcast;
        t.server.off('request', onRequest);
      }
    });

    it('answers invalid segments like REST, in the ack, and keeps the connection', async () => {
      const answer = await sender.ack('transcript.append', { meetingId, segments: [{ ...segment('s-3', -5), text: '', mood: 'happy' }] });
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatchObject({
        type: 'https://quorum.dev/problems/validation-failed',
        title: 'Validation failed',
        status: 400,
        detail: expect.stringContaining('segments.0.startMs'),
      });
      expect(answer.error.errors).toEqual(
        expect.arrayContaining([
          { field: 'segments.0.startMs', message: 'segments.0.startMs must not be less than 0' },
          { field: 'segments.0.text', message: expect.stringContaining('segments.0.text must be longer than or equal to 1') },
          { field: 'segments.0.mood', message: 'segments.0.mood should not exist' },
        ]),
      );
      const rest = await api(owner)
        .post(`/meetings/${meetingId}/segments`, { segments: [{ ...segment('s-3', -5), text: '', mood: 'happy' }] })
        .expect(400);
      expect(answer.error.errors).toEqual(rest.body.errors);

      expect((await sender.ack('transcript.append', { meetingId, segments: [] })).error.errors).toEqual([
        { field: 'segments', message: 'segments must contain at least 1 elements' },
      ]);
      expect(sender.connected).toBe(true);
      expect((await sender.ack('transcript.append', { meetingId, segments: [segment('s-3', 2000)] })).ok).toBe(true);
    });

    it('needs the meeting joined first', async () => {
      const answer = await outsider.ack('transcript.append', { meetingId, segments: [segment('x-1', 0)] });
      expect(answer).toEqual({ ok: false, error: expect.objectContaining({ status: 409, code: 'not_joined' }) });
    });

    it('refuses viewers with 403 in the ack', async () => {
      const watcher = await open(viewer);
      expect((await watcher.ack('meeting.join', { meetingId })).ok).toBe(true);
      const answer = await watcher.ack('transcript.append', { meetingId, segments: [segment('v-1', 0)] });
      expect(answer).toEqual({
        ok: false,
        error: expect.objectContaining({ type: 'https://quorum.dev/problems/insufficient-role', status: 403, requiredRole: 'member' }),
      });
      expect(watcher.connected).toBe(true);
    });
  });

  describe('limits', () => {
    it('answers events over the rate with 429 and retryAfter, keeps the connection, and lets it through after the wait', async () => {
      const client = await open(member);
      const meetingId = randomUUID();
      const answers = await Promise.all(Array.from({ length: 100 }, () => client.ack('meeting.leave', { meetingId })));
      const limited = answers.filter((a) => !a.ok);
      expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(40);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0].error).toMatchObject({
        type: 'https://quorum.dev/problems/too-many-requests',
        status: 429,
        retryAfter: expect.any(Number),
      });
      expect(client.connected).toBe(true);

      await new Promise((r) => setTimeout(r, Math.ceil(limited[limited.length - 1].error.retryAfter * 1000) + 10));
      expect(await client.ack('meeting.leave', { meetingId })).toEqual({ ok: true, meetingId });
    });
  });

  describe('message size', () => {
    it('closes a connection that sends a message over the limit (Engine.IO cannot answer it)', async () => {
      const client = await open(member);
      client.socket.emit('transcript.append', { meetingId: randomUUID(), segments: [segment('big', 0, 'x'.repeat(1_100_000))] });
      expect(await client.disconnected()).toMatch(/^transport (close|error)$/);
    });
  });

  describe('connection state recovery (in-memory adapter)', () => {
    const dropAndMiss = async (client: RealtimeClient, whileAway: () => Promise<unknown>) => {
      // Reconnecting by hand makes the gap certain, so the event is missed rather than raced.
      client.socket.io.reconnection(false);
      client.socket.io.engine.close();
      await client.disconnected();
      await whileAway();
    };

    it('brings back the rooms and the events missed during a brief drop', async () => {
      const client = await connect(url, { token: member.access_token, reconnection: true });
      clients.push(client);
      const meeting = await createMeeting(owner, 'Flaky network');
      await client.waitFor('meeting.created', (e) => e.entityId === meeting.id);
      expect((await client.ack('meeting.join', { meetingId: meeting.id })).ok).toBe(true);

      await dropAndMiss(client, () =>
        api(owner)
          .post(`/meetings/${meeting.id}/segments`, { segments: [segment('away-1', 0)] })
          .expect(201),
      );
      const reconnected = new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
      client.socket.connect();
      await reconnected;

      expect(client.socket.recovered).toBe(true);
      expect(await client.waitFor('transcript.appended', (e) => e.meetingId === meeting.id)).toMatchObject({
        version: 1,
        data: { segments: [expect.objectContaining({ segmentId: 'away-1' })] },
      });
      expect((await client.ack('transcript.append', { meetingId: meeting.id, segments: [segment('back-1', 1000)] })).ok).toBe(true);
    });

    it('recovers nothing for a session that ended meanwhile', async () => {
      const leaver = await addMember(t, owner, 'member');
      const client = await connect(url, { token: leaver.access_token, reconnection: true });
      clients.push(client);
      const meeting = await createMeeting(owner);
      await client.waitFor('meeting.created', (e) => e.entityId === meeting.id);

      await dropAndMiss(client, () => api(leaver).post('/auth/logout', {}).expect(204));
      const refused = new Promise<any>((resolve) => client.socket.once('connect_error', resolve));
      client.socket.connect();
      expect((await refused).data).toMatchObject({ status: 401, code: 'session_revoked' });
      expect(client.socket.recovered).toBe(false);
    });
  });

  describe('sessions that end', () => {
    it('disconnects the sockets of a session logged out through REST, saying why', async () => {
      const leaver = await addMember(t, owner, 'member');
      const first = await open(leaver);
      const second = await open(leaver);
      const bystander = await open(member);
      await api(leaver).post('/auth/logout', {}).expect(204);

      expect(await first.disconnected()).toBe('io server disconnect');
      expect(await second.disconnected()).toBe('io server disconnect');
      expect(first.events('session.ended')).toEqual([expect.objectContaining({ status: 401, code: 'session_revoked' })]);
      expect(bystander.connected).toBe(true);
    });

    it('disconnects the sockets of a session that moved to another tenant, telling them to reconnect rather than log in', async () => {
      const traveller = await register(t);
      const before = await open(traveller);
      const invitation = await api(owner).post('/tenants/current/invitations', { email: traveller.user.email, role: 'member' }).expect(201);
      const moved = (await api(traveller).post('/auth/accept-invitation', { invitationToken: invitation.body.token }).expect(200))
        .body as TokenResponse;

      expect(await before.disconnected()).toBe('io server disconnect');
      expect(before.events('session.ended')).toEqual([expect.objectContaining({ status: 401, code: 'invalid_token' })]);
      const after = await open(moved);
      const meeting = await createMeeting(owner, 'Welcome aboard');
      await after.waitFor('meeting.created', (e) => e.entityId === meeting.id);
    });

    it('re-checks the session when a socket sends an event, should the revocation event have been missed', async () => {
      const leaver = await addMember(t, owner, 'member');
      const client = await open(leaver);
      // As if the revocation had happened where this instance never heard of it.
      t.app.get(EventEmitter2).removeAllListeners(SESSION_REVOKED);
      await api(leaver).post('/auth/logout', {}).expect(204);
      expect(client.connected).toBe(true);

      const answer = await client.ack('meeting.leave', { meetingId: randomUUID() });
      expect(answer).toEqual({ ok: false, error: expect.objectContaining({ status: 401, code: 'session_revoked' }) });
      expect(await client.disconnected()).toBe('io server disconnect');
    });
  });
});

describe('realtime session safety net', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    ({ t, url } = await startListening());
    // Tuned before the first connection, which is when the periodic check starts.
    t.app.get<RealtimeOptions>(REALTIME_OPTIONS).sessionCheckIntervalMs = 200;
    // Only the periodic check is left to notice a revocation.
    t.app.get(EventEmitter2).removeAllListeners(SESSION_REVOKED);
  });
  afterAll(() => t.close());

  it('disconnects a logged-out session within the check interval, without any event from the socket', async () => {
    const user = await register(t);
    const other = await register(t);
    const client = await connect(url, { token: user.access_token });
    const bystander = await connect(url, { token: other.access_token });
    await request(t.server).post('/api/v1/auth/logout').set(bearer(user)).send({}).expect(204);
    const loggedOutAt = Date.now();

    expect(await client.disconnected(3000)).toBe('io server disconnect');
    expect(Date.now() - loggedOutAt).toBeLessThan(2000);
    expect(client.events('session.ended')).toEqual([expect.objectContaining({ status: 401, code: 'session_revoked' })]);
    expect(bystander.connected).toBe(true);
    bystander.close();
  });
});
