import { seededRandom } from '@quorum/platform';
import { factsOf } from '../facts/fact-catalogue';
import type { ConditionNode } from '../rule-definition';
import { evaluateConditions } from './evaluate-conditions';
import { certainlyUnmatched } from './quick-reject';

/** Random leaves and facts over the action item catalogue's scalar facts, to compare the quick check with the engine. */
function generator(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const facts = [...factsOf('action_item').values()].filter((f) => f.type !== 'date' && f.type !== 'string[]');
  const sample = (type: string, values?: readonly string[]): unknown =>
    type === 'number'
      ? pick([-1, 0, 1, 2, 3, 10, null])
      : type === 'boolean'
        ? pick([true, false, null])
        : values
          ? pick([...values, null])
          : pick(['a', 'b', null]);
  const operators: Record<string, string[]> = {
    string: ['equal', 'notEqual', 'in', 'notIn'],
    number: ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'in', 'notIn'],
    boolean: ['equal', 'notEqual'],
  };
  const leaf = () => {
    const fact = pick(facts);
    const operator = pick(operators[fact.type]);
    const one = () => sample(fact.type, fact.values);
    return { fact: fact.name, operator, value: operator === 'in' || operator === 'notIn' ? [one(), one()] : one() };
  };
  const factsOfEntity = () => Object.fromEntries(facts.map((f) => [f.name, sample(f.type, f.values)]));
  return { leaf, factsOfEntity, random };
}

describe('certainlyUnmatched', () => {
  it('never rejects a rule the engine would match (2,000 random rules and entities)', async () => {
    const { leaf, factsOfEntity, random } = generator(12);
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const conditions: ConditionNode =
        random() < 0.2
          ? leaf()
          : { all: Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.2 ? { any: [leaf(), leaf()] } : leaf())) };
      const facts = factsOfEntity();
      const matched = (await evaluateConditions([{ id: 'r', conditions }], facts, new Date())).get('r')!.matched;
      const quick = certainlyUnmatched(conditions, facts);
      if (quick) {
        rejected++;
        expect({ conditions, facts, matched }).toEqual({ conditions, facts, matched: false });
      }
    }
    // And it does reject most of what fails, or it would be no use.
    expect(rejected).toBeGreaterThan(800);
  });

  it('leaves any, not, date and list operators to the engine', () => {
    expect(certainlyUnmatched({ any: [{ fact: 'priority', operator: 'equal', value: 'low' }] }, { priority: 'high' })).toBe(false);
    expect(certainlyUnmatched({ all: [{ not: { fact: 'priority', operator: 'equal', value: 'high' } }] }, { priority: 'high' })).toBe(
      false,
    );
    expect(certainlyUnmatched({ fact: 'dueAt', operator: 'olderThan', value: '3d' }, { dueAt: null })).toBe(false);
    expect(certainlyUnmatched({ fact: 'priority', operator: 'equal', value: 'low' }, { priority: 'high' })).toBe(true);
  });
});
