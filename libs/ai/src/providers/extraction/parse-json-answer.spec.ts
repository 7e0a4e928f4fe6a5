import { z } from 'zod';
import { checkJsonAnswer } from './parse-json-answer';

const schema = z.object({ title: z.string().min(1), priority: z.enum(['low', 'high']) });

describe('checkJsonAnswer', () => {
  it('accepts JSON that matches, bare, fenced or inside a sentence', () => {
    for (const answer of [
      '{"title":"Ship","priority":"high"}',
      '```json\n{"title":"Ship","priority":"high"}\n```',
      'Here it is: {"title":"Ship","priority":"high"} Hope that helps.',
    ])
      expect(checkJsonAnswer(answer, schema)).toEqual({ ok: true, value: { title: 'Ship', priority: 'high' } });
  });

  it('names what is wrong, for the model to correct', () => {
    expect(checkJsonAnswer('X', schema)).toEqual({ ok: false, error: expect.stringMatching(/^The answer is not valid JSON/) });
    const check = checkJsonAnswer('{"title":"","priority":"urgent"}', schema);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error).toMatch(/title: .*; priority: /);
  });

  it('never quotes the answer in the error, which reaches the log', () => {
    for (const answer of ['Ada paid with 4111 1111 1111 1111', '{"a": ada@example.com}']) {
      const check = checkJsonAnswer(answer, schema);
      expect(!check.ok && check.error).toMatch(/^The answer is not valid JSON \(.*\)\.$/);
      expect(!check.ok && check.error).not.toMatch(/Ada|ada|4111/);
    }
  });
});
