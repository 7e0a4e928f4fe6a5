import { chunkTranscript, fixedTurnWindows, type TranscriptSegment } from './transcript-chunks';

const turn = (id: number, speaker: string | null, words: number): TranscriptSegment => ({
  id: String(id),
  startMs: id * 1000,
  endMs: id * 1000 + 900,
  speaker,
  text: Array.from({ length: words }, (_v, i) => `w${id}_${i}`).join(' '),
});

describe('chunkTranscript', () => {
  it('packs whole turns up to the bound, with speakers in the text and citation fields', () => {
    const chunks = chunkTranscript([turn(0, 'Ann', 40), turn(1, 'Bob', 40), turn(2, 'Ann', 40)], { maxWords: 100, overlapWords: 0 });
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toMatchObject({
      index: 0,
      words: 80,
      segmentIds: ['0', '1'],
      speakers: ['Ann', 'Bob'],
      firstSpeaker: 'Ann',
      lastSpeaker: 'Bob',
      startMs: 0,
      endMs: 1900,
    });
    expect(chunks[0].text.split('\n')[0]).toMatch(/^Ann: w0_0 /);
    expect(chunks[1].segmentIds).toEqual(['2']);
  });

  it('repeats the last turns that fit in the overlap at the start of the next chunk', () => {
    const chunks = chunkTranscript([turn(0, 'Ann', 50), turn(1, 'Bob', 10), turn(2, 'Ann', 60)], { maxWords: 80, overlapWords: 15 });
    expect(chunks.map((c) => c.segmentIds)).toEqual([
      ['0', '1'],
      ['1', '2'],
    ]);
  });

  it('cuts a turn only when it alone exceeds the bound, into overlapping windows of that turn', () => {
    const chunks = chunkTranscript([turn(0, 'Ann', 10), turn(1, 'Bob', 250)], { maxWords: 100, overlapWords: 20 });
    expect(chunks.every((c) => c.words <= 100)).toBe(true);
    expect(chunks.slice(1).every((c) => c.segmentIds.join() === '1')).toBe(true);
    const words = chunks.slice(1).flatMap((c) => c.text.replace(/^Bob: /gm, '').split(/\s+/));
    expect(new Set(words).size).toBe(250);
  });

  it('skips empty turns and keeps unknown speakers out of the speaker list', () => {
    const chunks = chunkTranscript([turn(0, null, 5), { ...turn(1, 'Ann', 0), text: '  ' }, turn(2, 'Ann', 5)]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ segmentIds: ['0', '2'], speakers: ['Ann'], firstSpeaker: null, lastSpeaker: 'Ann' });
    expect(chunkTranscript([])).toEqual([]);
  });
});

describe('fixedTurnWindows', () => {
  it('makes non-overlapping windows of whole turns', () => {
    const windows = fixedTurnWindows(
      Array.from({ length: 12 }, (_v, i) => turn(i, 'Ann', 3)),
      5,
    );
    expect(windows.map((w) => w.segmentIds.length)).toEqual([5, 5, 2]);
    expect(windows[2].segmentIds).toEqual(['10', '11']);
  });
});
