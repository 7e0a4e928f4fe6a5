/**
 * Where and why JSON text is malformed. JSON.parse only says so in
 * engine-specific words, often without a position, and a client fixing a
 * file needs a line. This runs only after JSON.parse has failed, and keeps its
 * own stack instead of recursing so deep nesting cannot overflow the call stack.
 */
export function locateJsonSyntaxError(text: string): { line: number; column: number; problem: string } | undefined {
  const found = scan(text);
  if (!found) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < found.offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: found.offset - lineStart + 1, problem: found.problem };
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

function shown(char: string): string {
  return JSON.stringify(char);
}

function scanString(text: string, start: number): number | { offset: number; problem: string } {
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '"') return j + 1;
    if (c === '\\') {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(j + 2, j + 6))) return { offset: j, problem: 'a \\u escape needs four hex digits' };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        j++;
      } else {
        return { offset: j, problem: `invalid escape ${shown(`\\${next ?? ''}`)} in a string` };
      }
    } else if (c.charCodeAt(0) < 0x20) {
      return { offset: j, problem: 'a line break or control character inside a string (write it as an escape such as \\n)' };
    }
  }
  return { offset: start, problem: 'a string that never ends' };
}

function scan(text: string): { offset: number; problem: string } | undefined {
  const stack: ('[' | '{')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length > 0 ? 'commaOrClose' : 'end');
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    if (i >= text.length) return expect === 'end' ? undefined : { offset: text.length, problem: 'the document ends too early' };
    const c = text[i];
    switch (expect) {
      case 'end':
        return { offset: i, problem: `unexpected ${shown(c)} after the end of the document` };
      case 'colon':
        if (c !== ':') return { offset: i, problem: `expected ":" after a property name, found ${shown(c)}` };
        i++;
        expect = 'value';
        break;
      case 'commaOrClose': {
        const close = stack[stack.length - 1] === '[' ? ']' : '}';
        if (c === ',') {
          i++;
          expect = close === ']' ? 'value' : 'key';
        } else if (c === close) {
          i++;
          stack.pop();
          expect = afterValue();
        } else {
          return { offset: i, problem: `expected "," or "${close}", found ${shown(c)}` };
        }
        break;
      }
      case 'keyOrClose':
      case 'key': {
        if (expect === 'keyOrClose' && c === '}') {
          i++;
          stack.pop();
          expect = afterValue();
          break;
        }
        if (c !== '"') return { offset: i, problem: `expected a double-quoted property name, found ${shown(c)}` };
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        expect = 'colon';
        break;
      }
      case 'value':
      case 'valueOrClose': {
        if (expect === 'valueOrClose' && c === ']') {
          i++;
          stack.pop();
          expect = afterValue();
        } else if (c === '[' || c === '{') {
          stack.push(c);
          i++;
          expect = c === '[' ? 'valueOrClose' : 'keyOrClose';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = afterValue();
        } else {
          NUMBER.lastIndex = i;
          const literal = LITERALS.find((word) => text.startsWith(word, i));
          if (NUMBER.test(text)) i = NUMBER.lastIndex;
          else if (literal) i += literal.length;
          else return { offset: i, problem: `unexpected ${shown(c)} where a value should be` };
          expect = afterValue();
        }
        break;
      }
    }
  }
}
