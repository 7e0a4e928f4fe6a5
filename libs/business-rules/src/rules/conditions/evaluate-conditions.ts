import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { ConditionNode } from '../rule-definition';
import { parseDuration } from './duration';

/** One condition of a rule, as it was evaluated: what the fact held, what it was compared with, and the answer. */
export interface ConditionExplanation {
  path: string;
  fact: string;
  operator: string;
  expected: unknown;
  actual: unknown;
  /** null: not evaluated, because the answer was already known (json-rules-engine stops at the first decisive one). */
  result: boolean | null;
}

export interface ConditionOutcome {
  matched: boolean;
  conditions: ConditionExplanation[];
}

export type Facts = Record<string, unknown>;

/**
 * Evaluates the conditions of several rules over one entity's facts in one json-rules-engine run, with the date
 * operators the engine lacks measured from `now` (one instant for the whole run, so a rule reads one time).
 * Facts are plain values derived beforehand (derive-facts.ts); conditions were validated when the rule was saved.
 */
export async function evaluateConditions(
  rules: readonly { id: string; conditions: ConditionNode }[],
  facts: Facts,
  now: Date,
): Promise<Map<string, ConditionOutcome>> {
  return conditionEvaluator(rules, now)(facts);
}

/** The same, compiled once for many entities (a scheduled scan): the returned function evaluates one entity's facts. */
export function conditionEvaluator(
  rules: readonly { id: string; conditions: ConditionNode }[],
  now: Date,
): (facts: Facts) => Promise<Map<string, ConditionOutcome>> {
  const engine = new Engine([], { allowUndefinedFacts: true, replaceFactsInEventParams: false });
  const at = now.getTime();
  const time = (value: unknown) => (typeof value === 'string' || value instanceof Date ? new Date(value).getTime() : Number.NaN);
  engine.addOperator('olderThan', (fact: unknown, duration: unknown) => {
    const t = time(fact);
    const ms = parseDuration(duration);
    return Number.isFinite(t) && ms !== null && t < at - ms;
  });
  engine.addOperator('withinNext', (fact: unknown, duration: unknown) => {
    const t = time(fact);
    const ms = parseDuration(duration);
    return Number.isFinite(t) && ms !== null && t >= at && t <= at + ms;
  });
  const wrapped = new Set<string>();
  for (const rule of rules) {
    const conditions = wrap(rule.conditions);
    if (conditions !== rule.conditions) wrapped.add(rule.id);
    engine.addRule({ name: rule.id, conditions, event: { type: rule.id } } satisfies RuleProperties);
  }
  return async (facts) => {
    const { results, failureResults } = await engine.run({ ...facts });
    const outcomes = new Map<string, ConditionOutcome>();
    for (const result of [...results, ...failureResults]) {
      const json = result.toJSON(false) as unknown as { name: string; result: boolean; conditions: { all?: unknown[] } };
      const conditions: ConditionExplanation[] = [];
      // A wrapped leaf is explained at the path it was saved at.
      explain(wrapped.has(json.name) ? json.conditions.all?.[0] : json.conditions, 'conditions', conditions);
      outcomes.set(json.name, { matched: json.result === true, conditions });
    }
    return outcomes;
  };
}

/** json-rules-engine wants all/any/not at the top; a rule whose condition is one leaf is wrapped in `all`. */
function wrap(node: ConditionNode): TopLevelCondition {
  return ('all' in node || 'any' in node || 'not' in node ? node : { all: [node] }) as TopLevelCondition;
}

function explain(node: unknown, path: string, into: ConditionExplanation[]): void {
  if (typeof node !== 'object' || node === null) return;
  const n = node as Record<string, unknown>;
  for (const kind of ['all', 'any'] as const)
    if (Array.isArray(n[kind])) return (n[kind] as unknown[]).forEach((child, i) => explain(child, `${path}.${kind}[${i}]`, into));
  if (n.not) return explain(n.not, `${path}.not`, into);
  into.push({
    path,
    fact: String(n.fact),
    operator: String(n.operator),
    expected: n.value,
    actual: 'factResult' in n ? n.factResult : null,
    result: typeof n.result === 'boolean' ? n.result : null,
  });
}
