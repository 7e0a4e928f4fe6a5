import { z } from 'zod';
import { aiHarness, TEST_CALLER } from '../providers/testing/ai-harness.testing';
import { OpenAiProtocolServer } from '../providers/testing/openai-protocol-server.testing';
import { defaultPolicy } from './engine/masking-policy';

const PLANTED = ['ada@example.com', '+44 20 7946 0958', '4111 1111 1111 1111', 'GB82 WEST 1234 5698 7654 32', '192.168.10.20'];
const TEXT = `Ada (${PLANTED[0]}, ${PLANTED[1]}) paid with ${PLANTED[2]} from ${PLANTED[3]}; the VPN saw ${PLANTED[4]}.`;

/** AiService with the default policy against a real OpenAI-protocol server: what the server receives, what the caller gets. */
describe('AiService with masking (OpenAI protocol server)', () => {
  const openai = new OpenAiProtocolServer();
  beforeAll(() => openai.start());
  afterAll(() => openai.close());
  beforeEach(() => openai.reset());

  const harness = () =>
    aiHarness(
      {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseUrl,
        AI_CHAT_PROVIDER: 'openai:gpt-4o-mini',
        AI_EXTRACTION_PROVIDER: 'openai:gpt-4o-mini',
        AI_EMBEDDINGS_PROVIDER: 'openai:text-embedding-3-small',
      },
      defaultPolicy(),
    ).ai;
  const sent = () => JSON.stringify(openai.requests.map((request) => request.body));
  const expectNothingPlanted = () => {
    expect(openai.requests.length).toBeGreaterThan(0);
    for (const value of PLANTED) expect(sent()).not.toContain(value);
  };

  it('complete: the provider sees placeholders, the caller the real values', async () => {
    openai.responder = (prompt) => `Noted: ${prompt.messages[0].content}`;
    const answer = await harness().complete('chat', { messages: [{ role: 'user', content: TEXT }] }, TEST_CALLER);
    expectNothingPlanted();
    expect(sent()).toContain('[EMAIL_1]');
    expect(answer.text).toBe(`Noted: ${TEXT}`);
  });

  it('stream: placeholders split across deltas come out whole', async () => {
    openai.responder = () => 'Mail [EMAIL_1] and call [PHONE_1] now';
    openai.splitter = () => ['Mail [EM', 'AIL_', '1] and call [', 'PHONE_1', '] now'];
    const ai = harness();
    const deltas: string[] = [];
    for await (const delta of ai.stream('chat', { messages: [{ role: 'user', content: TEXT }] }, TEST_CALLER)) deltas.push(delta);
    expectNothingPlanted();
    expect(deltas.join('')).toBe(`Mail ${PLANTED[0]} and call ${PLANTED[1]} now`);
    expect(deltas.some((delta) => delta.includes('['))).toBe(false);
  });

  it('extract: the transcript goes out masked; values are put back into the validated data', async () => {
    openai.responder = () => JSON.stringify({ contact: '[EMAIL_1]', card: '[CARD_1]', note: 'say "hi" to [EMAIL_1]' });
    const answer = await harness().extract(
      'extraction',
      {
        instructions: 'Find the contact.',
        data: [{ label: 'transcript', text: TEXT }],
        schema: z.object({ contact: z.string(), card: z.string(), note: z.string() }),
      },
      TEST_CALLER,
    );
    expectNothingPlanted();
    expect(answer.data).toEqual({ contact: PLANTED[0], card: PLANTED[2], note: `say "hi" to ${PLANTED[0]}` });
  });

  it('embed: each text is masked on its own, so the same value reads the same in every text', async () => {
    await harness().embed([TEXT, `Who is ${PLANTED[0]}?`], TEST_CALLER);
    expectNothingPlanted();
    expect(openai.requests[0].body.input).toEqual([expect.stringContaining('Ada ([EMAIL_1], [PHONE_1])'), 'Who is [EMAIL_1]?']);
  });
});
