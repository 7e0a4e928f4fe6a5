import request from 'supertest';
import { DataSource } from 'typeorm';
import { hashedEmbedding } from '../libs/ai/src/providers/adapters/hashed-embedding';
import { GeminiProtocolServer } from '../libs/ai/src/providers/testing/gemini-protocol-server.testing';
import { OllamaProtocolServer } from '../libs/ai/src/providers/testing/ollama-protocol-server.testing';
import { OpenAiProtocolServer } from '../libs/ai/src/providers/testing/openai-protocol-server.testing';
import type { ProtocolServer } from '../libs/ai/src/providers/testing/protocol-server.testing';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { startSiblingApp, startTestApp, type TestApp } from './support/test-app';
import { settledJob, until } from './support/until';

jest.setTimeout(120_000);

/**
 * A toy "semantic" model for the protocol servers: words of one concept map to one word before a lexical hashed
 * embedding, so "automobile mend" lands next to "car repair" while sharing no word with it (the lexical leg cannot
 * find it; the dense leg can).
 */
const CONCEPTS: Record<string, string> = {
  automobile: 'car',
  automobiles: 'car',
  vehicle: 'car',
  vehicles: 'car',
  cars: 'car',
  mend: 'repair',
  mending: 'repair',
  fix: 'repair',
  fixing: 'repair',
  repairs: 'repair',
};
const conceptual = (text: string) =>
  hashedEmbedding(
    text.toLowerCase().replace(/\p{L}+/gu, (word) => CONCEPTS[word] ?? word),
    256,
  );
const down = () => {
  throw new Error('model is down');
};

type Passage = { id: string; score: number; legs: string[]; text: string; citation: Record<string, any> };
type Answer = { passages: Passage[]; legs: string[]; dense?: { model?: string; skipped?: string } };

const ask = async (t: TestApp, tokens: TokenResponse, body: Record<string, unknown>): Promise<Answer> =>
  (await request(t.server).post('/api/v1/rag/query').set(bearer(tokens)).send(body).expect(200)).body as Answer;

async function fileDocument(t: TestApp, tokens: TokenResponse, title: string, text: string, tags: string[] = []): Promise<string> {
  const accepted = await request(t.server).post('/api/v1/rag/documents').set(bearer(tokens)).send({ title, text, tags }).expect(202);
  expect((await settledJob(t, tokens, accepted.body.location)).status).toBe('succeeded');
  return accepted.body.document.id as string;
}

/** The search once the dense leg has vectors for what was filed (they are made by a background job, debounced). */
const withDense = (t: TestApp, tokens: TokenResponse, body: Record<string, unknown>, model?: string) =>
  until(
    `the dense leg${model ? ` with ${model}` : ''}`,
    async () => {
      const answer = await ask(t, tokens, body);
      return answer.legs.includes('dense') && (!model || answer.dense?.model === model) && answer.passages.length > 0 ? answer : undefined;
    },
    60_000,
    250,
  );

const vectorCounts = async (t: TestApp) =>
  (await t.app.get(DataSource).query('SELECT model, count(*)::int AS n FROM rag_chunk_embeddings GROUP BY model ORDER BY model')) as {
    model: string;
    n: number;
  }[];

const ENV = { THROTTLE_LIMIT: '10000', AI_MAX_ATTEMPTS: '1', AI_CIRCUIT_FAILURES: '1000', AI_CHAT_PROVIDER: 'local' };

