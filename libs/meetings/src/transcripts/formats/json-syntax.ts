/**
 * One pass over JSON text that says where and why it is malformed, and how big
 * the document would be, before JSON.parse builds it. JSON.parse only reports
 * errors in engine-specific words, often without a position, and a client
 * fixing a file needs a line; and it builds whatever it is given: 10 MB of
 * `[[[[…]]]]` or `[{},{},…]` is millions of objects, hundreds of megabytes.
 * The scan allocates almost nothing (its nesting stack is one byte a level,
 * not a call-stack frame, so deep nesting cannot overflow) and runs in time
 * linear in the text.
 */

export interface JsonLimits {
  /** Most elements the segment list may have: the top-level array, or the array under a top-level "segments" key. */
  maxSegments: number;
  /** Most values (scalars, arrays, objects; not keys) the whole document may hold. */
  maxValues: number;
}

/** At most one member is set: what stopped the scan. Empty: the text is valid JSON within the limits. */
export interface JsonScan {
  /** The first syntax error; without limits, JSON.parse fails exactly when this is set. */
  syntaxError?: { offset: number; problem: string };
  /** Where the segment list gets element number maxSegments (0-based), the first one too many, and under which base path; the scan stops there. */
  tooManySegments?: { offset: number; base: '' | 'segments'; index: number };
  /** Where the document gets its value number maxValues + 1; the scan stops there. */
  tooManyValues?: { offset: number };
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

const ARRAY = 1;
const OBJECT = 2;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = new Map([
  ['t', 'true'],
  ['f', 'false'],
  ['n', 'null'],
]);
const SEGMENTS_KEY = '"segments"';
const UNLIMITED: JsonLimits = { maxSegments: Infinity, maxValues: Infinity };

function shown(char: string): string {
  return JSON.stringify(char);
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function scanString(text: string, start: number): number | { offset: number; problem: string } {
  for (let j = start + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c === 0x5c) {
      // Undefined past the end of the text.
      const next = text.at(j + 1);
      if (next === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(j + 2, j + 6))) return { offset: j, problem: 'a \\u escape needs four hex digits' };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        j++;
      } else {
        return { offset: j, problem: `invalid escape ${shown(`\\${next ?? ''}`)} in a string` };
      }
    } else if (c < 0x20) {
      return { offset: j, problem: 'a line break or control character inside a string (write it as an escape such as \\n)' };
    }
  }
  return { offset: start, problem: 'a string that never ends' };
}

/** Scans up to the first syntax error or the first value past a limit, whichever comes first, as the line-based parsers read. */
export function scanJson(text: string, limits: JsonLimits = UNLIMITED): JsonScan {
  let stack = new Uint8Array(64);
  let depth = 0;
  let expect: Expect = 'value';
  let values = 0;
  // The stack depth of the segment list while inside it (-1 outside), and its elements so far.
  let segmentsDepth = -1;
  let segments = 0;
  let lastTopKeyIsSegments = false;
  let i = 0;
  const afterValue = (): Expect => (depth > 0 ? 'commaOrClose' : 'end');
  const countValue = (): JsonScan | undefined => {
    values++;
    if (depth === segmentsDepth) {
      if (segments === limits.maxSegments)
        return { tooManySegments: { offset: i, base: segmentsDepth === 1 ? '' : 'segments', index: segments } };
      segments++;
    }
    return values > limits.maxValues ? { tooManyValues: { offset: i } } : undefined;
  };
  const fail = (problem: string, offset = i): JsonScan => ({ syntaxError: { offset, problem } });
  const close = () => {
    if (depth === segmentsDepth) segmentsDepth = -1;
    depth--;
    expect = afterValue();
  };
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= text.length) {
      return expect === 'end' ? {} : { syntaxError: { offset: text.length, problem: 'the document ends too early' } };
    }
    const c = text[i];
    switch (expect) {
      case 'end':
        return fail(`unexpected ${shown(c)} after the end of the document`);
      case 'colon':
        if (c !== ':') return fail(`expected ":" after a property name, found ${shown(c)}`);
        i++;
        expect = 'value';
        break;
      case 'commaOrClose': {
        const closer = stack[depth - 1] === ARRAY ? ']' : '}';
        if (c === ',') {
          i++;
          expect = closer === ']' ? 'value' : 'key';
        } else if (c === closer) {
          i++;
          close();
        } else {
          return fail(`expected "," or "${closer}", found ${shown(c)}`);
        }
        break;
      }
      case 'keyOrClose':
      case 'key': {
        if (expect === 'keyOrClose' && c === '}') {
          i++;
          close();
          break;
        }
        if (c !== '"') return fail(`expected a double-quoted property name, found ${shown(c)}`);
        const end = scanString(text, i);
        if (typeof end !== 'number') return fail(end.problem, end.offset);
        if (depth === 1) lastTopKeyIsSegments = end - i === SEGMENTS_KEY.length && text.startsWith(SEGMENTS_KEY, i);
        i = end;
        expect = 'colon';
        break;
      }
      case 'value':
      case 'valueOrClose': {
        if (expect === 'valueOrClose' && c === ']') {
          i++;
          close();
          break;
        }
        const overLimit = countValue();
        if (overLimit) return overLimit;
        if (c === '[' || c === '{') {
          if (c === '[' && (depth === 0 || (depth === 1 && stack[0] === OBJECT && lastTopKeyIsSegments))) {
            segmentsDepth = depth + 1;
            segments = 0;
          }
          if (depth === stack.length) {
            const grown = new Uint8Array(stack.length * 2);
            grown.set(stack);
            stack = grown;
          }
          stack[depth++] = c === '[' ? ARRAY : OBJECT;
          i++;
          expect = c === '[' ? 'valueOrClose' : 'keyOrClose';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return fail(end.problem, end.offset);
          i = end;
          expect = afterValue();
        } else {
          NUMBER.lastIndex = i;
          const literal = LITERALS.get(c);
          if (NUMBER.test(text)) i = NUMBER.lastIndex;
          else if (literal !== undefined && text.startsWith(literal, i)) i += literal.length;
          else return fail(`unexpected ${shown(c)} where a value should be`);
          expect = afterValue();
        }
        break;
      }
    }
  }
}

/** 1-based line and column of `offset`, counting CRLF, CR and LF as one line break each. */
export function jsonPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where and why JSON text is malformed, or undefined when JSON.parse would accept it. */
export function locateJsonSyntaxError(text: string): { line: number; column: number; problem: string } | undefined {
  const error = scanJson(text).syntaxError;
  return error && { ...jsonPosition(text, error.offset), problem: error.problem };
}
