import { StreamTransform, TransformError } from './stream-transform';

const FIELDS = ['title', 'description', 'scheduledStartAt'] as const;

function compiled(rules: Record<string, string>): StreamTransform {
  const result = StreamTransform.compile(rules, FIELDS);
  if (Array.isArray(result)) throw new Error(result.join('; '));
  return result;
}

describe('StreamTransform', () => {
  it('maps fields with JSONata over the fields and the raw record', async () => {
    const rules = compiled({ title: '$uppercase(title)', description: 'raw.location ? "Room: " & raw.location : description' });
    await expect(rules.apply({ title: 'Standup', description: 'daily' }, { location: '4B' })).resolves.toEqual({
      title: 'STANDUP',
      description: 'Room: 4B',
    });
    await expect(rules.apply({ title: 'Standup', description: 'daily' }, undefined)).resolves.toEqual({
      title: 'STANDUP',
      description: 'daily',
    });
  });

  it('turns "nothing" into null and leaves fields without a rule alone', async () => {
    await expect(compiled({ description: 'raw.missing' }).apply({ title: 'x', description: 'y' }, {})).resolves.toEqual({
      title: 'x',
      description: null,
    });
  });

  it('refuses unknown fields, syntax errors and oversized expressions on compile, naming each', () => {
    expect(StreamTransform.compile({ nope: 'title', title: '$uppercase(', description: 'x'.repeat(2001) }, FIELDS)).toEqual([
      expect.stringMatching(/^transform\.nope: is not a field of the stream/),
      expect.stringMatching(/^transform\.title: .+/),
      'transform.description: must be a JSONata expression of at most 2000 characters',
    ]);
  });

  it('cannot reach the process: no require, no eval, no globals', async () => {
    // $eval evaluates JSONata, not JavaScript: `process…` is a path into the input, which has no such field.
    const rules = compiled({ title: '$eval("process.exit(1)")', description: '$string(process.env)' });
    await expect(rules.apply({ title: 'x', description: 'y' }, {})).resolves.toEqual({ title: null, description: null });
    await expect(compiled({ title: '$require("fs")' }).apply({ title: 'x' }, {})).rejects.toThrow(TransformError);
  });

  it('stops runaway recursion and endless work with a reason instead of hanging', async () => {
    const rules = compiled({ title: '($f := function($n) { $f($n + 1) }; $f(0))' });
    await expect(rules.apply({ title: 'x' }, {})).rejects.toThrow(/transform\.title: stopped|transform\.title: /);
    const heavy = compiled({ title: '$count([1..1000000].($string($)))' });
    await expect(heavy.apply({ title: 'x' }, {})).rejects.toThrow(/transform\.title: /);
  });
});
