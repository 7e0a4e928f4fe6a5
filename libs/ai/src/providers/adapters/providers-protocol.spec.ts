import { aiHarness, TEST_CALLER } from '../testing/ai-harness.testing';
import { AnthropicProtocolServer } from '../testing/anthropic-protocol-server.testing';
import { fakeVector } from '../testing/fake-vectors.testing';
import { GeminiProtocolServer } from '../testing/gemini-protocol-server.testing';
import { OllamaProtocolServer } from '../testing/ollama-protocol-server.testing';
import { OpenAiProtocolServer } from '../testing/openai-protocol-server.testing';

/** Each provider, through its real SDK, against a server speaking its wire protocol: text, streams, usage, embeddings, audio. */
describe('providers over their wire protocols', () => {
  const openai = new OpenAiProtocolServer();
  const anthropic = new AnthropicProtocolServer();
  const gemini = new GeminiProtocolServer();
  const ollama = new OllamaProtocolServer();

  beforeAll(() => Promise.all([openai.start(), anthropic.start(), gemini.start(), ollama.start()]));
  afterAll(() => Promise.all([openai.close(), anthropic.close(), gemini.close(), ollama.close()]));
  beforeEach(() => [openai, anthropic, gemini, ollama].forEach((server) => server.reset()));

  const env = () => ({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    GEMINI_API_KEY: 'gemini-test',
    GEMINI_BASE_URL: gemini.baseUrl,
    OLLAMA_BASE_URL: ollama.baseUrl,
    AI_PRICES: JSON.stringify({
      'openai:*': { input: 1, output: 2 },
      'anthropic:*': { input: 3, output: 15 },
      'gemini:*': { input: 0.5, output: 1 },
    }),
  });

  const request = { system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Summarise the standup please' }] };

  it.each([
    ['openai', 'gpt-4o-mini', () => openai],
    ['anthropic', 'claude-haiku-4-5', () => anthropic],
    ['gemini', 'gemini-2.5-flash', () => gemini],
    ['ollama', 'llama3.2', () => ollama],
  ])('%s: a whole answer from its stream, with the tokens it reports and their cost', async (provider, model, server) => {
    const { ai, rows } = aiHarness({ ...env(), AI_CHAT_PROVIDER: `${provider}:${model}` });
    const answer = await ai.complete('chat', request, TEST_CALLER);
    expect(answer).toMatchObject({
      text: `Echo from ${model}: Summarise the standup please`,
      provider,
      model,
      tokensOut: 7,
      skipped: [],
    });
    // Words of system prompt and turns, as the servers count them.
    expect(answer.tokensIn).toBe(6);
    expect(rows).toEqual([expect.objectContaining({ provider, model, outcome: 'ok', tokensIn: 6, tokensOut: 7, costUsd: answer.costUsd })]);
    const sent = server().requests.at(-1)!;
    expect(JSON.stringify(sent.body)).toContain('Be brief.');
  });

  it.each([
    ['openai', 'gpt-4o-mini'],
    ['anthropic', 'claude-haiku-4-5'],
    ['gemini', 'gemini-2.5-flash'],
    ['ollama', 'llama3.2'],
  ])('%s: streams deltas as they come, then settles the call info', async (provider, model) => {
    const { ai } = aiHarness({ ...env(), AI_CHAT_PROVIDER: `${provider}:${model}` });
    const stream = ai.stream('chat', request, TEST_CALLER);
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(`Echo from ${model}: Summarise the standup please`);
    await expect(stream.info).resolves.toMatchObject({ provider, model, tokensOut: 7 });
  });

  it('estimates tokens with gpt-tokenizer when a compatible server reports none', async () => {
    openai.reportUsage = false;
    try {
      const { ai } = aiHarness({ ...env(), AI_CHAT_PROVIDER: 'openai:local-model' });
      const answer = await ai.complete('chat', request, TEST_CALLER);
      expect(answer.tokensIn).toBeGreaterThan(5);
      expect(answer.tokensOut).toBeGreaterThan(5);
    } finally {
      openai.reportUsage = true;
    }
  });

  it.each([
    ['openai', 'text-embedding-3-small'],
    ['gemini', 'gemini-embedding-001'],
    ['ollama', 'nomic-embed-text'],
  ])('%s: embeddings, one vector per text in order, with model and dimension', async (provider, model) => {
    const { ai } = aiHarness({ ...env(), AI_EMBEDDINGS_PROVIDER: `${provider}:${model}` });
    const answer = await ai.embed(['first text', 'second text'], TEST_CALLER);
    expect(answer).toMatchObject({ provider, model, dimension: 8 });
    expect(answer.vectors).toEqual([fakeVector('first text'), fakeVector('second text')]);
    expect(answer.tokensIn).toBeGreaterThan(0);
  });

  it('openai: transcribes an upload (verbose_json segments), billed per minute', async () => {
    const { ai, rows } = aiHarness({
      ...env(),
      AI_TRANSCRIPTION_PROVIDER: 'openai:whisper-1',
      AI_PRICES: JSON.stringify({ 'openai:whisper-1': { input: 0, output: 0, perMinute: 0.006 } }),
    });
    const answer = await ai.transcribe(
      { audio: { data: Buffer.alloc(4096, 1), filename: 'standup.wav', mimeType: 'audio/wav' } },
      TEST_CALLER,
    );
    expect(answer.segments).toEqual([
      { start: 0, end: 2.5, text: 'Welcome everyone to the planning meeting.' },
      { start: 2.5, end: 5.1, text: 'Thanks, let us start with the budget.' },
    ]);
    expect(answer).toMatchObject({ provider: 'openai', model: 'whisper-1', language: 'english', durationSeconds: 5.1 });
    expect(answer.costUsd).toBeCloseTo((5.1 / 60) * 0.006, 8);
    expect(openai.requests.at(-1)!.body).toMatchObject({
      model: 'whisper-1',
      response_format: 'verbose_json',
      file: { size: 4096, filename: 'standup.wav' },
    });
    expect(rows.at(-1)).toMatchObject({ task: 'transcription', outcome: 'ok' });
  });

  it('openai: a diarizing model returns speakers with the segments', async () => {
    const { ai } = aiHarness({ ...env(), AI_TRANSCRIPTION_PROVIDER: 'openai:gpt-4o-transcribe-diarize' });
    const answer = await ai.transcribe({ audio: { data: Buffer.alloc(100, 2), filename: 'a.mp3' } }, TEST_CALLER);
    expect(answer.segments.map((segment) => segment.speaker)).toEqual(['A', 'B']);
    expect(answer.tokensIn).toBe(50);
  });

  it('local: embeds offline, and cannot transcribe (503 naming the variable to set)', async () => {
    const { ai, rows } = aiHarness({});
    const answer = await ai.embed(['hello world'], TEST_CALLER);
    expect(answer).toMatchObject({ provider: 'local', model: 'lexical-hash-v1', dimension: 512, costUsd: 0 });
    expect(rows).toEqual([expect.objectContaining({ provider: 'local', outcome: 'ok' })]);
    await expect(ai.transcribe({ audio: { data: Buffer.alloc(1), filename: 'a.wav' } }, TEST_CALLER)).rejects.toMatchObject({
      reason: 'not-configured',
      status: 503,
      detail: expect.stringContaining('AI_TRANSCRIPTION_PROVIDER'),
    });
  });
});
