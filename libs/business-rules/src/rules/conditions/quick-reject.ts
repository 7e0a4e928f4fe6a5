import type { ConditionNode } from '../rule-definition';
import type { Facts } from './evaluate-conditions';

type Leaf = { fact: string; operator: string; value: unknown };

const isNumber = (value: unknown) => Number.parseFloat(value as string).toString() !== 'NaN';

/**
 * json-rules-engine's own operators, as it defines them (operator.js/engine-default-operators.js), for the ones a
 * quick check may decide: each says whether the leaf holds.
 */
const SAME_AS_ENGINE: Record<string, (fact: unknown, value: unknown) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => Array.isArray(b) && b.indexOf(a) > -1,
  notIn: (a, b) => Array.isArray(b) && b.indexOf(a) === -1,
  lessThan: (a, b) => isNumber(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumber(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumber(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumber(a) && (a as number) >= (b as number),
};

/**
 * Whether a rule certainly does not match these facts, judged from the plain leaves of its top-level `all` (or a
 * lone leaf) with json-rules-engine's own operator definitions: one that fails fails the rule. A cheap first pass
 * before the engine run, which costs some 40 µs a rule: of a tenant's 100 rules an event usually concerns a few.
 * False means "evaluate it": the engine decides, and explains.
 */
export function certainlyUnmatched(conditions: ConditionNode, facts: Facts): boolean {
  const leaves: Leaf[] =
    'fact' in conditions ? [conditions] : 'all' in conditions ? conditions.all.filter((c): c is Leaf => 'fact' in c) : [];
  for (const leaf of leaves) {
    const holds = Object.hasOwn(SAME_AS_ENGINE, leaf.operator) ? SAME_AS_ENGINE[leaf.operator] : undefined;
    if (holds && Object.hasOwn(facts, leaf.fact) && !holds(facts[leaf.fact], leaf.value)) return true;
  }
  return false;
}