describe('knowledge base: the dense leg with an OpenAI-protocol embeddings server, and fusion', () => {
  const openai = new OpenAiProtocolServer();
  let t: TestApp;
  let owner: TokenResponse;
  let stranger: TokenResponse;
  let garage: string;
  let budget: string;
  let theirs: string;

  beforeAll(async () => {
    await openai.start();
    openai.embedder = conceptual;
    t = await startTestApp({
      env: { ...ENV, OPENAI_BASE_URL: openai.baseUrl, AI_EMBEDDINGS_PROVIDER: 'openai:text-embedding-3-small' },
    });
    owner = await register(t);
    stranger = await register(t);
    garage = await fileDocument(t, owner, 'Workshop notes', 'The car repair garage opens at dawn on Mondays.', ['garage']);
    budget = await fileDocument(t, owner, 'Marketing', 'Quarterly budget review for the marketing team.', ['finance']);
    theirs = await fileDocument(t, stranger, 'Their trade', 'Automobile mending and vehicle fixing is what we do.');
  });
  afterAll(async () => {
    await t.close();
    await openai.close();
  });

  it('embeds the passages in a job, through AiService (ai_usage), and fuses both legs', async () => {
    const both = await withDense(t, owner, { query: 'car repair garage' });
    expect(both).toMatchObject({ legs: ['lexical', 'dense'], dense: { model: 'openai:text-embedding-3-small' } });
    expect(both.passages[0]).toMatchObject({ legs: ['lexical', 'dense'], citation: { documentId: garage } });
    // Reciprocal-rank fusion: first in both legs, weights 1 and 1, k = 60.
    expect(both.passages[0].score).toBeCloseTo(2 / 61, 6);
    const usage = (await t.app
      .get(DataSource)
      .query(
        "SELECT count(*)::int AS n, sum(tokens_in)::int AS tokens FROM ai_usage WHERE task = 'embeddings' AND provider = 'openai'",
      )) as {
      n: number;
      tokens: number;
    }[];
    expect(usage[0].n).toBeGreaterThanOrEqual(2);
    expect(usage[0].tokens).toBeGreaterThan(0);
    expect(openai.requests.some((r) => r.path === '/v1/embeddings' && (r.body.model as string) === 'text-embedding-3-small')).toBe(true);
  });

  it('finds with the dense leg alone a passage that shares no word with the question', async () => {
    const answer = await ask(t, owner, { query: 'automobile mend' });
    expect(answer.legs).toEqual(['lexical', 'dense']);
    expect(answer.passages[0]).toMatchObject({ legs: ['dense'], citation: { documentId: garage } });
    expect(answer.passages.every((p) => p.citation.documentId !== theirs)).toBe(true);
  });

  it('applies the filters and the tenant to the dense leg', async () => {
    const ids = async (body: Record<string, unknown>) => (await ask(t, owner, body)).passages.map((p) => p.citation.documentId as string);
    expect(await ids({ query: 'automobile mend', filters: { documentIds: [budget] } })).not.toContain(garage);
    expect(await ids({ query: 'automobile mend', filters: { tags: ['finance'] } })).not.toContain(garage);
    expect(await ids({ query: 'automobile mend', filters: { tags: ['garage'] } })).toEqual([garage]);
    expect(await ids({ query: 'automobile mend', filters: { sourceTypes: ['transcript'] } })).toEqual([]);
    expect(await ids({ query: 'automobile mend', filters: { to: '2000-01-01T00:00:00Z' } })).toEqual([]);
    // Another tenant's passage is never scored or returned, even when the question names it.
    expect(await ids({ query: 'automobile mending vehicle fixing', filters: { documentIds: [theirs] } })).toEqual([]);
    const mine = await withDense(t, stranger, { query: 'automobile mend' });
    expect(mine.passages.map((p) => p.citation.documentId)).toEqual([theirs]);
  });

  it('answers with the lexical leg alone, 200, when the embeddings model is down', async () => {
    openai.embedder = down;
    try {
      const answer = await ask(t, owner, { query: 'car repair garage' });
      expect(answer).toMatchObject({ legs: ['lexical'], dense: { skipped: 'unavailable' } });
      expect(answer.passages[0]).toMatchObject({ legs: ['lexical'], citation: { documentId: garage } });
      expect((await ask(t, owner, { query: 'automobile mend' })).passages).toEqual([]);
    } finally {
      openai.embedder = conceptual;
    }
    expect((await ask(t, owner, { query: 'automobile mend' })).legs).toEqual(['lexical', 'dense']);
  });

  it('keeps the vectors of unchanged passages when a source is indexed again', async () => {
    const meeting = (await request(t.server).post('/api/v1/meetings').set(bearer(owner)).send({ title: 'Fleet' }).expect(201)).body;
    await request(t.server)
      .post(`/api/v1/meetings/${meeting.id}/transcript`)
      .set(bearer(owner))
      .set('Content-Type', 'text/plain')
      .send('Ada: The delivery vehicles need fixing before winter.')
      .expect(201);
    const found = await withDense(t, owner, { query: 'car repair', filters: { meetingIds: [meeting.id] } });
    expect(found.passages[0].legs).toContain('dense');
    const before = openai.requests.filter((r) => r.path === '/v1/embeddings').length;
    // A new title re-indexes the meeting (its passages are replaced), with the same bodies.
    const etag = (await request(t.server).get(`/api/v1/meetings/${meeting.id}`).set(bearer(owner)).expect(200)).headers.etag as string;
    await request(t.server)
      .patch(`/api/v1/meetings/${meeting.id}`)
      .set(bearer(owner))
      .set('If-Match', etag)
      .send({ title: 'Fleet care' })
      .expect(200);
    await until('the new title to be indexed', async () => {
      const answer = await ask(t, owner, { query: 'car repair', filters: { meetingIds: [meeting.id] } });
      return answer.passages[0]?.citation.title === 'Fleet care' && answer.passages[0].legs.includes('dense');
    });
    const passageEmbeddings = openai.requests
      .slice(before)
      .filter((r) => r.path === '/v1/embeddings' && JSON.stringify(r.body.input).includes('delivery vehicles'));
    expect(passageEmbeddings).toEqual([]);
  });
});

