import type { Server } from 'node:http';
import request from 'supertest';
import { OpenAiProtocolServer } from '../libs/ai/src/providers/testing/openai-protocol-server.testing';
import { samplePdf } from '../libs/rag/src/documents/testing/sample-documents.testing';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { openSse } from './support/sse-client';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob, until } from './support/until';

jest.setTimeout(90_000);

/** Server-Sent Events as a browser's EventSource reads them. */
function parseSse(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

async function seed(t: TestApp, owner: TokenResponse): Promise<{ documentId: string; meetingId: string }> {
  const pdf = await request(t.server)
    .post('/api/v1/rag/documents')
    .set(bearer(owner))
    .attach(
      'file',
      samplePdf(['Office hours are nine to five.', 'The preferred courier supplier is Zephyrine Logistics.'], 'Procurement'),
      'procurement.pdf',
    )
    .expect(202);
  expect((await settledJob(t, owner, pdf.body.location)).status).toBe('succeeded');
  const meeting = (await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Courier review' }).expect(201)).body;
  await request(t.server)
    .post(`/api/v1/meetings/${meeting.id}/transcript`)
    .set(bearer(owner))
    .set('Content-Type', 'text/plain')
    .send('Ada: Zephyrine Logistics lost two parcels last month.\nGrace: Then we keep Zephyrine only for domestic parcels.')
    .expect(201);
  await until('the meeting to be indexed', async () => {
    const passages = (
      await request(t.server)
        .post('/api/v1/rag/query')
        .set(bearer(owner))
        .send({ query: 'domestic parcels', filters: { sourceTypes: ['transcript'] } })
        .expect(200)
    ).body.passages;
    return passages.length > 0 || undefined;
  });
  return { documentId: pdf.body.document.id, meetingId: meeting.id };
}

describe('chat with no AI key: extractive answers from the knowledge base', () => {
  let t: TestApp;
  let owner: TokenResponse;
  let seeded: { documentId: string; meetingId: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { THROTTLE_LIMIT: '10000' } });
    owner = await register(t);
    seeded = await seed(t, owner);
  });
  afterAll(() => t.close());

  it('answers over REST with sentences of the sources, each cited to the right page or meeting moment', async () => {
    const session = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({ title: 'Couriers' }).expect(201)).body;
    const res = await request(t.server)
      .post(`/api/v1/chat/sessions/${session.id}/messages`)
      .set(bearer(owner))
      .send({ message: 'Which courier supplier do we prefer?' })
      .expect(200);
    const { answer } = res.body;
    expect(answer).toMatchObject({
      role: 'assistant',
      status: 'complete',
      provider: 'local',
      content: expect.stringMatching(/Zephyrine Logistics.*\[\d\]/),
    });
    const pdfCitation = answer.citations.find((c: { documentId?: string }) => c.documentId === seeded.documentId);
    expect(pdfCitation).toMatchObject({ sourceType: 'document', page: 2, quote: expect.stringContaining('Zephyrine') });
    for (const citation of answer.citations) expect(answer.content).toContain(`[${citation.n}]`);

    const stored = (await request(t.server).get(`/api/v1/chat/sessions/${session.id}`).set(bearer(owner)).expect(200)).body;
    expect(stored.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    expect(stored.messages[1]).toMatchObject({ id: answer.id, content: answer.content });
  });

  it('streams Server-Sent Events: indexed tokens, citations, then done with the stored answer', async () => {
    const session = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({}).expect(201)).body;
    const res = await request(t.server)
      .post(`/api/v1/chat/sessions/${session.id}/messages`)
      .set(bearer(owner))
      .set('Accept', 'text/event-stream')
      .send({ message: 'What did we decide about domestic parcels?' })
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = parseSse(res.body as string);
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.map((e) => e.data.index)).toEqual(tokens.map((_, i) => i));
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(tokens.map((e) => e.data.text).join('')).toBe(done.data.answer.content);
    expect(events.at(-2)!.event).toBe('citations');
    expect(done.data.answer.citations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sourceType: 'transcript', meetingId: seeded.meetingId, speakers: expect.any(Array) }),
      ]),
    );
  });

  it('says it found nothing rather than inventing, and keeps sessions to their owner', async () => {
    const session = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({}).expect(201)).body;
    const res = await request(t.server)
      .post(`/api/v1/chat/sessions/${session.id}/messages`)
      .set(bearer(owner))
      .send({ message: 'What is the capital of Mongolia?' })
      .expect(200);
    expect(res.body.answer).toMatchObject({ content: 'I found nothing in the knowledge base about that.', citations: [] });

    const colleague = await addMember(t, owner, 'viewer');
    expectProblem(await request(t.server).get(`/api/v1/chat/sessions/${session.id}`).set(bearer(colleague)), 404);
    expectProblem(
      await request(t.server).post(`/api/v1/chat/sessions/${session.id}/messages`).set(bearer(colleague)).send({ message: 'hi' }),
      404,
    );
    expect((await request(t.server).get('/api/v1/chat/sessions').set(bearer(colleague)).expect(200)).body.items).toEqual([]);
    // A viewer chats in sessions of their own.
    const own = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(colleague)).send({}).expect(201)).body;
    await request(t.server)
      .post(`/api/v1/chat/sessions/${own.id}/messages`)
      .set(bearer(colleague))
      .send({ message: 'office hours' })
      .expect(200);
    expectProblem(
      await request(t.server).post(`/api/v1/chat/sessions/${session.id}/messages`).set(bearer(owner)).send({ message: '' }),
      400,
    );
    await request(t.server).delete(`/api/v1/chat/sessions/${session.id}`).set(bearer(owner)).expect(204);
    expectProblem(await request(t.server).get(`/api/v1/chat/sessions/${session.id}`).set(bearer(owner)), 404);
  });

  it('names a session created without a title by its first question, and keeps a title it was given', async () => {
    const untitled = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({}).expect(201)).body;
    expect(untitled.title).toBe('New chat');
    const ask = (id: string, message: string) =>
      request(t.server).post(`/api/v1/chat/sessions/${id}/messages`).set(bearer(owner)).send({ message }).expect(200);
    await ask(untitled.id, 'Which courier\ndelivers   on Sundays?');
    await ask(untitled.id, 'And on holidays?');
    expect((await request(t.server).get(`/api/v1/chat/sessions/${untitled.id}`).set(bearer(owner)).expect(200)).body.title).toBe(
      'Which courier delivers on Sundays?',
    );
    const titled = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({ title: 'Couriers' }).expect(201)).body;
    await ask(titled.id, 'Which courier delivers on Sundays?');
    const listed = (await request(t.server).get('/api/v1/chat/sessions').set(bearer(owner)).expect(200)).body.items as {
      id: string;
      title: string;
    }[];
    expect(listed.find((x) => x.id === titled.id)?.title).toBe('Couriers');
    expect(listed.find((x) => x.id === untitled.id)?.title).toBe('Which courier delivers on Sundays?');
  });
});

