import { locateJsonSyntaxError } from './json-syntax';
import { parseJsonTranscript } from './parse-json';
import { failure } from './format-failure.testing';

const segment = (overrides: Record<string, unknown> = {}) => ({
  segmentId: 's1',
  speaker: 'Alice',
  startMs: 0,
  endMs: 1000,
  text: 'Hello',
  ...overrides,
});
const wrapped = (...items: unknown[]) => JSON.stringify({ segments: items });

describe('parseJsonTranscript', () => {
  it('reads a bare array and a { segments } object, optional fields included, in canonical key order', () => {
    const full = {
      language: 'pt-BR',
      confidence: 0.93,
      text: 'Olá',
      endMs: 2500,
      startMs: 1000,
      participantId: 'p-1',
      speaker: 'Bia',
      segmentId: 'a.b:c_d-1',
    };
    const expected = [
      {
        segmentId: 'a.b:c_d-1',
        speaker: 'Bia',
        participantId: 'p-1',
        startMs: 1000,
        endMs: 2500,
        text: 'Olá',
        confidence: 0.93,
        language: 'pt-BR',
      },
    ];
    expect(parseJsonTranscript(JSON.stringify([full]))).toEqual(expected);
    const fromObject = parseJsonTranscript(`\uFEFF${wrapped(full)}`);
    expect(fromObject).toEqual(expected);
    expect(Object.keys(fromObject[0])).toEqual([
      'segmentId',
      'speaker',
      'participantId',
      'startMs',
      'endMs',
      'text',
      'confidence',
      'language',
    ]);
  });

  it('accepts the edges of every range', () => {
    const edges = segment({
      segmentId: 'x'.repeat(128),
      speaker: '🙂'.repeat(200),
      text: '🙂'.repeat(20_000),
      startMs: 0,
      endMs: 0,
      confidence: 0,
      language: 'en',
    });
    expect(
      parseJsonTranscript(wrapped(edges, segment({ segmentId: 's2', startMs: 2_147_483_647, endMs: 2_147_483_647, confidence: 1 }))),
    ).toHaveLength(2);
  });

  describe('syntax errors (400) name the line', () => {
    it('a trailing comma', () => {
      const body = ['{', '  "segments": [', '    { "segmentId": "s1" },', '  ],', '}'].join('\n');
      const error = failure(() => parseJsonTranscript(body));
      expect(error).toMatchObject({ status: 400, line: 4, path: undefined });
      expect(error.message).toBe('line 4: invalid JSON: unexpected "]" where a value should be (column 3)');
    });

    it.each([
      ['an empty body', '', 1, 'the document ends too early (column 1)'],
      ['a truncated document', '[\n  {"segmentId": "s1",\n', 3, 'the document ends too early (column 1)'],
      ['single quotes', "{\r\n  'segments': []\r\n}", 2, 'expected a double-quoted property name, found "\'" (column 3)'],
      ['a missing colon', '{"segments" []}', 1, 'expected ":" after a property name, found "[" (column 13)'],
      ['a missing comma', '[\n{"a": 1}\n{"b": 2}]', 3, 'expected "," or "]", found "{" (column 1)'],
      ['a string that never ends', '[\n"abc]', 2, 'a string that never ends (column 1)'],
      [
        'a raw line break in a string',
        '["a\nb"]',
        1,
        'a line break or control character inside a string (write it as an escape such as \\n) (column 4)',
      ],
      ['a bad escape', '["a\\qb"]', 1, 'invalid escape "\\\\q" in a string (column 4)'],
      ['a short unicode escape', '["\\u12"]', 1, 'a \\u escape needs four hex digits (column 3)'],
      ['a leading zero', '[01]', 1, 'expected "," or "]", found "1" (column 3)'],
      ['a bare word', '[\n  yes\n]', 2, 'unexpected "y" where a value should be (column 3)'],
      ['text after the document', '[]\n[]', 2, 'unexpected "[" after the end of the document (column 1)'],
    ])('%s', (_name, body, line, problem) => {
      expect(failure(() => parseJsonTranscript(body))).toMatchObject({ status: 400, line, problem: `invalid JSON: ${problem}` });
    });

    it('survives nesting deeper than the call stack', () => {
      expect(failure(() => parseJsonTranscript('['.repeat(200_000)))).toMatchObject({
        status: 400,
        line: 1,
        problem: 'invalid JSON: the document ends too early (column 200001)',
      });
    });
  });

  it('finds no syntax error in valid JSON of every kind, so it never contradicts JSON.parse', () => {
    const valid = [
      '0',
      '-0.5e+10',
      '1E-5',
      '"\\u00e9\\n\\"\\/"',
      'true',
      'false',
      'null',
      '[]',
      '{}',
      ' [ [ ] , { } , { "a" : [ 1 , "x" ] } ] ',
      '\t\r\n{"":""}\n',
    ];
    for (const text of valid) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonSyntaxError(text)).toBeUndefined();
    }
  });

  describe('content errors (422) name the JSON path', () => {
    it.each([
      ['a document of the wrong shape', '42', undefined, 'expected an array of segments or an object { "segments": [...] }'],
      ['an object without segments', '{"items": []}', undefined, 'expected an array of segments or an object { "segments": [...] }'],
      ['an extra top-level property', '{"segments": [], "meeting": {}}', 'meeting', 'is not allowed: the document holds only "segments"'],
      ['segments that are not an array', '{"segments": {}}', 'segments', 'must be an array'],
      ['no segments', '{"segments": []}', undefined, 'the transcript has no segments'],
      ['an empty array', '[]', undefined, 'the transcript has no segments'],
      ['an item that is not an object', wrapped(segment(), 'hello'), 'segments[1]', 'must be an object'],
      [
        'an unknown property',
        wrapped(segment({ speakerName: 'A' })),
        'segments[0].speakerName',
        'is not a segment property (allowed: segmentId, speaker, participantId, startMs, endMs, text, confidence, language)',
      ],
      [
        'an unknown property with an odd name',
        wrapped(segment({ 'odd key': 1 })),
        'segments[0]["odd key"]',
        expect.stringMatching(/^is not a segment property/),
      ],
      ['a missing field', wrapped({ segmentId: 's1', speaker: 'A', startMs: 0, endMs: 1 }), 'segments[0].text', 'is required'],
      ['a field of the wrong type', wrapped(segment({ startMs: '0' })), 'segments[0].startMs', 'must be a number'],
      ['null for an optional field', wrapped(segment({ confidence: null })), 'segments[0].confidence', 'must be a number'],
      [
        'a negative time',
        wrapped(segment({ startMs: -1 })),
        'segments[0].startMs',
        'must be a whole number of milliseconds from 0 to 2147483647',
      ],
      [
        'a fractional time',
        wrapped(segment({ endMs: 10.5 })),
        'segments[0].endMs',
        'must be a whole number of milliseconds from 0 to 2147483647',
      ],
      [
        'a time past the storable range',
        wrapped(segment({ endMs: 2_147_483_648 })),
        'segments[0].endMs',
        'must be a whole number of milliseconds from 0 to 2147483647',
      ],
      [
        'an end before the start',
        wrapped(
          segment(),
          segment({ segmentId: 's2' }),
          segment({ segmentId: 's3' }),
          segment({ segmentId: 's4', startMs: 5000, endMs: 3000 }),
        ),
        'segments[3].endMs',
        'must not be before startMs (3000 < 5000)',
      ],
      [
        'a segment id with a space',
        wrapped(segment({ segmentId: 'seg 1' })),
        'segments[0].segmentId',
        'must be 1-128 characters of A-Z a-z 0-9 . _ : -',
      ],
      [
        'a segment id over 128 characters',
        wrapped(segment({ segmentId: 'x'.repeat(129) })),
        'segments[0].segmentId',
        'must be 1-128 characters of A-Z a-z 0-9 . _ : -',
      ],
      ['a blank speaker', wrapped(segment({ speaker: '  ' })), 'segments[0].speaker', 'must not be empty'],
      [
        'a speaker over 200 characters',
        wrapped(segment({ speaker: 'é'.repeat(201) })),
        'segments[0].speaker',
        'must be at most 200 characters (it has 201)',
      ],
      ['empty text', wrapped(segment({ text: '' })), 'segments[0].text', 'must not be empty'],
      [
        'text over 20000 characters',
        wrapped(segment({ text: '🙂'.repeat(20_001) })),
        'segments[0].text',
        'must be at most 20000 characters (it has 20001)',
      ],
      [
        'a NUL character, which PostgreSQL text cannot hold',
        wrapped(segment({ text: 'a\u0000b' })),
        'segments[0].text',
        'must not contain NUL characters',
      ],
      ['an empty participant id', wrapped(segment({ participantId: '' })), 'segments[0].participantId', 'must not be empty'],
      [
        'a participant id over 128 characters',
        wrapped(segment({ participantId: 'p'.repeat(129) })),
        'segments[0].participantId',
        'must be at most 128 characters (it has 129)',
      ],
      ['a confidence above 1', wrapped(segment({ confidence: 1.5 })), 'segments[0].confidence', 'must be a number from 0 to 1'],
      [
        'a language that is not a BCP 47 tag',
        wrapped(segment({ language: 'en_US' })),
        'segments[0].language',
        'must be a BCP 47 tag such as en or en-GB',
      ],
      [
        'a language over 35 characters',
        wrapped(segment({ language: `en${'-abcdefgh'.repeat(4)}` })),
        'segments[0].language',
        'must be at most 35 characters (it has 38)',
      ],
      [
        'a duplicate segment id',
        wrapped(segment(), segment({ segmentId: 's2' }), segment()),
        'segments[2].segmentId',
        'duplicates segments[0].segmentId "s1"',
      ],
      ['an error in a bare array', JSON.stringify([segment({ text: '   ' })]), '[0].text', 'must not be empty'],
    ])('%s', (_name, body, path, problem) => {
      const error = failure(() => parseJsonTranscript(body));
      expect(error).toMatchObject({ status: 422, line: undefined, path, problem });
      if (path !== undefined && typeof problem === 'string') expect(error.message).toBe(`${path}: ${problem}`);
    });
  });
});
