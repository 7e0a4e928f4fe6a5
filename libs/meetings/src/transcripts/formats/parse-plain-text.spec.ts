import { estimateDurationMs, parsePlainText } from './parse-plain-text';
import { failure } from './format-failure.testing';

const lines = (...text: string[]) => text.join('\n');

describe('estimateDurationMs', () => {
  it('allows 400 ms per word (150 words a minute) and at least a second', () => {
    expect(estimateDurationMs('one two three four five six seven eight nine ten')).toBe(4000);
    expect(estimateDurationMs('Hi')).toBe(1000);
    expect(estimateDurationMs('')).toBe(1000);
  });

  it('does not count punctuation tokens as words', () => {
    expect(estimateDurationMs("OK , we 're on . So , yes ?")).toBe(estimateDurationMs("OK we 're on So yes"));
  });
});

describe('parsePlainText', () => {
  it('makes one segment per speaker line with ids from line numbers and back-to-back synthetic times', () => {
    const body = lines(
      '', // 1
      'Alice Smith: Welcome, everyone.', // 2
      '   ', // 3
      'Bob:   one two three four five six seven eight nine ten  ', // 4
      'Alice Smith: Thanks Bob.', // 5
    );
    expect(parsePlainText(body)).toEqual([
      { segmentId: 'line-2', speaker: 'Alice Smith', startMs: 0, endMs: 1000, text: 'Welcome, everyone.' },
      { segmentId: 'line-4', speaker: 'Bob', startMs: 1000, endMs: 5000, text: 'one two three four five six seven eight nine ten' },
      { segmentId: 'line-5', speaker: 'Alice Smith', startMs: 5000, endMs: 6000, text: 'Thanks Bob.' },
    ]);
  });

  it('joins lines without a speaker prefix to the previous segment', () => {
    const body = lines(
      'Alice: First point',
      'wraps onto this line',
      '',
      'and this paragraph.',
      'Bob:',
      'Speaks on the next line',
      'at 10:30, see https://example.com',
    );
    expect(parsePlainText(body).map((s) => [s.segmentId, s.speaker, s.text])).toEqual([
      ['line-1', 'Alice', 'First point wraps onto this line and this paragraph.'],
      ['line-5', 'Bob', 'Speaks on the next line at 10:30, see https://example.com'],
    ]);
  });

  it('reads a would-be name over 200 characters as a continuation, not a speaker', () => {
    const long = `${'word '.repeat(45)}: more`;
    expect(parsePlainText(lines('Alice: hi', long))).toEqual([expect.objectContaining({ speaker: 'Alice', text: `hi ${long.trim()}` })]);
  });

  it('handles CRLF and a byte order mark', () => {
    expect(parsePlainText('\uFEFFA: one\r\nB: two\r\n')).toMatchObject([
      { segmentId: 'line-1', speaker: 'A' },
      { segmentId: 'line-2', speaker: 'B' },
    ]);
  });

  it('needs a speaker on the first non-empty line (400)', () => {
    const error = failure(() => parsePlainText(lines('', 'Hello there', 'Alice: hi')));
    expect(error).toMatchObject({ status: 400, line: 2 });
    expect(error.message).toBe(
      'line 2: expected "Speaker: text" (a name of up to 200 characters without colons, a colon, a space, then the text), got "Hello there"',
    );
  });

  it('refuses a speaker line with no text (422)', () => {
    expect(failure(() => parsePlainText(lines('Alice: hi', 'Bob:', '', 'Carol: yes')))).toMatchObject({
      status: 422,
      line: 2,
      message: 'line 2: text is empty (nothing follows "Bob:")',
    });
  });

  it('refuses text over 20000 characters at the line that starts it (422)', () => {
    const error = failure(() => parsePlainText(lines('Alice: hi', 'Bob: start', 'x'.repeat(20_000))));
    expect(error).toMatchObject({ status: 422, line: 2, message: 'line 2: text must be at most 20000 characters (it has 20006)' });
  });

  it.each([
    ['an empty body', ''],
    ['only blank lines', ' \n\t\n'],
  ])('refuses %s (422)', (_name, body) => {
    expect(failure(() => parsePlainText(body))).toMatchObject({ status: 422, line: undefined, message: 'the transcript has no lines' });
  });
});
