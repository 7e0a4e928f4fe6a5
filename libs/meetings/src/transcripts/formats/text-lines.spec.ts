import { singleLine, splitBlocks, splitLines, splitSpeakerLabel } from './text-lines';
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
    expect(splitLines('\uFEFFa\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('groups non-blank lines into numbered blocks', () => {
    expect(splitBlocks(['x', '', 'a', 'b', ' \t', '', 'c'], 1)).toEqual([
      { firstLine: 3, lines: ['a', 'b'] },
      { firstLine: 7, lines: ['c'] },
    ]);
  });

  it.each([
    ['Alice: hi', { speaker: 'Alice', text: 'hi' }],
    ['  Dr. Who :\tthere  ', { speaker: 'Dr. Who', text: 'there' }],
    ['Bob:', { speaker: 'Bob', text: '' }],
    ['Team: Blue: hi', { speaker: 'Team', text: 'Blue: hi' }],
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
