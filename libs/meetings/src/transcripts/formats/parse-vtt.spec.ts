import { parseVtt } from './parse-vtt';
import { failure } from './format-failure.testing';

const lines = (...text: string[]) => text.join('\n');

describe('parseVtt', () => {
  it('reads cues with identifiers, voices, prefixes, settings and markup, skipping header metadata and NOTE/STYLE/REGION blocks', () => {
    const body = lines(
      '\uFEFFWEBVTT - Weekly sync',
      'Kind: captions',
      'Language: en',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'REGION',
      'id:fred width:40%',
      '',
      'NOTE recorded in room 4',
      'spans two lines',
      '',
      'intro-1',
      '00:00:01.000 --> 00:00:04.500 align:start position:10%',
      '<v Alice Smith>Welcome <b>everyone</b>,',
      'let us <i>start</i>.</v>',
      '',
      '00:05.000 --> 00:07.250',
      'Bob: Thanks &amp; hi &lt;all&gt;',
      '',
      'NOTE',
      'a note on its own line',
      '',
      '01:00:00.000 --> 01:00:02.000',
      '<c.loud>No speaker <00:00:01.500>here</c>',
      '',
      'x:9',
      '01:00:02.000-->01:00:03.000',
      '<v.loud.fast Carol &amp; Co>Fine</v>',
    );
    expect(parseVtt(body)).toEqual([
      { segmentId: 'intro-1', speaker: 'Alice Smith', startMs: 1000, endMs: 4500, text: 'Welcome everyone, let us start.' },
      { segmentId: 'cue-2', speaker: 'Bob', startMs: 5000, endMs: 7250, text: 'Thanks & hi <all>' },
      { segmentId: 'cue-3', speaker: 'Unknown', startMs: 3_600_000, endMs: 3_602_000, text: 'No speaker here' },
      { segmentId: 'x:9', speaker: 'Carol & Co', startMs: 3_602_000, endMs: 3_603_000, text: 'Fine' },
    ]);
  });

  it('accepts CRLF and CR line endings and a header followed by a tab', () => {
    const cue = ['WEBVTT\tcaptions', '', '00:00.000 --> 00:01.000', 'Hello'];
    const expected = [{ segmentId: 'cue-1', speaker: 'Unknown', startMs: 0, endMs: 1000, text: 'Hello' }];
    expect(parseVtt(cue.join('\r\n'))).toEqual(expected);
    expect(parseVtt(cue.join('\r'))).toEqual(expected);
  });

  it('decodes character references once, so escaped escapes stay literal', () => {
    const [cue] = parseVtt(lines('WEBVTT', '', '00:00.000 --> 00:01.000', '&amp;lt; &#233;t&#xE9; &nbsp;&unknown; &#0;'));
    expect(cue.text).toBe('&lt; été \u00A0&unknown; &#0;');
  });

  it('takes the speaker prefix only from the first line, and only before a colon followed by a space', () => {
    const parsed = parseVtt(
      lines(
        'WEBVTT',
        '',
        '00:00.000 --> 00:01.000',
        'See you at 10:30',
        'Alice: not a speaker here',
        '',
        '00:01.000 --> 00:02.000',
        'Dana:',
        'on the next line',
      ),
    );
    expect(parsed.map((s) => [s.speaker, s.text])).toEqual([
      ['Unknown', 'See you at 10:30 Alice: not a speaker here'],
      ['Dana', 'on the next line'],
    ]);
  });

  it('prefers the voice tag to a prefix and keeps the prefix as text', () => {
    const [cue] = parseVtt(lines('WEBVTT', '', '00:00.000 --> 00:01.000', '<v Bob>Alice: said so'));
    expect(cue).toMatchObject({ speaker: 'Bob', text: 'Alice: said so' });
  });

  it('steps generated ids around identifiers the file already uses', () => {
    const parsed = parseVtt(lines('WEBVTT', '', '00:00.000 --> 00:01.000', 'one', '', 'cue-1', '00:01.000 --> 00:02.000', 'two'));
    expect(parsed.map((s) => s.segmentId)).toEqual(['cue-1-2', 'cue-1']);
  });

  it('allows zero-length cues and hours beyond 99', () => {
    const [cue] = parseVtt(lines('WEBVTT', '', '123:00:00.000 --> 123:00:00.000', 'late'));
    expect(cue).toMatchObject({ startMs: 123 * 3_600_000, endMs: 123 * 3_600_000 });
  });

  describe('syntax errors (400)', () => {
    it.each([
      ['an empty body', '', 1, 'missing "WEBVTT" header: the first line must be "WEBVTT", got ""'],
      [
        'a missing header',
        lines('00:00.000 --> 00:01.000', 'hi'),
        1,
        'missing "WEBVTT" header: the first line must be "WEBVTT", got "00:00.000 --> 00:01.000"',
      ],
      [
        'a header word run on',
        lines('WEBVTTX', '', '00:00.000 --> 00:01.000', 'hi'),
        1,
        'missing "WEBVTT" header: the first line must be "WEBVTT", got "WEBVTTX"',
      ],
      [
        'no blank line after the header',
        lines('WEBVTT', '00:00.000 --> 00:01.000', 'hi'),
        2,
        'a blank line must separate the "WEBVTT" header from the first cue',
      ],
      [
        'a block that is not a cue',
        lines('WEBVTT', '', 'just some words', 'and more'),
        3,
        'expected a cue (an optional identifier line, then a timing line such as "00:00:01.000 --> 00:00:04.000"), got "just some words"',
      ],
      [
        'a start time without milliseconds',
        lines('WEBVTT', '', 'a', '00:00:01 --> 00:00:02.000', 'hi'),
        4,
        'start time "00:00:01" is not a timestamp (expected hh:mm:ss.ttt or mm:ss.ttt)',
      ],
      [
        'minutes past 59',
        lines('WEBVTT', '', '00:00.000 --> 00:75.000', 'hi'),
        3,
        'end time "00:75.000" is not a timestamp (expected hh:mm:ss.ttt or mm:ss.ttt)',
      ],
      [
        'a comma decimal separator',
        lines('WEBVTT', '', '00:00:00,000 --> 00:00:01,000', 'hi'),
        3,
        'start time "00:00:00,000" is not a timestamp (expected hh:mm:ss.ttt or mm:ss.ttt)',
      ],
      [
        'an arrow with no end time',
        lines('WEBVTT', '', '00:00.000 -->', 'hi'),
        3,
        'expected a timing line such as "00:00:01.000 --> 00:00:04.000", got "00:00.000 -->"',
      ],
      [
        'a missing blank line between cues',
        lines('WEBVTT', '', '00:00.000 --> 00:01.000', 'hi', '00:01.000 --> 00:02.000', 'there'),
        5,
        'cue text must not contain "-->": separate cues with a blank line, or write "--&gt;"',
      ],
    ])('%s', (_name, body, line, problem) => {
      const error = failure(() => parseVtt(body));
      expect(error).toMatchObject({ status: 400, line, problem });
      expect(error.message).toBe(`line ${line}: ${problem}`);
    });
  });

  describe('content errors (422)', () => {
    it('names the timing line when the end is before the start', () => {
      const body = lines(
        'WEBVTT', // 1
        '', // 2
        '1', // 3
        '00:00:00.000 --> 00:00:01.000', // 4
        'one', // 5
        '', // 6
        '2', // 7
        '00:00:01.000 --> 00:00:02.000', // 8
        'two', // 9
        '', // 10
        '3', // 11
        '00:00:05.000 --> 00:00:03.000', // 12
        'three', // 13
      );
      const error = failure(() => parseVtt(body));
      expect(error).toMatchObject({ status: 422, line: 12 });
      expect(error.message).toBe('line 12: end time 00:00:03.000 is before start time 00:00:05.000');
    });

    it.each([
      [
        'a cue without text',
        lines('WEBVTT', '', 'a', '00:00.000 --> 00:01.000', '', 'b', '00:01.000 --> 00:02.000', 'hi'),
        4,
        'the cue has no text',
      ],
      ['a cue of markup only', lines('WEBVTT', '', '00:00.000 --> 00:01.000', '<v Alice></v>', '<b> </b>'), 4, 'the cue has no text'],
      [
        'a speaker name over 200 characters',
        lines('WEBVTT', '', '00:00.000 --> 00:01.000', `<v ${'x'.repeat(201)}>hi`),
        4,
        'speaker must be at most 200 characters (it has 201)',
      ],
      [
        'a duplicate identifier',
        lines('WEBVTT', '', 'same', '00:00.000 --> 00:01.000', 'one', '', 'same', '00:01.000 --> 00:02.000', 'two'),
        7,
        'duplicate cue identifier "same" (first used on line 3)',
      ],
      [
        'an identifier that is not a segment id',
        lines('WEBVTT', '', 'Intro cue', '00:00.000 --> 00:01.000', 'hi'),
        3,
        'cue identifier "Intro cue" must be 1-128 characters of A-Z a-z 0-9 . _ : -',
      ],
      [
        'a time past what a segment can store',
        lines('WEBVTT', '', '00:00.000 --> 600:00:00.000', 'hi'),
        3,
        'end time 600:00:00.000 is later than the latest time a segment can have (596:31:23.647)',
      ],
    ])('%s', (_name, body, line, problem) => {
      expect(failure(() => parseVtt(body))).toMatchObject({ status: 422, line, problem, message: `line ${line}: ${problem}` });
    });

    it('refuses a file without cues', () => {
      expect(failure(() => parseVtt(lines('WEBVTT', '', 'NOTE nothing yet')))).toMatchObject({
        status: 422,
        line: undefined,
        message: 'the transcript has no cues',
      });
    });
  });
});
