import { builtinDetector } from '../detectors/builtin-detectors';
import { customDetector } from '../detectors/custom-detector';
import { checkCustomPattern } from './check-custom-pattern';
import { compilePolicy, defaultPolicy } from './masking-policy';
import { MaskingSession } from './masking-session';

const TEXT = 'Ada (ada@example.com) paid with 4111 1111 1111 1111; write to ada@example.com, not grace@example.org.';

describe('MaskingSession', () => {
  it('pseudonymises each value with one placeholder per value and maps the answer back', () => {
    const session = new MaskingSession(compilePolicy(defaultPolicy()));
    const masked = session.mask(TEXT);
    expect(masked.text).toBe('Ada ([EMAIL_1]) paid with [CARD_1]; write to [EMAIL_1], not [EMAIL_2].');
    expect(masked.spans.map((span) => [span.detector, span.replacement])).toEqual([
      ['email', '[EMAIL_1]'],
      ['card', '[CARD_1]'],
      ['email', '[EMAIL_1]'],
      ['email', '[EMAIL_2]'],
    ]);
    // A second message of the same request reuses the placeholders.
    expect(session.mask('Again: grace@example.org').text).toBe('Again: [EMAIL_2]');
    expect(session.unmask('Reply to [EMAIL_1] and [EMAIL_2]; [EMAIL_9] is not ours.')).toBe(
      'Reply to ada@example.com and grace@example.org; [EMAIL_9] is not ours.',
    );
    expect(session.unmaskDeep({ owner: '[EMAIL_1]', items: [{ note: 'card [CARD_1]' }], n: 3 })).toEqual({
      owner: 'ada@example.com',
      items: [{ note: 'card 4111 1111 1111 1111' }],
      n: 3,
    });
  });

  it('redacts and masks keeping the last four letters or digits; neither is mapped back', () => {
    const session = new MaskingSession([
      { detector: builtinDetector('card'), action: 'mask' },
      { detector: builtinDetector('email'), action: 'redact' },
    ]);
    const masked = session.mask(TEXT).text;
    expect(masked).toBe('Ada ([REDACTED]) paid with **** **** **** 1111; write to [REDACTED], not [REDACTED].');
    expect(session.unmask(masked)).toBe(masked);
  });

  it('skips placeholders the text already holds, so a user’s own `[EMAIL_1]` is never turned into an address', () => {
    const session = new MaskingSession(compilePolicy(defaultPolicy()));
    expect(session.mask('Template [EMAIL_1], real ada@example.com').text).toBe('Template [EMAIL_1], real [EMAIL_2]');
    expect(session.unmask('[EMAIL_1] / [EMAIL_2]')).toBe('[EMAIL_1] / ada@example.com');
  });

  it('custom rules win overlaps and name their placeholders; the first, longest match wins otherwise', () => {
    const session = new MaskingSession([
      { detector: customDetector('employee-id', 'EMPLOYEE_ID', 'emp-\\d{6}', true), action: 'pseudonymise' },
      ...compilePolicy(defaultPolicy()),
    ]);
    expect(session.mask('EMP-123456 and emp-123456 called +44 20 7946 0958').text).toBe(
      '[EMPLOYEE_ID_1] and [EMPLOYEE_ID_2] called [PHONE_1]',
    );
  });

  it('leaves text alone when masking is off', () => {
    const session = new MaskingSession(compilePolicy({ ...defaultPolicy(), enabled: false }));
    expect(session.active).toBe(false);
    expect(session.mask(TEXT)).toEqual({ text: TEXT, spans: [] });
  });
});

describe('MaskingSession.streamUnmasker', () => {
  const session = new MaskingSession(compilePolicy(defaultPolicy()));
  session.mask('ada@example.com and +44 20 7946 0958');

  const stream = (deltas: string[]) => {
    const unmasker = session.streamUnmasker();
    const out = deltas.map((delta) => unmasker.push(delta));
    out.push(unmasker.end());
    return out;
  };

  it('puts back placeholders split across deltas, holding back only what may still become one', () => {
    const out = stream(['Write to [EMA', 'IL', '_1', '] or call [', 'PHONE_1]', '.']);
    expect(out.join('')).toBe('Write to ada@example.com or call +44 20 7946 0958.');
    expect(out[0]).toBe('Write to ');
    expect(out).not.toContainEqual(expect.stringContaining('['));
  });

  it('every split of an answer gives the same text', () => {
    const answer = 'Contact [EMAIL_1] ([PHONE_1]) about [note] and [EMAIL_1].';
    const expected = session.unmask(answer);
    for (let i = 0; i <= answer.length; i++) {
      for (let j = i; j <= answer.length; j += 3) {
        expect(stream([answer.slice(0, i), answer.slice(i, j), answer.slice(j)]).join('')).toBe(expected);
      }
    }
    for (const piece of [1, 2]) {
      const deltas = answer.match(new RegExp(`[\\s\\S]{1,${piece}}`, 'g'))!;
      expect(stream(deltas).join('')).toBe(expected);
    }
  });

  it('lets go of a `[` that cannot become a placeholder, and flushes an unfinished one at the end', () => {
    expect(stream(['see [1', '] and [x'])).toEqual(['see [1', '] and [x', '']);
    expect(stream(['cut off [EMAIL_'])).toEqual(['cut off ', '[EMAIL_']);
  });
});

describe('checkCustomPattern', () => {
  it('accepts a plain RE2 pattern', () => {
    expect(checkCustomPattern('EMP-\\d{6}', false)).toBeNull();
  });

  it('refuses nested quantifiers, RE2-incompatible syntax and patterns matching the empty string', () => {
    expect(checkCustomPattern('(a+)+$', false)?.slug).toBe('unsafe-pattern');
    expect(checkCustomPattern('(\\w+\\s?)*x', false)?.slug).toBe('unsafe-pattern');
    expect(checkCustomPattern('(a)\\1', false)?.slug).toBe('invalid-pattern');
    expect(checkCustomPattern('(?=x)y', false)?.slug).toBe('invalid-pattern');
    expect(checkCustomPattern('[unclosed', false)?.slug).toBe('invalid-pattern');
    expect(checkCustomPattern('a*', false)?.slug).toBe('invalid-pattern');
  });
});
