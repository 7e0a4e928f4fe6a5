import { jsonNestingExceeds } from './json-nesting';

describe('jsonNestingExceeds', () => {
  const nest = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it.each([
    ['exactly the limit', nest(3), 3, false],
    ['one level more', nest(4), 3, true],
    ['objects and arrays mixed', '{"a":[{"b":[1]}]}', 3, true],
    ['brackets inside strings do not count', '["[[[[{{{{", {"k]]]":"}}}"}]', 2, false],
    ['escaped quotes do not end a string', '["a\\\\\\"[[[[[", 1]', 1, false],
    ['an escaped backslash before the closing quote ends it', '["a\\\\\\\\", [[1]]]', 2, true],
    ['an unterminated string', '["abc', 1, false],
    ['scalars', '"just a string"', 0, false],
  ])('%s', (_, text, limit, expected) => {
    expect(jsonNestingExceeds(text, limit)).toBe(expected);
    expect(jsonNestingExceeds(Buffer.from(text), limit)).toBe(expected);
  });

  it('starts where it is told to', () => {
    expect(jsonNestingExceeds('[[[[ "x" ]]]]', 2, 2)).toBe(false);
  });

  it('stops at the first level too many, whatever follows', () => {
    expect(jsonNestingExceeds(nest(1_000_000), 32)).toBe(true);
  });

  it('agrees with the parsed depth on multi-byte text', () => {
    const text = JSON.stringify({ name: 'Zoë 👩‍💻 [', items: [[['ü']]] });
    expect(jsonNestingExceeds(Buffer.from(text), 4)).toBe(false);
    expect(jsonNestingExceeds(Buffer.from(text), 3)).toBe(true);
  });
});
