import { evaluateConditions } from './evaluate-conditions';

const now = new Date('2026-06-10T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

describe('evaluateConditions', () => {
  it('explains every condition with its fact value, operator, expected value and result', async () => {
    const outcome = (
      await evaluateConditions(
        [
          {
            id: 'r',
            conditions: {
              all: [
                { fact: 'priority', operator: 'in', value: ['high', 'urgent'] },
                {
                  any: [
                    { fact: 'dueAt', operator: 'olderThan', value: '3d' },
                    { fact: 'tags', operator: 'contains', value: 'vip' },
                  ],
                },
                { not: { fact: 'status', operator: 'equal', value: 'done' } },
              ],
            },
          },
        ],
        { priority: 'urgent', dueAt: ago(4), tags: [], status: 'open' },
        now,
      )
    ).get('r')!;
    expect(outcome.matched).toBe(true);
    expect(outcome.conditions).toEqual([
      { path: 'conditions.all[0]', fact: 'priority', operator: 'in', expected: ['high', 'urgent'], actual: 'urgent', result: true },
      { path: 'conditions.all[1].any[0]', fact: 'dueAt', operator: 'olderThan', expected: '3d', actual: ago(4), result: true },
      { path: 'conditions.all[1].any[1]', fact: 'tags', operator: 'contains', expected: 'vip', actual: [], result: false },
      { path: 'conditions.all[2].not', fact: 'status', operator: 'equal', expected: 'done', actual: 'open', result: false },
    ]);
  });

  it('measures olderThan and withinNext from the given instant, and is false without a date', async () => {
    const rules = [
      { id: 'old', conditions: { fact: 'dueAt', operator: 'olderThan', value: '3d' } },
      { id: 'soon', conditions: { fact: 'dueAt', operator: 'withinNext', value: 'P2D' } },
    ];
    const at = async (dueAt: string | null) => {
      const out = await evaluateConditions(rules, { dueAt }, now);
      return [out.get('old')!.matched, out.get('soon')!.matched];
    };
    expect(await at(ago(3.01))).toEqual([true, false]);
    expect(await at(ago(2.99))).toEqual([false, false]);
    expect(await at(ago(-1))).toEqual([false, true]);
    expect(await at(ago(-2.01))).toEqual([false, false]);
    expect(await at(null)).toEqual([false, false]);
  });

  it('explains a lone condition at the path it was saved at', async () => {
    const out = await evaluateConditions(
      [{ id: 'r', conditions: { fact: 'daysOverdue', operator: 'greaterThan', value: 2 } }],
      { daysOverdue: 1 },
      now,
    );
    expect(out.get('r')).toEqual({
      matched: false,
      conditions: [{ path: 'conditions', fact: 'daysOverdue', operator: 'greaterThan', expected: 2, actual: 1, result: false }],
    });
  });

  it('evaluates many rules over one entity in one run, each with its own answer', async () => {
    const rules = Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, conditions: { fact: 'n', operator: 'greaterThan', value: i } }));
    const out = await evaluateConditions(rules, { n: 42 }, now);
    expect([...out.values()].filter((o) => o.matched)).toHaveLength(42);
  });
});
