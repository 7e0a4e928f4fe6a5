import type { FieldError } from '@quorum/platform';
import type { FactDefinition } from '../facts/fact-catalogue';
import { parseDuration } from './duration';
import { RULE_LIMITS } from './rule-limits';
import { RULE_OPERATORS } from './rule-operators';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a condition tree against an entity's facts: the shape (all/any/not or a fact, operator and value), that
 * every fact exists, every operator exists and applies to the fact's type, and every value has the type the
 * operator needs. Each problem names its path (`conditions.all[1].value`), so the 422 says where to look.
 */
export function validateConditions(root: unknown, facts: ReadonlyMap<string, FactDefinition>, base = 'conditions'): FieldError[] {
  const errors: FieldError[] = [];
  let leaves = 0;
  const fail = (field: string, message: string): void => void errors.push({ field, message });

  const visit = (node: unknown, path: string, depth: number): void => {
    if (errors.length >= 20) return;
    if (depth > RULE_LIMITS.depth) return fail(path, `conditions may nest at most ${RULE_LIMITS.depth} levels`);
    if (!isRecord(node)) return fail(path, 'must be an object: {all: [...]}, {any: [...]}, {not: {...}} or {fact, operator, value}');
    const keys = Object.keys(node);
    const composite = keys.filter((k) => k === 'all' || k === 'any' || k === 'not');
    if (composite.length > 1) return fail(path, `must hold one of all, any and not, not ${composite.join(' and ')}`);
    if (composite.length === 1) {
      const [kind] = composite;
      const extra = keys.filter((k) => k !== kind);
      if (extra.length) return fail(`${path}.${extra[0]}`, `is not supported next to ${kind}`);
      const children = node[kind];
      if (kind === 'not') return visit(children, `${path}.not`, depth + 1);
      if (!Array.isArray(children) || children.length === 0) return fail(`${path}.${kind}`, 'must be a non-empty list of conditions');
      children.forEach((child, i) => visit(child, `${path}.${kind}[${i}]`, depth + 1));
      return;
    }
    if (++leaves > RULE_LIMITS.conditions) {
      if (leaves === RULE_LIMITS.conditions + 1) fail(path, `a rule may hold at most ${RULE_LIMITS.conditions} conditions`);
      return;
    }
    visitLeaf(node, path);
  };

  const visitLeaf = (node: Record<string, unknown>, path: string): void => {
    const extra = Object.keys(node).filter((k) => k !== 'fact' && k !== 'operator' && k !== 'value');
    if (extra.length)
      return fail(`${path}.${extra[0]}`, 'is not supported: a condition holds fact, operator and value (or all, any or not)');
    if (typeof node.fact !== 'string') return fail(`${path}.fact`, 'must name a fact');
    const fact = facts.get(node.fact);
    if (!fact) return fail(`${path}.fact`, `unknown fact "${clip(node.fact)}"; GET /api/v1/rules/facts lists them`);
    if (typeof node.operator !== 'string') return fail(`${path}.operator`, 'must name an operator');
    const operator = Object.hasOwn(RULE_OPERATORS, node.operator) ? RULE_OPERATORS[node.operator] : undefined;
    if (!operator) return fail(`${path}.operator`, `unknown operator "${clip(node.operator)}"`);
    if (!operator.types.includes(fact.type))
      return fail(`${path}.operator`, `${node.operator} does not apply to ${fact.name}, a ${fact.type} fact`);
    if (!('value' in node)) return fail(`${path}.value`, 'is required');
    const problem = operandProblem(operator.operand, fact, node.value);
    if (problem) fail(`${path}.value`, problem);
  };

  visit(root, base, 1);
  return errors;
}

/** Why `value` does not suit the operand, or null when it does. */
function operandProblem(operand: string, fact: FactDefinition, value: unknown): string | null {
  switch (operand) {
    case 'same':
      if (value === null) return fact.nullable ? null : `${fact.name} always has a value; null never matches`;
      if (fact.type === 'date') return 'a date fact is compared with null here; use olderThan or withinNext for times';
      return scalarProblem(fact, value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'list':
      if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty list';
      if (value.length > RULE_LIMITS.listValues) return `may hold at most ${RULE_LIMITS.listValues} values`;
      for (const item of value) {
        const problem = scalarProblem(fact, item);
        if (problem) return `every value ${problem.replace(/^must/, 'must')}`;
      }
      return null;
    case 'element':
      return typeof value === 'string' && value.length <= RULE_LIMITS.textLength ? null : 'must be a string';
    case 'duration':
      return parseDuration(value) === null ? 'must be a duration such as 30m, 12h, 3d, 2w or P3D' : null;
    default:
      return 'is not understood';
  }
}

function scalarProblem(fact: FactDefinition, value: unknown): string | null {
  switch (fact.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length > RULE_LIMITS.textLength) return `must be at most ${RULE_LIMITS.textLength} characters`;
      if (fact.values && !fact.values.includes(value)) return `must be one of ${fact.values.join(', ')}`;
      return null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    default:
      return 'is not understood';
  }
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);
