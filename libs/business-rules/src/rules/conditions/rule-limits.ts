/** Bounds on what one rule may hold, so that saving, storing and evaluating a rule stay cheap whatever is sent. */
export const RULE_LIMITS = {
  depth: 8,
  conditions: 50,
  listValues: 100,
  textLength: 500,
  actions: 10,
  recipients: 50,
} as const;
