import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhooksService } from '@quorum/business-rules';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

interface Received {
  path: string;
  at: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on a free port: records every request; `/flaky` answers 429 (Retry-After: 6) once, then 200. */
const movedBack = { value: false };

async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  let flaky = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', at: Date.now(), headers: req.headers, body });
      if (req.url === '/flaky' && flaky++ === 0) return res.writeHead(429, { 'retry-after': '6' }).end();
      if (req.url === '/down') return res.writeHead(500).end();
      // Gone until the test brings it back: a 410 is final, so the message is given up at once.
      if (req.url === '/moved' && !movedBack.value) return res.writeHead(410).end();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** The standardwebhooks package's own verification, as a receiver would run it. */
function verified(secret: string, delivery: Received): any {
  return new StandardWebhook(secret).verify(delivery.body, {
    'webhook-id': String(delivery.headers['webhook-id']),
    'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
    'webhook-signature': String(delivery.headers['webhook-signature']),
  });
}

describe('webhooks', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: TokenResponse;
  let member: TokenResponse;
  let viewer: TokenResponse;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp({ env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true', THROTTLE_LIMIT: '100000' } });
    admin = await register(t);
    member = await addMember(t, admin, 'member');
    viewer = await addMember(t, admin, 'viewer');
  });
  afterAll(async () => {
    await t.close();
    receiver.server.closeAllConnections();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  const create = (tokens: TokenResponse, body: unknown) =>
    request(t.server)
      .post('/api/v1/webhooks')
      .set(bearer(tokens))
      .send(body as object);

  it('delivers a domain event signed per Standard Webhooks, and records the attempt', async () => {
    const res = await create(admin, { url: `${receiver.url}/items`, eventTypes: ['action_item.updated'], description: 'tickets' }).expect(
      201,
    );
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const { secret, id } = res.body as { secret: string; id: string };
    const listed = await request(t.server).get('/api/v1/webhooks').set(bearer(admin)).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id, url: `${receiver.url}/items`, eventTypes: ['action_item.updated'] })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const item = await request(t.server).post('/api/v1/action-items').set(bearer(member)).send({ title: 'Ship it' }).expect(201);
    await request(t.server).patch(`/api/v1/action-items/${item.body.id}`).set(bearer(member)).send({ status: 'done' }).expect(200);

    const delivery = await until('the delivery', async () => receiver.received.find((r) => r.path === '/items'), 15_000);
    expect(verified(secret, delivery)).toMatchObject({ type: 'action_item.updated', data: { id: item.body.id, status: 'done' } });
    expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
    // Only the subscribed type: the creation was not sent.
    expect(receiver.received.filter((r) => r.path === '/items')).toHaveLength(1);
    expect(() => verified('whsec_' + Buffer.from('another secret of 32 bytes......').toString('base64'), delivery)).toThrow();

    const deliveries = await until(
      'the recorded attempt',
      async () => {
        const page = await request(t.server).get(`/api/v1/webhooks/${id}/deliveries`).set(bearer(admin)).expect(200);
        return page.body.items.length ? page.body : undefined;
      },
      5000,
    );
    expect(deliveries.items).toEqual([
      expect.objectContaining({
        eventType: 'action_item.updated',
        attempt: 1,
        outcome: 'succeeded',
        statusCode: 204,
        error: null,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('keeps a message given up on as a dead letter, and redelivers it with its message id', async () => {
    const res = await create(admin, { url: `${receiver.url}/moved`, eventTypes: ['meeting.deleted'] }).expect(201);
    const { id, secret } = res.body as { id: string; secret: string };
    await t.app.get(WebhooksService).dispatch(admin.tenant.id, 'meeting.deleted', { id: 'm9' });
    const page = async () => (await request(t.server).get(`/api/v1/webhooks/${id}/dead-letters`).set(bearer(admin)).expect(200)).body.items;
    const [letter] = await until('the dead letter', async () => ((await page()).length ? await page() : undefined), 15_000);
    expect(letter).toMatchObject({
      eventType: 'meeting.deleted',
      data: { id: 'm9' },
      attempts: 1,
      error: 'answered 410',
      redeliveries: 0,
    });
    expectProblem(await request(t.server).get(`/api/v1/webhooks/${id}/dead-letters`).set(bearer(member)), 403, 'insufficient-role');

    movedBack.value = true;
    const hitsBefore = receiver.received.filter((r) => r.path === '/moved').length;
    const redelivered = await request(t.server)
      .post(`/api/v1/webhooks/${id}/dead-letters/${letter.id}/redeliver`)
      .set(bearer(admin))
      .expect(202);
    expect(redelivered.headers.location).toBe(redelivered.body.location);
    const delivery = await until('the redelivery', async () => receiver.received.filter((r) => r.path === '/moved')[hitsBefore], 15_000);
    expect(delivery.headers['webhook-id']).toBe(letter.messageId);
    expect(verified(secret, delivery)).toMatchObject({ type: 'meeting.deleted', data: { id: 'm9' } });
    await until('the dead letter to go', async () => (await page()).length === 0, 10_000);
    expectProblem(await request(t.server).post(`/api/v1/webhooks/${id}/dead-letters/${letter.id}/redeliver`).set(bearer(admin)), 404);
  });

  it('retries a failing endpoint, waiting as its Retry-After says, then succeeds with the same message id', async () => {
    const res = await create(admin, { url: `${receiver.url}/flaky`, eventTypes: ['*'] }).expect(201);
    const queued = await t.app.get(WebhooksService).dispatch(admin.tenant.id, 'meeting.completed', { id: 'm1' });
    // The first webhook takes action_item.updated only.
    expect(queued).toBe(1);
    const [first, second] = await until(
      'two attempts',
      async () => {
        const hits = receiver.received.filter((r) => r.path === '/flaky');
        return hits.length >= 2 ? hits : undefined;
      },
      30_000,
    );
    expect(second.at - first.at).toBeGreaterThanOrEqual(5900);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(verified(res.body.secret, second)).toEqual({ type: 'meeting.completed', timestamp: expect.any(String), data: { id: 'm1' } });
    const deliveries = await until(
      'both attempts recorded',
      async () => {
        const page = await request(t.server).get(`/api/v1/webhooks/${res.body.id}/deliveries`).set(bearer(admin)).expect(200);
        return page.body.items.length === 2 ? page.body.items : undefined;
      },
      5000,
    );
    expect(deliveries).toEqual([
      expect.objectContaining({ attempt: 2, outcome: 'succeeded', statusCode: 204 }),
      expect.objectContaining({ attempt: 1, outcome: 'retrying', statusCode: 429, error: 'answered 429' }),
    ]);
  }, 40_000);

  it('delivers a message dispatched twice once', async () => {
    const res = await create(admin, { url: `${receiver.url}/once`, eventTypes: ['meeting.deleted'] }).expect(201);
    const webhooks = t.app.get(WebhooksService);
    for (let i = 0; i < 2; i++) await webhooks.dispatch(admin.tenant.id, 'meeting.deleted', { id: 'm2' }, { messageId: 'msg_same' });
    await until('the delivery', async () => receiver.received.find((r) => r.path === '/once'), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received.filter((r) => r.path === '/once')).toHaveLength(1);
    const page = await request(t.server).get(`/api/v1/webhooks/${res.body.id}/deliveries`).set(bearer(admin)).expect(200);
    expect(page.body.items).toEqual([expect.objectContaining({ messageId: 'msg_same', outcome: 'succeeded' })]);
  });

  it('is for admins only', async () => {
    for (const tokens of [member, viewer]) {
      expectProblem(await create(tokens, { url: `${receiver.url}/x`, eventTypes: ['*'] }), 403, 'insufficient-role');
      expectProblem(await request(t.server).get('/api/v1/webhooks').set(bearer(tokens)), 403, 'insufficient-role');
    }
  });

  it.each([
    ['no url', { eventTypes: ['*'] }],
    ['a url that is not one', { url: 'not a url', eventTypes: ['*'] }],
    ['another scheme', { url: 'ftp://example.com/x', eventTypes: ['*'] }],
    ['a NUL byte', { url: 'https://example.com/\u0000', eventTypes: ['*'] }],
    ['a huge url', { url: `https://example.com/${'a'.repeat(5000)}`, eventTypes: ['*'] }],
    ['a number for url', { url: 42, eventTypes: ['*'] }],
    ['no event types', { url: 'https://example.com/x', eventTypes: [] }],
    ['an unknown event type', { url: 'https://example.com/x', eventTypes: ['everything'] }],
    ['a string for event types', { url: 'https://example.com/x', eventTypes: 'meeting.created' }],
    ['an unknown field', { url: 'https://example.com/x', eventTypes: ['*'], secret: 'mine' }],
  ])('refuses %s with 400', async (_what, body) => {
    expectProblem(await create(admin, body), 400);
  });

  it('refuses a host that does not resolve with 422', async () => {
    expectProblem(await create(admin, { url: 'https://no-such-host.invalid/hook', eventTypes: ['*'] }), 422, {
      type: 'https://quorum.dev/problems/url-not-allowed',
      field: 'url',
    });
  });

  it('deletes, then 404s', async () => {
    const res = await create(admin, { url: `${receiver.url}/gone`, eventTypes: ['*'] }).expect(201);
    await request(t.server).delete(`/api/v1/webhooks/${res.body.id}`).set(bearer(admin)).expect(204);
    expectProblem(await request(t.server).get(`/api/v1/webhooks/${res.body.id}`).set(bearer(admin)), 404, 'not-found');
    expectProblem(await request(t.server).get(`/api/v1/webhooks/${res.body.id}/deliveries`).set(bearer(admin)), 404, 'not-found');
    expectProblem(await request(t.server).get('/api/v1/webhooks/nope/deliveries').set(bearer(admin)), 400, 'validation-failed');
  });
});

describe('webhooks without OUTBOUND_ALLOW_PRIVATE_NETWORKS', () => {
  let t: TestApp;
  let admin: TokenResponse;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await register(t);
  });
  afterAll(() => t.close());

  it.each([
    'http://127.0.0.1:9/hook',
    'http://localhost:9/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
  ])('refuses %s with 422 url-not-allowed', async (url) => {
    const res = await request(t.server)
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url, eventTypes: ['*'] });
    expectProblem(res, 422, { type: 'https://quorum.dev/problems/url-not-allowed', field: 'url' });
  });

  it.each(['http://2130706433/hook', 'http://0x7f.0.0.1/hook'])('refuses the numeric host trick %s as no URL at all (400)', async (url) => {
    const res = await request(t.server)
      .post('/api/v1/webhooks')
      .set(bearer(admin))
      .send({ url, eventTypes: ['*'] });
    expectProblem(res, 400, { type: 'https://quorum.dev/problems/validation-failed', field: 'url' });
  });
});
