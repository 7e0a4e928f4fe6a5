import { parseSrt } from './parse-srt';
import { failure } from './format-failure.testing';

const lines = (...text: string[]) => text.join('\n');

describe('parseSrt', () => {
  it('reads numbered blocks with speakers, formatting and multi-line text', () => {
    const body = [
      '\uFEFF1',
      '00:00:01,000 --> 00:00:04,000',
      'Alice: Good <i>morning</i>,',
      'everyone.',
      '',
      '',
      '2',
      '00:00:04,500 --> 00:00:06,000 X1:100 X2:600 Y1:50 Y2:80',
      '{\\an8}<font color="#ffff00">Bob:</font> {vocalsound} Hi',
      '',
      '007',
      '100:00:00.000 --> 100:00:01,250',
      'See you at 10:30 -- bring the deck',
      '',
    ].join('\r\n');
    expect(parseSrt(body)).toEqual([
      { segmentId: 'srt-1', speaker: 'Alice', startMs: 1000, endMs: 4000, text: 'Good morning, everyone.' },
      { segmentId: 'srt-2', speaker: 'Bob', startMs: 4500, endMs: 6000, text: '{vocalsound} Hi' },
      { segmentId: 'srt-7', speaker: 'Unknown', startMs: 360_000_000, endMs: 360_001_250, text: 'See you at 10:30 -- bring the deck' },
    ]);
  });

  it('keeps "&" and "<" that are not formatting, since SubRip has no escaping', () => {
    const [block] = parseSrt(lines('1', '00:00:00,000 --> 00:00:01,000', 'R&D: x < y &amp; <v Bob>'));
    expect(block).toMatchObject({ speaker: 'R&D', text: 'x < y &amp; <v Bob>' });
  });

  it('treats a "prefix" longer than a speaker name can be as text', () => {
    const sentence = `${'word '.repeat(50)}: and then`;
    const [block] = parseSrt(lines('1', '00:00:00,000 --> 00:00:01,000', sentence));
    expect(block).toMatchObject({ speaker: 'Unknown', text: sentence });
  });

  describe('syntax errors (400)', () => {
    it.each([
      [
        'a block without a number',
        lines('1', '00:00:00,000 --> 00:00:01,000', 'a', '', 'Intro', '00:00:01,000 --> 00:00:02,000', 'b'),
        5,
        'expected a subtitle number, got "Intro"',
      ],
      [
        'a block that starts with its timing line',
        lines('00:00:00,000 --> 00:00:01,000', 'a'),
        1,
        'a subtitle number line must come before the timing line',
      ],
      ['a number alone', lines('1', '00:00:00,000 --> 00:00:01,000', 'a', '', '2'), 6, 'subtitle 2 has no timing line'],
      [
        'a timing line without hours',
        lines('1', '00:01,000 --> 00:02,000', 'a'),
        2,
        'start time "00:01,000" is not a timestamp (expected hh:mm:ss,ttt)',
      ],
      [
        'a timing line without an arrow',
        lines('1', '00:00:01,000 - 00:00:02,000', 'a'),
        2,
        'expected a timing line such as "00:00:01,000 --> 00:00:04,000", got "00:00:01,000 - 00:00:02,000"',
      ],
      [
        'a missing blank line between blocks',
        lines('1', '00:00:00,000 --> 00:00:01,000', 'a', '2', '00:00:01,000 --> 00:00:02,000', 'b'),
        5,
        'a timing line inside subtitle text: separate subtitles with a blank line',
      ],
    ])('%s', (_name, body, line, problem) => {
      expect(failure(() => parseSrt(body))).toMatchObject({ status: 400, line, problem, message: `line ${line}: ${problem}` });
    });
  });

  describe('content errors (422)', () => {
    it.each([
      [
        'an end before the start',
        lines('1', '00:00:00,000 --> 00:00:01,000', 'a', '', '2', '00:00:05,000 --> 00:00:03,000', 'b'),
        6,
        'end time 00:00:03,000 is before start time 00:00:05,000',
      ],
      [
        'a repeated number',
        lines('1', '00:00:00,000 --> 00:00:01,000', 'a', '', '01', '00:00:01,000 --> 00:00:02,000', 'b'),
        5,
        'duplicate subtitle id "srt-1" (first used on line 1)',
      ],
      [
        'a block without text',
        lines('1', '00:00:00,000 --> 00:00:01,000', '', '2', '00:00:01,000 --> 00:00:02,000', 'b'),
        2,
        'the cue has no text',
      ],
      ['a speaker with nothing to say', lines('1', '00:00:00,000 --> 00:00:01,000', '<i>Alice:</i>'), 3, 'the cue has no text'],
      [
        'text over 20000 characters',
        lines('1', '00:00:00,000 --> 00:00:01,000', 'x'.repeat(20_001)),
        3,
        'text must be at most 20000 characters (it has 20001)',
      ],
    ])('%s', (_name, body, line, problem) => {
      expect(failure(() => parseSrt(body))).toMatchObject({ status: 422, line, problem, message: `line ${line}: ${problem}` });
    });

    it('refuses a body without subtitles', () => {
      expect(failure(() => parseSrt('\n\n  \n'))).toMatchObject({ status: 422, message: 'the transcript has no subtitles' });
    });
  });
});
