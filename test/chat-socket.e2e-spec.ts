import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { OpenAiProtocolServer } from '../libs/ai/src/providers/testing/openai-protocol-server.testing';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { connect, type RealtimeClient, realtimeUrl } from './support/socket-client';
import { startTestApp, type TestApp, type TestAppOptions } from './support/test-app';
import { settledJob, until } from './support/until';

jest.setTimeout(90_000);

/** An api listening on a free port, a user with one indexed document, and the sockets a test opens (closed at the end). */
function chatOverSockets(options: () => TestAppOptions) {
  const ctx = {} as { t: TestApp; url: string; owner: TokenResponse; clients: RealtimeClient[] };
  ctx.clients = [];
  beforeAll(async () => {
    ctx.t = await startTestApp(options());
    ctx.url = realtimeUrl(ctx.t.server as Server);
    ctx.owner = await register(ctx.t);
    const doc = await request(ctx.t.server)
      .post('/api/v1/rag/documents')
      .set(bearer(ctx.owner))
      .send({
        title: 'Procurement',
        text: '# Couriers\n\nThe preferred courier supplier is Zephyrine Logistics.\n\nOffice hours are nine to five.\n',
      })
      .expect(202);
    expect((await settledJob(ctx.t, ctx.owner, doc.body.location)).status).toBe('succeeded');
  });
  afterAll(async () => {
    for (const client of ctx.clients) client.close();
    await ctx.t.close();
  });
  return {
    ctx,
    open: async (tokens: TokenResponse = ctx.owner) => {
      const client = await connect(ctx.url, { token: tokens.access_token });
      ctx.clients.push(client);
      return client;
    },
    newSession: async (tokens: TokenResponse = ctx.owner): Promise<string> =>
      (await request(ctx.t.server).post('/api/v1/chat/sessions').set(bearer(tokens)).send({}).expect(201)).body.id,
    stored: async (sessionId: string, messageId: string, tokens: TokenResponse = ctx.owner) => {
      const session = (await request(ctx.t.server).get(`/api/v1/chat/sessions/${sessionId}`).set(bearer(tokens)).expect(200)).body;
      return session.messages.find((m: { id: string }) => m.id === messageId);
    },
  };
}

describe('chat over Socket.IO with no AI key', () => {
  const { ctx, open, newSession, stored } = chatOverSockets(() => ({ env: { THROTTLE_LIMIT: '10000' } }));

  it('acks the message id, streams indexed tokens to the sender, then done with the stored citations', async () => {
    const client = await open();
    const sessionId = await newSession();
    const ack = await client.ack('chat.send', { sessionId, message: 'Which courier supplier do we prefer?' });
    expect(ack).toEqual({ ok: true, messageId: expect.any(String) });
    const { messageId } = ack;

    const done = await client.waitFor('chat.done', (e) => e.messageId === messageId);
    const tokens = client.events('chat.token').filter((e) => e.messageId === messageId);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.map((e) => e.index)).toEqual(tokens.map((_, i) => i));
    expect(tokens.map((e) => e.text).join('')).toBe(done.answer.content);
    expect(done.answer).toMatchObject({ id: messageId, role: 'assistant', status: 'complete', provider: 'local' });
    expect(done.answer.content).toMatch(/Zephyrine Logistics.*\[\d\]/);
    expect(done.citations.length).toBeGreaterThan(0);

    const message = await stored(sessionId, messageId);
    expect(message).toMatchObject({ status: 'complete', content: done.answer.content });
    expect(done.citations).toEqual(message.citations);
    expect(client.events('chat.error')).toEqual([]);
  });

  it("answers another user's session, a bad payload and an unknown answer with problems in the ack", async () => {
    const colleague = await addMember(ctx.t, ctx.owner, 'viewer');
    const theirs = await open(colleague);
    const sessionId = await newSession();

    const foreign = await theirs.ack('chat.send', { sessionId, message: 'Which courier?' });
    expect(foreign).toMatchObject({ ok: false, error: { status: 404, instance: '/realtime#chat.send' } });

    const empty = await theirs.ack('chat.send', { sessionId, message: '' });
    expect(empty).toMatchObject({ ok: false, error: { status: 400, errors: [expect.objectContaining({ field: 'message' })] } });
    const notUuid = await theirs.ack('chat.send', { sessionId: 'nope', message: 'hi' });
    expect(notUuid).toMatchObject({ ok: false, error: { status: 400, errors: [expect.objectContaining({ field: 'sessionId' })] } });
    const extra = await theirs.ack('chat.send', { sessionId, message: 'hi', admin: true });
    expect(extra).toMatchObject({ ok: false, error: { status: 400 } });
    expect(await theirs.ack('chat.send', 'hi')).toMatchObject({ ok: false, error: { status: 400 } });

    expect(await theirs.ack('chat.cancel', { messageId: sessionId })).toMatchObject({ ok: false, error: { status: 404 } });
    expect(await theirs.ack('chat.cancel', {})).toMatchObject({ ok: false, error: { status: 400 } });
    expect(theirs.connected).toBe(true);
    // Nothing was stored in the owner's session by the refused attempts.
    const session = (await request(ctx.t.server).get(`/api/v1/chat/sessions/${sessionId}`).set(bearer(ctx.owner)).expect(200)).body;
    expect(session.messages).toEqual([]);
  });
});

