import { ProblemException } from '../errors/problem.exception';

/**
 * Limits on the shape of any parsed input (JSON bodies, query strings,
 * Socket.IO payloads). Far above what any route takes (the largest, a batch
 * of 500 transcript segments, is about 5,000 values at depth 3), and low
 * enough that rejecting a hostile payload costs microseconds, not the
 * recursion class-transformer would spend on it before overflowing its stack.
 */
export const INPUT_LIMITS = { maxDepth: 32, maxValues: 20_000 } as const;

/**
 * Raw JSON text nested deeper than this is refused before it is parsed:
 * JSON.parse spends ~0.2 ms per thousand levels, so a megabyte of brackets
 * would hold the event loop for a quarter of a second. Between maxDepth and
 * this, parsing costs microseconds and the screen names the field that went
 * too deep.
 */
export const RAW_JSON_MAX_DEPTH = 512;

/** Keys that name the prototype machinery; class-transformer drops them silently, we refuse them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type InputViolationKind = 'too-deep' | 'too-many-values' | 'nul-character' | 'lone-surrogate' | 'forbidden-key';

export interface InputViolation {
  kind: InputViolationKind;
  /** Dotted path of the offending value (or key), `''` for the input as a whole. */
  field: string;
  message: string;
}

export interface InputScreenResult {
  violation?: InputViolation;
  /** Values visited (containers, keys' values and scalars). */
  values: number;
  /** A cheap estimate of the input's serialised size: string lengths plus a few bytes a value. */
  approximateBytes: number;
}

interface Frame {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * Walks the input once, without recursion, and stops at the first value that
 * must not reach validation or PostgreSQL: nesting past `maxDepth`, more than
 * `maxValues` values, a NUL character (PostgreSQL text cannot hold one), a
 * lone UTF-16 surrogate (not Unicode; validators throw URIError on it), or a
 * `__proto__` / `constructor` / `prototype` key, in values and keys alike.
 */
export function screenInput(input: unknown, root = '', limits: { maxDepth: number; maxValues: number } = INPUT_LIMITS): InputScreenResult {
  const stack: Frame[] = [{ value: input, path: root, depth: 0 }];
  let values = 0;
  let approximateBytes = 0;
  const fail = (kind: InputViolationKind, field: string, message: string): InputScreenResult => ({
    violation: { kind, field, message },
    values,
    approximateBytes,
  });

  while (stack.length) {
    const { value, path, depth } = stack.pop() as Frame;
    values++;
    if (values > limits.maxValues)
      return fail('too-many-values', root, `${root || 'the input'} holds more than ${limits.maxValues} values`);
    if (typeof value === 'string') {
      approximateBytes += value.length + 2;
      const problem = stringProblem(value);
      if (problem) return fail(problem.kind, path, `${path || 'the input'} ${problem.message}`);
      continue;
    }
    approximateBytes += 8;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxDepth)
      return fail('too-deep', path, `${path || 'the input'} is nested more than ${limits.maxDepth} levels deep`);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] as unknown, path: join(path, String(i)), depth: depth + 1 });
      continue;
    }
    // Only plain data is screened: Dates, Buffers and class instances come from our own code, not from a client.
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) continue;
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const field = join(path, key);
      approximateBytes += key.length + 3;
      if (FORBIDDEN_KEYS.has(key)) return fail('forbidden-key', field, `${field} should not exist`);
      const problem = stringProblem(key);
      if (problem) return fail(problem.kind, field, `the name of ${path || 'a field'} field ${problem.message}`);
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return { values, approximateBytes };
}

function stringProblem(value: string): { kind: InputViolationKind; message: string } | undefined {
  if (value.includes('\u0000')) return { kind: 'nul-character', message: 'must not contain NUL characters (U+0000)' };
  if (!value.isWellFormed())
    return { kind: 'lone-surrogate', message: 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)' };
  return undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The 400 for input that must not reach validation: too deep or large, NUL, lone surrogates, prototype keys. */
export function inputProblem(violation: InputViolation, what = 'The request'): ProblemException {
  const complex = violation.kind === 'too-deep' || violation.kind === 'too-many-values';
  return new ProblemException({
    status: 400,
    slug: complex ? 'input-too-complex' : 'validation-failed',
    title: complex ? 'Input too complex' : 'Validation failed',
    detail: complex
      ? `${what} is refused before validation: ${violation.message}.`
      : `${what} has 1 invalid field: ${violation.field || 'the input'}.`,
    errors: [{ field: violation.field, message: violation.message }],
  });
}
