import { failure } from './format-failure.testing';
import { parseTranscript } from './parse-transcript';
import { MAX_TRANSCRIPT_SEGMENTS } from './segment';

/**
 * A hang guard, not a speed measure (those are in npm run bench): the refusals below scan 10 MB once, in
 * well under a second; a parser that went quadratic would take minutes. The bound leaves room for a
 * loaded two-core CI machine.
 */
const LINEAR_BOUND_MS = 5000;

const MAX = MAX_TRANSCRIPT_SEGMENTS;
const TOO_MANY = `the transcript has more than ${MAX} segments, the most one transcript may hold`;

/** Bodies of n minimal segments in each format, and the line (or JSON path) where segment number k (1-based) starts. */
const FORMATS = {
  'text/plain': { body: (n: number) => 'A: w\n'.repeat(n), where: (k: number) => ({ line: k }) },
  'text/vtt': {
    body: (n: number) => `WEBVTT\n\n${'00:00.000 --> 00:01.000\nw\n\n'.repeat(n)}`,
    where: (k: number) => ({ line: 3 + (k - 1) * 3 }),
  },
  'application/x-subrip': {
    body: (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}\n00:00:00,000 --> 00:00:01,000\nw\n\n`).join(''),
    where: (k: number) => ({ line: 1 + (k - 1) * 4 }),
  },
  'application/json': {
    body: (n: number) =>
      JSON.stringify({
        segments: Array.from({ length: n }, (_, i) => ({ segmentId: `s${i}`, speaker: 'A', startMs: 0, endMs: 0, text: 'w' })),
      }),
    where: (k: number) => ({ path: `segments[${k - 1}]` }),
  },
};

describe(`the cap of ${MAX} segments per transcript`, () => {
  it.each(Object.keys(FORMATS))('%s: takes exactly the cap', (mediaType) => {
    expect(parseTranscript(FORMATS[mediaType as keyof typeof FORMATS].body(MAX), mediaType)).toHaveLength(MAX);
  });

  it.each(Object.keys(FORMATS))('%s: refuses one more, naming where the first one too many starts', (mediaType) => {
    const format = FORMATS[mediaType as keyof typeof FORMATS];
    const error = failure(() => parseTranscript(format.body(MAX + 1), mediaType));
    expect(error).toMatchObject({
      status: 422,
      maxSegments: MAX,
      problem: TOO_MANY,
      line: undefined,
      path: undefined,
      ...format.where(MAX + 1),
    });
  });

  it('stops reading at the segment past the cap: a broken rest of the file is never reached', () => {
    const vtt = `${FORMATS['text/vtt'].body(MAX + 1)}not a cue\n`;
    expect(failure(() => parseTranscript(vtt, 'text/vtt'))).toMatchObject({ maxSegments: MAX, line: 3 + MAX * 3 });
    const json = `[${'{},'.repeat(MAX + 1)} oops`;
    expect(failure(() => parseTranscript(json, 'application/json'))).toMatchObject({ maxSegments: MAX, path: `[${MAX}]` });
  });

  it('counts a JSON list under an escaped "segments" key too', () => {
    const body = FORMATS['application/json'].body(MAX + 1).replace('"segments"', '"\\u0073egments"');
    expect(failure(() => parseTranscript(body, 'application/json'))).toMatchObject({ maxSegments: MAX, path: `segments[${MAX}]` });
  });

  it('refuses 10 MB of one-word lines at the line past the cap, in well under a second', () => {
    const body = 'A: w\n'.repeat(2_000_000);
    const started = Date.now();
    expect(failure(() => parseTranscript(body, 'text/plain'))).toMatchObject({ status: 422, maxSegments: MAX, line: MAX + 1 });
    expect(Date.now() - started).toBeLessThan(LINEAR_BOUND_MS);
  });
});

describe('10 MB of any shape is refused before it costs much', () => {
  const TEN_MB = 10_000_000;

  it.each([
    [
      'unclosed nesting',
      '['.repeat(TEN_MB),
      { status: 422, line: 1, problem: expect.stringMatching(/^the document holds more than 450002 JSON values/) },
    ],
    [
      'balanced nesting, which JSON.parse would build as millions of arrays',
      `${'['.repeat(TEN_MB / 2)}${']'.repeat(TEN_MB / 2)}`,
      { status: 422, problem: expect.stringMatching(/^the document holds more than/) },
    ],
    ['millions of empty objects', `[${'{},'.repeat(TEN_MB / 3 - 1)}{}]`, { status: 422, path: `[${MAX}]`, maxSegments: MAX }],
    [
      'one object with a million repeated keys',
      `[{${'"text":"a",'.repeat(TEN_MB / 11 - 1)}"text":"a"}]`,
      { status: 422, problem: expect.stringMatching(/^the document holds more than/) },
    ],
  ])('JSON: %s', (_name, body, expected) => {
    const started = Date.now();
    expect(failure(() => parseTranscript(body, 'application/json'))).toMatchObject(expected);
    expect(Date.now() - started).toBeLessThan(LINEAR_BOUND_MS);
  });

  it('plain text: a turn continued over millions of lines stops once its text is certainly too long', () => {
    const started = Date.now();
    expect(failure(() => parseTranscript(`A: w\n${'w\n'.repeat(TEN_MB / 2 - 5)}`, 'text/plain'))).toMatchObject({
      status: 422,
      line: 1,
      problem: 'text must be at most 20000 characters (it is longer than that by line 20001)',
    });
    expect(Date.now() - started).toBeLessThan(LINEAR_BOUND_MS);
  });

  it.each([
    ['text/vtt', `WEBVTT\n\n00:00.000 --> 00:01.000\n${'w\n'.repeat(TEN_MB / 2 - 20)}`, 3],
    ['application/x-subrip', `1\n00:00:00,000 --> 00:00:01,000\n${'w\n'.repeat(TEN_MB / 2 - 20)}`, 1],
  ])('%s: a cue of millions of lines is refused at its first line', (mediaType, body, line) => {
    const started = Date.now();
    expect(failure(() => parseTranscript(body, mediaType))).toMatchObject({
      status: 422,
      line,
      problem: expect.stringMatching(/^a block of more than 20002 lines cannot be a cue/),
    });
    expect(Date.now() - started).toBeLessThan(LINEAR_BOUND_MS);
  });
});
