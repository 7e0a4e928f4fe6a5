import { Bm25Index, bm25Tokens } from './bm25';

describe('Bm25Index', () => {
  it('tokenises lower-case without stemming', () => {
    expect(bm25Tokens("The Remote's buttons, REMOTE!")).toEqual(['the', 'remotes', 'buttons', 'remote']);
  });

  it('ranks rarer matching terms higher and leaves out non-matching documents', () => {
    const index = new Bm25Index(['the remote control', 'the the the', 'remote remote budget', 'nothing here']);
    expect(index.search('remote budget', 10)).toEqual([2, 0]);
    expect(index.search('absent', 10)).toEqual([]);
  });
});
