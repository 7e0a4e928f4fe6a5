import type { Server } from 'node:http';
import request from 'supertest';
import { AnthropicProtocolServer } from '../libs/ai/src/providers/testing/anthropic-protocol-server.testing';
import { GeminiProtocolServer } from '../libs/ai/src/providers/testing/gemini-protocol-server.testing';
import { OllamaProtocolServer } from '../libs/ai/src/providers/testing/ollama-protocol-server.testing';
import { OpenAiProtocolServer } from '../libs/ai/src/providers/testing/openai-protocol-server.testing';
import type { ProtocolServer } from '../libs/ai/src/providers/testing/protocol-server.testing';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { withClient } from './support/postgres';
import { connect, type RealtimeClient, realtimeUrl } from './support/socket-client';
import { openSse } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob, until } from './support/until';

jest.setTimeout(90_000);

/** Every task but chat stays offline, so the only remote calls are the chat's. */
const OFFLINE_TASKS = {
  AI_SUMMARY_PROVIDER: 'local',
  AI_EXTRACTION_PROVIDER: 'local',
  AI_EMBEDDINGS_PROVIDER: 'local',
  AI_TRANSCRIPTION_PROVIDER: 'local',
  THROTTLE_LIMIT: '10000',
};

const QUESTION = 'Which courier supplier do we prefer?';

interface Chat {
  t: TestApp;
  owner: TokenResponse;
  sockets: RealtimeClient[];
  newSession(): Promise<string>;
  socket(): Promise<RealtimeClient>;
  messagesPath(sessionId: string): string;
  stored(sessionId: string, messageId: string): Promise<Record<string, any>>;
  close(): Promise<void>;
}

/** An api listening on a free port with `env`, a user, and one indexed document about couriers. */
async function startChat(env: Record<string, string>): Promise<Chat> {
  const t = await startTestApp({ env: { ...OFFLINE_TASKS, ...env } });
  const owner = await register(t);
  const doc = await request(t.server)
    .post('/api/v1/rag/documents')
    .set(bearer(owner))
    .send({ title: 'Procurement', text: '# Couriers\n\nThe preferred courier supplier is Zephyrine Logistics.\n' })
    .expect(202);
  expect((await settledJob(t, owner, doc.body.location)).status).toBe('succeeded');
  const sockets: RealtimeClient[] = [];
  return {
    t,
    owner,
    sockets,
    newSession: async () => (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({}).expect(201)).body.id,
    socket: async () => {
      const client = await connect(realtimeUrl(t.server as Server), { token: owner.access_token });
      sockets.push(client);
      return client;
    },
    messagesPath: (sessionId) => `/api/v1/chat/sessions/${sessionId}/messages`,
    stored: async (sessionId, messageId) => {
      const session = (await request(t.server).get(`/api/v1/chat/sessions/${sessionId}`).set(bearer(owner)).expect(200)).body;
      return session.messages.find((m: { id: string }) => m.id === messageId);
    },
    close: async () => {
      for (const client of sockets) client.close();
      await t.close();
    },
  };
}

/** The ai_usage rows of the tenant's chat, oldest first, read straight from PostgreSQL. */
function chatUsage(chat: Chat): Promise<Record<string, any>[]> {
  return withClient(chat.t.database.url, async (db) => {
    const result = await db.query(
      `SELECT provider, model, outcome, failure, tokens_in, tokens_out, cost_usd FROM ai_usage
        WHERE tenant_id = $1 AND task = 'chat' ORDER BY created_at`,
      [chat.owner.tenant.id],
    );
    return result.rows;
  });
}