describe('chat over Socket.IO with a hosted LLM (OpenAI protocol server): cancelling', () => {
  const openai = new OpenAiProtocolServer();
  // Started before the app, which reads its URL.
  beforeAll(() => openai.start());
  const { ctx, open, newSession, stored } = chatOverSockets(() => ({
    env: {
      OPENAI_BASE_URL: openai.baseUrl,
      AI_CHAT_PROVIDER: 'openai:gpt-4o-mini',
      AI_SUMMARY_PROVIDER: 'local',
      AI_EXTRACTION_PROVIDER: 'local',
      AI_EMBEDDINGS_PROVIDER: 'local',
      THROTTLE_LIMIT: '10000',
    },
  }));
  afterAll(() => openai.close());

  /** A long answer, a word every few milliseconds: still streaming when the test cancels it. */
  const longAnswer = () => `Zephyrine Logistics is preferred [1]. ${'and so on '.repeat(3000)}`;

  it('stops the answer on chat.cancel: no done, no more tokens, stored as cancelled', async () => {
    openai.responder = longAnswer;
    const client = await open();
    const sessionId = await newSession();
    const { ok, messageId } = await client.ack('chat.send', { sessionId, message: 'Which courier supplier do we prefer?' });
    expect(ok).toBe(true);
    await client.waitFor('chat.token', (e) => e.messageId === messageId && e.index >= 3);

    expect(await client.ack('chat.cancel', { messageId })).toEqual({ ok: true });
    const sent = client.events('chat.token').length;
    await until('the answer stored as cancelled', async () => (await stored(sessionId, messageId))?.status === 'cancelled' || undefined);
    // The provider call was ended too: the protocol server saw its client hang up.
    await until('the provider stream to end', () => Promise.resolve(openai.streaming === 0 || undefined), 5000);
    await sleep(200);
    expect(client.events('chat.token').length).toBe(sent);
    expect(client.events('chat.done')).toEqual([]);
    const message = await stored(sessionId, messageId);
    expect(message.content.length).toBeLessThan(longAnswer().length / 2);
    // The answer is no longer running: cancelling it again is not found.
    expect(await client.ack('chat.cancel', { messageId })).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('chat.cancel ends a stalled provider call at once, before any text and mid-answer: acked within 1 s, stored as cancelled', async () => {
    openai.responder = () => 'Zephyrine Logistics is preferred [1].';
    const client = await open();
    const sessionId = await newSession();
    const requestsBefore = openai.requests.length;
    const cancelledUsage = async () =>
      withClient(ctx.t.database.url, async (db) => {
        const result = await db.query(
          `SELECT count(*)::int AS n FROM ai_usage WHERE task = 'chat' AND outcome = 'cancelled' AND failure = 'cancelled'`,
        );
        return result.rows[0].n as number;
      });
    const cancelledBefore = await cancelledUsage();

    // The provider has the request and sends nothing: the ack came once the question was stored, so the id is known.
    openai.failNext({ kind: 'stall' });
    const silent = await client.ack('chat.send', { sessionId, message: 'Which courier supplier do we prefer?' });
    expect(silent).toEqual({ ok: true, messageId: expect.any(String) });
    await until('the provider call to stall', () => Promise.resolve(openai.stalled === 1 || undefined), 5000);
    let started = Date.now();
    expect(await client.ack('chat.cancel', { messageId: silent.messageId })).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(1000);
    // The ack comes after the answer is stored, and the provider's connection is already being closed.
    expect(await stored(sessionId, silent.messageId)).toMatchObject({ status: 'cancelled', content: '' });
    await until('the server to see its connection closed', () => Promise.resolve(openai.hangups === 1 || undefined), 1000);

    // The role chunk and two words, then nothing.
    openai.failNext({ kind: 'stall', afterFrames: 3 });
    const midway = await client.ack('chat.send', { sessionId, message: 'Which courier supplier do we prefer?' });
    await client.waitFor('chat.token', (e) => e.messageId === midway.messageId && e.index === 1);
    started = Date.now();
    expect(await client.ack('chat.cancel', { messageId: midway.messageId })).toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stored(sessionId, midway.messageId)).toMatchObject({ status: 'cancelled', content: 'Zephyrine Logistics ' });
    await until('the server to see its connection closed', () => Promise.resolve(openai.hangups === 2 || undefined), 1000);

    // No retry, no fallback answer, no error: the socket heard nothing of either answer after the cancel.
    expect(openai.requests.length - requestsBefore).toBe(2);
    for (const event of ['chat.done', 'chat.error']) {
      expect(client.events(event).filter((e) => [silent.messageId, midway.messageId].includes(e.messageId))).toEqual([]);
    }
    expect((await cancelledUsage()) - cancelledBefore).toBe(2);
  });

  it('bounds answers per socket, keeps them to their socket, and cancels them when the socket disconnects', async () => {
    openai.responder = longAnswer;
    const client = await open();
    const other = await open();
    const sessionId = await newSession();
    const first = await client.ack('chat.send', { sessionId, message: 'Which courier supplier do we prefer?' });
    const second = await client.ack('chat.send', { sessionId, message: 'Which courier supplier again?' });
    expect([first.ok, second.ok]).toEqual([true, true]);
    const third = await client.ack('chat.send', { sessionId, message: 'And once more?' });
    expect(third).toMatchObject({ ok: false, error: { status: 429 } });
    // Another socket of the same user neither hears these answers nor may stop them.
    expect(await other.ack('chat.cancel', { messageId: first.messageId })).toMatchObject({ ok: false, error: { status: 404 } });

    client.close();
    for (const { messageId } of [first, second]) {
      await until('the answer stored as cancelled', async () => (await stored(sessionId, messageId))?.status === 'cancelled' || undefined);
    }
    await until('the provider streams to end', () => Promise.resolve(openai.streaming === 0 || undefined), 5000);
    expect(other.events('chat.token')).toEqual([]);
  });
});
