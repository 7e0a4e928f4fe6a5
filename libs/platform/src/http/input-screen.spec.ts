import { screenInput } from './input-screen';

describe('screenInput', () => {
  it('passes ordinary data and measures it', () => {
    const result = screenInput({ title: 'Planning', participants: [{ name: 'Ada', email: 'ada@example.com' }], when: new Date(0) });
    expect(result.violation).toBeUndefined();
    expect(result.values).toBe(7);
    expect(result.approximateBytes).toBeGreaterThan('Planning'.length + 'ada@example.com'.length);
  });

  it.each([
    ['a NUL in a value', { a: ['x', 'b\u0000'] }, 'nul-character', 'a.1'],
    ['a NUL in a key', { a: { 'k\u0000': 1 } }, 'nul-character', 'a.k\u0000'],
    ['a lone high surrogate', { email: '\ud800@x.io' }, 'lone-surrogate', 'email'],
    ['a lone low surrogate', ['ok', '\udc00'], 'lone-surrogate', '1'],
    ['__proto__ from JSON', JSON.parse('{"a":{"__proto__":{"admin":true}}}'), 'forbidden-key', 'a.__proto__'],
    ['constructor', { constructor: 1 }, 'forbidden-key', 'constructor'],
    ['prototype', { x: { prototype: {} } }, 'forbidden-key', 'x.prototype'],
  ])('finds %s and names its path', (_, input, kind, field) => {
    expect(screenInput(input).violation).toMatchObject({ kind, field });
  });

  it('accepts a well-formed surrogate pair (emoji)', () => {
    expect(screenInput({ name: 'Ada 👩‍💻' }).violation).toBeUndefined();
  });

  it('stops at the depth limit without recursing, however deep the input', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    const result = screenInput({ segments: deep }, '', { maxDepth: 32, maxValues: 20_000 });
    expect(result.violation).toMatchObject({ kind: 'too-deep' });
    expect(result.violation?.field.split('.')).toHaveLength(32);
    expect(result.values).toBeLessThan(40);
  });

  it('allows exactly the depth limit', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 4; i++) value = [value];
    expect(screenInput(value, '', { maxDepth: 4, maxValues: 100 }).violation).toBeUndefined();
    expect(screenInput([value], '', { maxDepth: 4, maxValues: 100 }).violation).toMatchObject({ kind: 'too-deep' });
  });

  it('stops after the value limit', () => {
    const result = screenInput({ items: new Array(1_000).fill(0) }, '', { maxDepth: 32, maxValues: 100 });
    expect(result.violation).toMatchObject({ kind: 'too-many-values', field: '' });
    expect(result.values).toBe(101);
  });

  it('prefixes paths with the root it is given (a route parameter)', () => {
    expect(screenInput('a\u0000', 'id').violation).toMatchObject({ field: 'id', message: 'id must not contain NUL characters (U+0000)' });
  });
});