describe('chat streaming against each remote provider (its protocol server)', () => {
  const servers = {
    openai: { server: new OpenAiProtocolServer(), env: (s: ProtocolServer) => ({ OPENAI_BASE_URL: `${s.origin}/v1` }) },
    anthropic: {
      server: new AnthropicProtocolServer(),
      env: (s: ProtocolServer) => ({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: s.origin }),
    },
    gemini: {
      server: new GeminiProtocolServer(),
      env: (s: ProtocolServer) => ({ GEMINI_API_KEY: 'gemini-test', GEMINI_BASE_URL: s.origin }),
    },
    ollama: { server: new OllamaProtocolServer(), env: (s: ProtocolServer) => ({ OLLAMA_BASE_URL: s.origin }) },
  };
  beforeAll(() => Promise.all(Object.values(servers).map(({ server }) => server.start())));
  afterAll(() => Promise.all(Object.values(servers).map(({ server }) => server.close())));

  /** The model cites the one passage it was given, and a seventh that does not exist. */
  const reply = 'Zephyrine Logistics is our preferred courier [1]. It is also the cheapest [7].';

  it.each(['openai', 'anthropic', 'gemini', 'ollama'] as const)(
    '%s: SSE and Socket.IO stream its tokens, the citations are checked, and ai_usage has the tokens and cost',
    async (name) => {
      const { server, env } = servers[name];
      let prompt = '';
      server.responder = (p) => {
        prompt = p.messages.map((m) => m.content).join('\n');
        return reply;
      };
      const chat = await startChat({
        ...env(server),
        AI_CHAT_PROVIDER: `${name}:chat-model`,
        AI_PRICES: JSON.stringify({ [`${name}:*`]: { input: 1000, output: 2000 } }),
      });
      try {
        const sessionId = await chat.newSession();
        const sse = openSse(chat.t.server as Server, chat.messagesPath(sessionId), chat.owner.access_token, { message: QUESTION });
        await sse.closed;
        expect(sse.status).toBe(200);
        expect(prompt).toMatch(/\[1\] \([\s\S]*Zephyrine Logistics/);
        const tokens = sse.events.filter((e) => e.event === 'token').map((e) => e.data);
        expect(tokens.length).toBeGreaterThan(3);
        expect(tokens.map((token) => token.index)).toEqual(tokens.map((_, i) => i));
        // The tokens are the model's words as they came; the stored answer is checked: [7] has no passage.
        expect(tokens.map((token) => token.text).join('')).toBe(reply);
        expect(sse.events.map((e) => e.event).slice(-2)).toEqual(['citations', 'done']);
        const { answer } = sse.events.at(-1)!.data;
        expect(answer).toMatchObject({ status: 'complete', provider: name, model: 'chat-model' });
        expect(answer.content).toBe('Zephyrine Logistics is our preferred courier [1]. It is also the cheapest .');
        expect(answer.citations).toEqual([
          expect.objectContaining({ n: 1, sourceType: 'document', quote: expect.stringContaining('Zephyrine') }),
        ]);

        const client = await chat.socket();
        const ack = await client.ack('chat.send', { sessionId, message: QUESTION });
        expect(ack).toEqual({ ok: true, messageId: expect.any(String) });
        const done = await client.waitFor('chat.done', (e) => e.messageId === ack.messageId);
        const socketTokens = client.events('chat.token').filter((e) => e.messageId === ack.messageId);
        expect(socketTokens.map((e) => e.text).join('')).toBe(reply);
        expect(done.citations.map((c: { n: number }) => c.n)).toEqual([1]);
        expect(done.answer).toMatchObject({ provider: name, status: 'complete' });

        const usage = await chatUsage(chat);
        expect(usage).toEqual([
          expect.objectContaining({ provider: name, model: 'chat-model', outcome: 'ok', failure: null }),
          expect.objectContaining({ provider: name, model: 'chat-model', outcome: 'ok', failure: null }),
        ]);
        for (const row of usage) {
          expect(row.tokens_in).toBeGreaterThan(0);
          // The protocol servers count words; every provider reports them, so nothing is estimated.
          expect(row.tokens_out).toBe(reply.split(/\s+/).length);
          expect(Number(row.cost_usd)).toBeCloseTo((row.tokens_in * 1000 + row.tokens_out * 2000) / 1e6, 6);
        }
      } finally {
        await chat.close();
      }
    },
  );
});

describe('chat against a provider that stalls past AI_TIMEOUT_MS: an error, never a hang', () => {
  const openai = new OpenAiProtocolServer();
  let chat: Chat;
  beforeAll(async () => {
    await openai.start();
    chat = await startChat({
      OPENAI_BASE_URL: openai.baseUrl,
      AI_CHAT_PROVIDER: 'openai:gpt-4o-mini',
      AI_TIMEOUT_MS: '400',
      AI_MAX_ATTEMPTS: '1',
    });
    openai.responder = () => 'Zephyrine Logistics is preferred [1].';
  });
  afterAll(async () => {
    await chat.close();
    await openai.close();
  });

  it('ends an SSE stream and a socket answer with a 504 error when the provider stops mid-answer', async () => {
    // The role chunk and the first word, then nothing.
    openai.failNext({ kind: 'stall', afterFrames: 2 }, { kind: 'stall', afterFrames: 2 });
    const sessionId = await chat.newSession();
    const started = Date.now();
    const sse = openSse(chat.t.server as Server, chat.messagesPath(sessionId), chat.owner.access_token, { message: QUESTION });
    await sse.closed;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sse.events.map((e) => e.event)).toEqual(['token', 'error']);
    const { messageId, problem } = sse.events[1].data;
    expect(problem).toMatchObject({ status: 504, type: expect.stringMatching(/gateway-timeout$/), provider: 'openai' });
    expect(await chat.stored(sessionId, messageId)).toMatchObject({ status: 'failed', content: 'Zephyrine ' });

    const client = await chat.socket();
    const ack = await client.ack('chat.send', { sessionId, message: QUESTION });
    const error = await client.waitFor('chat.error', (e) => e.messageId === ack.messageId);
    expect(error.error).toMatchObject({ status: 504, instance: `/api/v1/chat/sessions/${sessionId}/messages` });
    expect(client.events('chat.done')).toEqual([]);
    await until('the server to see both connections closed', () => Promise.resolve(openai.hangups === 2 || undefined), 2000);
    expect((await chatUsage(chat)).map((row) => [row.outcome, row.failure])).toEqual([
      ['error', 'interrupted'],
      ['error', 'interrupted'],
    ]);
  });

  it('answers from the passages instead when the provider sends nothing within the deadline', async () => {
    openai.failNext({ kind: 'stall' });
    const sessionId = await chat.newSession();
    const started = Date.now();
    const sse = openSse(chat.t.server as Server, chat.messagesPath(sessionId), chat.owner.access_token, { message: QUESTION });
    await sse.closed;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sse.events.at(-1)).toMatchObject({
      event: 'done',
      data: { answer: { provider: 'local', status: 'complete', content: expect.stringContaining('Zephyrine') } },
    });
  });
});