describe('knowledge base: a change of embeddings model re-embeds in the background while the old model serves', () => {
  const openai = new OpenAiProtocolServer();
  let t: TestApp;
  let owner: TokenResponse;
  let garage: string;
  let restarted: TestApp['app'] | undefined;

  beforeAll(async () => {
    await openai.start();
    openai.embedder = conceptual;
    t = await startTestApp({ env: { ...ENV, OPENAI_BASE_URL: openai.baseUrl, AI_EMBEDDINGS_PROVIDER: 'openai:embed-old' } });
    owner = await register(t);
    garage = await fileDocument(t, owner, 'Workshop notes', 'The car repair garage opens at dawn on Mondays.');
    await fileDocument(t, owner, 'Marketing', 'Quarterly budget review for the marketing team.');
  });
  afterAll(async () => {
    if (restarted) {
      await restarted.close();
      await t.database.drop();
    } else await t.close();
    await openai.close();
  });

  it('serves the old vectors until the new model covers the tenant, then drops them', async () => {
    await withDense(t, owner, { query: 'automobile mend' }, 'openai:embed-old');
    // The dense leg answers as soon as the first document has vectors; each document is embedded by its own job.
    await until('both documents to have old vectors', async () => {
      const counts = await vectorCounts(t);
      return counts.length === 1 && counts[0].model === 'openai:embed-old' && counts[0].n === 2;
    });

    // The same database, the app restarted with a new model, which is down at first.
    await t.app.close();
    openai.embedder = (text, model) => (model === 'embed-new' ? down() : conceptual(text));
    restarted = await startSiblingApp(t, { ...ENV, OPENAI_BASE_URL: openai.baseUrl, AI_EMBEDDINGS_PROVIDER: 'openai:embed-new' });
    t = { ...t, app: restarted, server: restarted.getHttpServer() };
    await until('a re-embedding attempt', async () => openai.requests.some((r) => r.body.model === 'embed-new'), 60_000, 250);
    const meanwhile = await ask(t, owner, { query: 'automobile mend' });
    expect(meanwhile).toMatchObject({ legs: ['lexical', 'dense'], dense: { model: 'openai:embed-old' } });
    expect(meanwhile.passages[0]).toMatchObject({ legs: ['dense'], citation: { documentId: garage } });

    openai.embedder = conceptual;
    const after = await withDense(t, owner, { query: 'automobile mend' }, 'openai:embed-new');
    expect(after.passages[0]).toMatchObject({ legs: ['dense'], citation: { documentId: garage } });
    await until('the old vectors to be dropped', async () => {
      const counts = await vectorCounts(t);
      return counts.length === 1 && counts[0].model === 'openai:embed-new' && counts[0].n === 2;
    });
  });
});

describe.each([
  [
    'gemini',
    () => new GeminiProtocolServer(),
    (url: string) => ({ GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: url }),
    'gemini-embedding-001',
  ],
  ['ollama', () => new OllamaProtocolServer(), (url: string) => ({ OLLAMA_BASE_URL: url }), 'nomic-embed-text'],
] as const)('knowledge base: the dense leg with a %s embeddings server', (provider, makeServer, env, model) => {
  let server: ProtocolServer & { baseUrl: string };
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    server = makeServer();
    await server.start();
    server.embedder = conceptual;
    t = await startTestApp({
      env: {
        ...ENV,
        ...env(server.baseUrl),
        AI_EMBEDDINGS_PROVIDER: `${provider}:${model}`,
        AI_SUMMARY_PROVIDER: 'local',
        AI_EXTRACTION_PROVIDER: 'local',
      },
    });
    owner = await register(t);
  });
  afterAll(async () => {
    await t.close();
    await server.close();
  });

  it('embeds passages and questions with that model and finds by meaning', async () => {
    const garage = await fileDocument(t, owner, 'Workshop notes', 'The car repair garage opens at dawn on Mondays.');
    await fileDocument(t, owner, 'Marketing', 'Quarterly budget review for the marketing team.');
    const answer = await withDense(t, owner, { query: 'automobile mend' }, `${provider}:${model}`);
    expect(answer.passages[0]).toMatchObject({ legs: ['dense'], citation: { documentId: garage } });
  });
});
