import { titleFrom, UNTITLED } from './chat-title';

describe('titleFrom', () => {
  it('keeps a short question as it is, on one line', () => {
    expect(titleFrom('  What did we decide\nabout the\tsupplier?  ')).toBe('What did we decide about the supplier?');
  });

  it('cuts a long one at a word within 80 characters', () => {
    const question = `${'word '.repeat(30)}end`;
    const title = titleFrom(question);
    expect(Array.from(title).length).toBeLessThanOrEqual(80);
    expect(title).toMatch(/^(word )+word…$/);
  });

  it('cuts one long word where it must, without splitting an emoji', () => {
    const title = titleFrom('🚀'.repeat(100));
    expect(title).toBe(`${'🚀'.repeat(79)}…`);
    expect(title.isWellFormed()).toBe(true);
  });

  it('makes control characters spaces, and gives a question of nothing the default', () => {
    expect(titleFrom('a\u0000b\u0007c')).toBe('a b c');
    expect(titleFrom(' \n\t ')).toBe(UNTITLED);
  });
});