describe('chat when the api shuts down', () => {
  const openai = new OpenAiProtocolServer();
  let chat: Chat;
  beforeAll(async () => {
    await openai.start();
    // The default deadline (30 s): only the shutdown can end these answers in time.
    chat = await startChat({ OPENAI_BASE_URL: openai.baseUrl, AI_CHAT_PROVIDER: 'openai:gpt-4o-mini' });
    openai.responder = () => 'Zephyrine Logistics is preferred [1].';
  });
  afterAll(async () => {
    for (const client of chat.sockets) client.close();
    await chat.t.database.drop();
    await openai.close();
  });

  it('ends an SSE stream and a socket answer in progress with a 503 error, stops the provider calls, and closes promptly', async () => {
    openai.failNext({ kind: 'stall', afterFrames: 2 }, { kind: 'stall' });
    const sessionId = await chat.newSession();
    const sse = openSse(chat.t.server as Server, chat.messagesPath(sessionId), chat.owner.access_token, { message: QUESTION });
    await sse.waitFor('token');
    const client = await chat.socket();
    const ack = await client.ack('chat.send', { sessionId, message: QUESTION });
    expect(ack.ok).toBe(true);
    await until('both provider calls to stall', () => Promise.resolve(openai.stalled === 2 || undefined), 5000);

    const started = Date.now();
    await chat.t.app.close();
    expect(Date.now() - started).toBeLessThan(5000);

    await sse.closed;
    expect(sse.events.map((e) => e.event)).toEqual(['token', 'error']);
    expect(sse.events[1].data.problem).toMatchObject({ status: 503, type: expect.stringMatching(/service-unavailable$/) });
    const error = await client.waitFor('chat.error', (e) => e.messageId === ack.messageId);
    expect(error.error).toMatchObject({ status: 503 });
    expect(openai.hangups).toBe(2);

    const stored = await withClient(chat.t.database.url, (db) =>
      db.query(`SELECT role, status, content FROM chat_messages WHERE session_id = $1 AND role = 'assistant' ORDER BY created_at`, [
        sessionId,
      ]),
    );
    expect(stored.rows).toEqual([
      { role: 'assistant', status: 'failed', content: 'Zephyrine ' },
      { role: 'assistant', status: 'failed', content: '' },
    ]);
  });
});
