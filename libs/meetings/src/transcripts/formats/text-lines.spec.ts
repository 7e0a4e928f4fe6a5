import { failure } from './format-failure.testing';
import { lineBlocks, MAX_BLOCK_LINES, singleLine, splitSpeakerLabel, textLines } from './text-lines';
import { formatClock, formatTimestamp, parseSrtTimestamp, parseVttTimestamp } from './timestamps';

describe('timestamps', () => {
  it('formats with at least two hour digits and either separator', () => {
    expect(formatTimestamp(0)).toBe('00:00:00.000');
    expect(formatTimestamp(3_723_004, ',')).toBe('01:02:03,004');
    expect(formatTimestamp(2_147_483_647)).toBe('596:31:23.647');
  });

  it('reads what it formats', () => {
    for (const ms of [0, 999, 59_999, 3_599_999, 3_600_000, 2_147_483_647]) {
      expect(parseVttTimestamp(formatTimestamp(ms))).toBe(ms);
      expect(parseSrtTimestamp(formatTimestamp(ms, ','))).toBe(ms);
    }
  });

  it('follows each format: optional hours in WebVTT, required in SubRip', () => {
    expect(parseVttTimestamp('01:02.003')).toBe(62_003);
    expect(parseVttTimestamp('1:01:02.003')).toBeUndefined();
    expect(parseSrtTimestamp('01:02,003')).toBeUndefined();
    expect(parseSrtTimestamp('1:01:02,003')).toBe(3_662_003);
  });

  it('writes reader clocks as mm:ss or hh:mm:ss', () => {
    expect(formatClock(61_999, false)).toBe('01:01');
    expect(formatClock(59 * 60_000 + 59_999, false)).toBe('59:59');
    expect(formatClock(3_723_999, true)).toBe('01:02:03');
  });
});

describe('text lines', () => {
  it('splits any line ending and drops a byte order mark', () => {
    expect([...textLines('\uFEFFa\r\nb\rc\nd')]).toEqual(['a', 'b', 'c', 'd']);
    expect([...textLines('')]).toEqual(['']);
    expect([...textLines('x\n')]).toEqual(['x', '']);
    expect([...textLines('\r\r\n\n\r')]).toEqual(['', '', '', '', '']);
    expect([...textLines('a\uFEFF\nb')]).toEqual(['a\uFEFF', 'b']);
  });

  it('gives the same lines as splitting on every kind of line ending, for any mix of them', () => {
    const pieces = ['a', 'bc', '', ' ', '\r', '\n', '\r\n', '\n\r', '\uFEFF', 'é'];
    let state = 42;
    const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let run = 0; run < 2000; run++) {
      const body = Array.from({ length: Math.floor(next() * 12) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
      const expected = (body.startsWith('\uFEFF') ? body.slice(1) : body).split(/\r\n|\r|\n/);
      expect([...textLines(body)]).toEqual(expected);
    }
  });

  it('reads lazily: taking the first lines of a huge body does not split or scan the rest', () => {
    const huge = 'A: w\n'.repeat(2_000_000);
    const split = jest.spyOn(String.prototype, 'split');
    const slice = jest.spyOn(String.prototype, 'slice');
    try {
      const lines = textLines(huge);
      expect([lines.next().value, lines.next().value]).toEqual(['A: w', 'A: w']);
      expect(split).not.toHaveBeenCalled();
      // One slice per line taken: nothing was cut out of the other 1,999,998 lines.
      expect(slice.mock.contexts.filter((context) => context === huge)).toHaveLength(2);
    } finally {
      split.mockRestore();
      slice.mockRestore();
    }
  });

  it('groups non-blank lines into numbered blocks, lazily, numbering from where the iterator is', () => {
    const lines = textLines('x\n\na\nb\n \t\n\nc');
    lines.next();
    expect([...lineBlocks(lines, 2)]).toEqual([
      { firstLine: 3, lines: ['a', 'b'] },
      { firstLine: 7, lines: ['c'] },
    ]);
  });

  it('refuses a block too long to be a cue at its first line, without collecting the rest', () => {
    const body = `intro\n\nfirst\n${'x\n'.repeat(MAX_BLOCK_LINES + 10)}`;
    const blocks = lineBlocks(textLines(body));
    expect(blocks.next().value).toEqual({ firstLine: 1, lines: ['intro'] });
    expect(failure(() => blocks.next())).toMatchObject({ status: 422, line: 3 });
    expect([...lineBlocks(textLines(`a\n${'x\n'.repeat(MAX_BLOCK_LINES - 1)}`))]).toHaveLength(1);
  });

  it.each([
    ['Alice: hi', { speaker: 'Alice', text: 'hi' }],
    ['  Dr. Who :\tthere  ', { speaker: 'Dr. Who', text: 'there' }],
    ['Bob:', { speaker: 'Bob', text: '' }],
    ['Team: Blue: hi', { speaker: 'Team', text: 'Blue: hi' }],
    ['- Carol: Agreed!', { speaker: 'Carol', text: 'Agreed!' }],
    ['>> Carol: Agreed!', { speaker: 'Carol', text: 'Agreed!' }],
    ['>>Carol: Agreed!', { speaker: 'Carol', text: 'Agreed!' }],
    ['- no speaker here', undefined],
    ['at 10:30 we met', undefined],
    ['see https://example.com: now', undefined],
    ['Alice:hi', undefined],
    [': hi', undefined],
    [`${'x'.repeat(201)}: hi`, undefined],
    [`${'x'.repeat(200)}: hi`, { speaker: 'x'.repeat(200), text: 'hi' }],
  ])('reads the speaker label of %j', (line, expected) => {
    expect(splitSpeakerLabel(line)).toEqual(expected);
  });

  it('turns line breaks and the space around them into one space', () => {
    expect(singleLine('  a \r\n\r\n  b\nc\td  ')).toBe('a b c\td');
  });
});
