import { INPUT_LIMITS, inputProblem, RAW_JSON_MAX_DEPTH } from './input-screen';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests arrays and objects more than `maxDepth` levels
 * deep, found by scanning its characters (skipping strings) and stopping at
 * the first level too many. JSON.parse itself costs ~0.2 ms per thousand
 * levels of nesting, so a 1 MB body of brackets holds the event loop for a
 * quarter of a second before anything could refuse it; this refuses it in
 * the first few hundred bytes. Works on UTF-8 bytes too: no byte of a
 * multi-byte character is ASCII.
 */
export function jsonNestingExceeds(text: string | Uint8Array, maxDepth: number, from = 0): boolean {
  const isString = typeof text === 'string';
  const length = text.length;
  const at = (i: number) => (isString ? text.charCodeAt(i) : text[i]);
  let depth = 0;
  for (let i = from; i < length; i++) {
    const c = at(i);
    if (c === QUOTE) {
      // Jump to the closing quote natively (long strings are most of a large body's bytes), past escaped ones.
      for (;;) {
        i = isString ? text.indexOf('"', i + 1) : text.indexOf(QUOTE, i + 1);
        if (i < 0) return false;
        let backslashes = 0;
        while (at(i - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/**
 * A body parser `verify` hook: refuses JSON nested far deeper than the
 * screen allows before JSON.parse spends a quarter of a second on a megabyte
 * of brackets (see RAW_JSON_MAX_DEPTH).
 */
export function refuseDeeplyNestedJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (jsonNestingExceeds(body, RAW_JSON_MAX_DEPTH)) {
    throw inputProblem({ kind: 'too-deep', field: '', message: `the body is nested more than ${INPUT_LIMITS.maxDepth} levels deep` });
  }
}
