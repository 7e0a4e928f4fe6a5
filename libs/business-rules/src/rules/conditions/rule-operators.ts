import type { FactType } from '../facts/fact-catalogue';

/** What an operator's `value` must be, given the fact's type. */
export type OperandKind = 'same' | 'number' | 'list' | 'element' | 'duration';

export interface OperatorDefinition {
  /** The fact types it applies to. */
  types: readonly FactType[];
  operand: OperandKind;
  description: string;
}

/**
 * The operators a condition may use: json-rules-engine's own, each limited to the fact types where it means
 * something, and two date operators the engine lacks (registered on it in evaluate-conditions.ts).
 */
export const RULE_OPERATORS: Record<string, OperatorDefinition> = {
  equal: { types: ['string', 'number', 'boolean', 'date'], operand: 'same', description: 'Equal to the value (null tests for no value).' },
  notEqual: { types: ['string', 'number', 'boolean', 'date'], operand: 'same', description: 'Not equal to the value.' },
  lessThan: { types: ['number'], operand: 'number', description: 'Less than the value.' },
  lessThanInclusive: { types: ['number'], operand: 'number', description: 'Less than or equal to the value.' },
  greaterThan: { types: ['number'], operand: 'number', description: 'Greater than the value.' },
  greaterThanInclusive: { types: ['number'], operand: 'number', description: 'Greater than or equal to the value.' },
  in: { types: ['string', 'number'], operand: 'list', description: 'One of the values (a list).' },
  notIn: { types: ['string', 'number'], operand: 'list', description: 'None of the values (a list).' },
  contains: { types: ['string[]'], operand: 'element', description: 'The list holds the value.' },
  doesNotContain: { types: ['string[]'], operand: 'element', description: 'The list does not hold the value.' },
  olderThan: {
    types: ['date'],
    operand: 'duration',
    description: 'The date lies more than the duration (`3d`, `12h`, `P1W`) in the past; false when there is no date.',
  },
  withinNext: {
    types: ['date'],
    operand: 'duration',
    description: 'The date lies between now and the duration from now; false when there is no date.',
  },
};
