import { RE2JS } from 're2js';
import safeRegex from 'safe-regex2';

/** Why a custom pattern is refused, or null when it may be saved. */
export type PatternProblem = { slug: 'invalid-pattern' | 'unsafe-pattern' | 'pattern-too-slow'; message: string } | null;

/** A text that drives backtracking engines into their worst case; the time RE2JS takes over it must stay within the bound. */
const PROBE = `${'a1-'.repeat(20_000)}!${' '.repeat(20_000)}x`;
const PROBE_BUDGET_MS = 250;

/**
 * A pattern is saved only if RE2 accepts it, it matches something non-empty, and safe-regex2 finds no nested
 * quantifier (star height above 1). RE2JS would run even `(a+)+` in linear time, but the same pattern is a
 * catastrophe in any backtracking engine it may be copied to, and refusing it at the door says so plainly.
 * A probe run over 60,000 adversarial characters bounds what is left: a pattern that needs more than 250 ms is refused.
 */
export function checkCustomPattern(pattern: string, caseInsensitive: boolean): PatternProblem {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    return {
      slug: 'invalid-pattern',
      message: `is not a pattern RE2 accepts (no backreferences or lookaround): ${(error as Error).message}`,
    };
  }
  if (compiled.matches('')) return { slug: 'invalid-pattern', message: 'matches the empty string, so it would match everywhere' };
  if (!safeRegex(pattern)) {
    return {
      slug: 'unsafe-pattern',
      message: 'nests quantifiers, e.g. (a+)+, which backtracks catastrophically; write it without the nesting',
    };
  }
  const started = performance.now();
  const matcher = compiled.matcher(PROBE);
  while (matcher.find()) {
    if (performance.now() - started > PROBE_BUDGET_MS) break;
  }
  if (performance.now() - started > PROBE_BUDGET_MS) {
    return { slug: 'pattern-too-slow', message: `takes more than ${PROBE_BUDGET_MS} ms over a 60,000-character text` };
  }
  return null;
}
