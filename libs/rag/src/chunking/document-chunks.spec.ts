import { chunkDocument } from './document-chunks';

describe('chunkDocument', () => {
  it('keeps the heading path and never mixes sections', () => {
    const chunks = chunkDocument('Intro text.\n\n# Guide\n\nFirst para.\n\n## Setup\n\nStep one.\n\nStep two.\n\n# Other\n\nLast.');
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([
      [[], 'Intro text.'],
      [['Guide'], 'First para.'],
      [['Guide', 'Setup'], 'Step one.\n\nStep two.'],
      [['Other'], 'Last.'],
    ]);
  });

  it('packs paragraphs up to the bound and cuts a long one with overlap', () => {
    const para = (n: number, tag: string) => Array.from({ length: n }, (_v, i) => `${tag}${i}`).join(' ');
    const chunks = chunkDocument(`${para(30, 'a')}\n\n${para(30, 'b')}\n\n${para(30, 'c')}\n\n${para(130, 'd')}`, {
      maxWords: 70,
      overlapWords: 10,
    });
    expect(chunks.map((c) => c.words)).toEqual([60, 30, 70, 70]);
    expect(chunks[3].text.split(' ')[0]).toBe('d60');
  });

  it('does not take a # inside a fenced code block for a heading', () => {
    const chunks = chunkDocument('# Title\n\n```sh\n# a comment\n\necho hi\n```\n');
    expect(chunks).toHaveLength(1);
    expect(chunks[0].headingPath).toEqual(['Title']);
    expect(chunks[0].text).toContain('# a comment');
  });
});