describe('chat with a hosted LLM (OpenAI protocol server): grounded answers, checked citations', () => {
  const openai = new OpenAiProtocolServer();
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    await openai.start();
    t = await startTestApp({
      env: {
        OPENAI_BASE_URL: openai.baseUrl,
        AI_CHAT_PROVIDER: 'openai:gpt-4o-mini',
        AI_SUMMARY_PROVIDER: 'local',
        AI_EXTRACTION_PROVIDER: 'local',
        AI_EMBEDDINGS_PROVIDER: 'local',
        THROTTLE_LIMIT: '10000',
      },
    });
    owner = await register(t);
    await seed(t, owner);
  });
  afterAll(async () => {
    await t.close();
    await openai.close();
  });

  it('numbers the passages as data, keeps the citations that exist and drops invented ones', async () => {
    let prompt = '';
    openai.responder = (p) => {
      prompt = p.messages.map((m) => m.content).join('\n');
      // A NUL from the model is dropped as it arrives (PostgreSQL text refuses it).
      return 'We prefer Zephyrine Logistics [1], but only for domestic\u0000 parcels [2]. It is also the cheapest [9].';
    };
    const session = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({}).expect(201)).body;
    const { answer } = (
      await request(t.server)
        .post(`/api/v1/chat/sessions/${session.id}/messages`)
        .set(bearer(owner))
        .send({ message: 'Which courier do we use?' })
        .expect(200)
    ).body;
    expect(prompt).toMatch(/<untrusted_data label="passages">[\s\S]*\[1\] \([\s\S]*\[2\] \(/);
    expect(prompt).toMatch(/<untrusted_data label="question">\nWhich courier do we use\?\n<\/untrusted_data>/);
    expect(answer).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      content: 'We prefer Zephyrine Logistics [1], but only for domestic parcels [2]. It is also the cheapest .',
    });
    expect(answer.citations.map((c: { n: number }) => c.n)).toEqual([1, 2]);

    // The next question carries the conversation so far, as data.
    openai.responder = (p) => {
      prompt = p.messages.map((m) => m.content).join('\n');
      return 'Nothing supports that.';
    };
    const second = (
      await request(t.server)
        .post(`/api/v1/chat/sessions/${session.id}/messages`)
        .set(bearer(owner))
        .send({ message: 'And for parcels abroad?' })
        .expect(200)
    ).body.answer;
    expect(prompt).toMatch(/<untrusted_data label="conversation">\nuser: Which courier do we use\?\nassistant: We prefer Zephyrine/);
    // An answer citing nothing is not grounded: it becomes the "nothing found" reply.
    expect(second).toMatchObject({ content: 'I found nothing in the knowledge base about that.', citations: [] });
  });

  it('ends a stalled provider call at once when the SSE client goes away, and keeps what was said as cancelled', async () => {
    openai.responder = () => 'Zephyrine Logistics is preferred [1].';
    // The role chunk and the first word, then nothing (the default deadline is 30 s).
    openai.failNext({ kind: 'stall', afterFrames: 2 });
    const session = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({}).expect(201)).body;
    const sse = openSse(t.server as Server, `/api/v1/chat/sessions/${session.id}/messages`, owner.access_token, {
      message: 'Which courier do we use?',
    });
    const { messageId } = await sse.waitFor('token');
    sse.hangUp();
    // Seconds, not the provider's own deadline: a loaded CI machine needs more than one second to pass the hang-up on.
    await until('the provider to see its connection closed', () => Promise.resolve(openai.hangups === 1 || undefined), 5000);
    const answer = await until('the answer stored as cancelled', async () => {
      const stored = (await request(t.server).get(`/api/v1/chat/sessions/${session.id}`).set(bearer(owner)).expect(200)).body;
      return stored.messages.find((m: { id: string; status: string }) => m.id === messageId && m.status === 'cancelled');
    });
    expect(answer.content).toBe('Zephyrine ');
  });

  it('falls back to the extractive answer when the provider fails before the first token', async () => {
    openai.failNext({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const session = (await request(t.server).post('/api/v1/chat/sessions').set(bearer(owner)).send({}).expect(201)).body;
    const { answer } = (
      await request(t.server)
        .post(`/api/v1/chat/sessions/${session.id}/messages`)
        .set(bearer(owner))
        .send({ message: 'Which courier supplier do we prefer?' })
        .expect(200)
    ).body;
    expect(answer).toMatchObject({ provider: 'local', status: 'complete', content: expect.stringContaining('Zephyrine') });
  });
});
