import { PASSWORD_RULES, checkPassword } from './password-policy';

const COMMON = 'is one of the most commonly used passwords; choose something less predictable';

describe('checkPassword', () => {
  it('accepts a strong password', () => {
    expect(checkPassword('correct-Horse7-battery', {})).toEqual([]);
    expect(checkPassword('correct-Horse7-battery', { email: 'ada@example.com', name: 'Ada Lovelace' })).toEqual([]);
  });

  it('requires at least 12 characters and says how many there are', () => {
    expect(checkPassword('Sh0rt-Pass', {})).toEqual(['must be at least 12 characters long (it has 10)']);
  });

  it('accepts exactly 12 characters and refuses 11', () => {
    expect(checkPassword('Horse7-Batte', {})).toEqual([]);
    expect(checkPassword('Horse7-Batt', {})).toEqual(['must be at least 12 characters long (it has 11)']);
  });

  it('counts a composed character once however it was typed (NFC)', () => {
    // "Café-Horse7" is 11 characters; typed with a combining accent it is 12 code points.
    const decomposed = 'Cafe\u0301-Horse7';
    expect([...decomposed]).toHaveLength(12);
    expect(checkPassword(decomposed, {})).toEqual(['must be at least 12 characters long (it has 11)']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPassword('Aa1!🙂🙂🙂🙂', {})).toEqual(['must be at least 12 characters long (it has 8)']);
  });

  it('rejects more than 256 characters', () => {
    const long = `Aa1!${'x'.repeat(253)}`;
    expect(checkPassword(long, {})).toEqual(['must be at most 256 characters long (it has 257)']);
    expect(checkPassword(long.slice(0, -1), {})).toEqual([]);
  });

  it.each([
    ['correct-horse7-battery', 'must contain an uppercase letter'],
    ['CORRECT-HORSE7-BATTERY', 'must contain a lowercase letter'],
    ['correct-Horse-battery', 'must contain a digit'],
    ['correctHorse7battery', 'must contain a symbol (a character that is not a letter or digit)'],
  ])('%s: %s', (password, message) => {
    expect(checkPassword(password, {})).toEqual([message]);
  });

  it('recognises letters and digits beyond ASCII', () => {
    expect(checkPassword('ÉCOLE-été-٣٤-plage', {})).toEqual([]);
    expect(checkPassword('écoleétéplage٣', {})).toEqual([
      'must contain an uppercase letter',
      'must contain a symbol (a character that is not a letter or digit)',
    ]);
  });

  it('does not count combining marks as symbols', () => {
    // Devanagari vowel signs and the virama are marks (\p{M}), part of their letters.
    expect(checkPassword('Namaste7नमस्तेजी', {})).toEqual(['must contain a symbol (a character that is not a letter or digit)']);
    expect(checkPassword('Namaste7-नमस्तेजी', {})).toEqual([]);
  });

  it('treats a space as a symbol', () => {
    expect(checkPassword('correct Horse7 battery', {})).toEqual([]);
  });

  it('reports every violation at once', () => {
    expect(checkPassword('abc', {})).toEqual([
      'must be at least 12 characters long (it has 3)',
      'must contain an uppercase letter',
      'must contain a digit',
      'must contain a symbol (a character that is not a letter or digit)',
    ]);
  });

  describe('email', () => {
    it('rejects the whole address, whatever the case', () => {
      expect(checkPassword('X1!Ada.King@Example.com', { email: 'ada.king@example.com' })).toEqual(['must not contain your email address']);
    });

    it('rejects the local part', () => {
      expect(checkPassword('Zebra-ada.king-42', { email: 'Ada.King@example.com' })).toEqual([
        'must not contain the part of your email address before the @',
      ]);
    });

    it('ignores local parts shorter than 3 characters', () => {
      expect(checkPassword('correct-Horse7-battery-al', { email: 'al@example.com' })).toEqual([]);
    });

    it('compares the local part however its accents were typed', () => {
      expect(checkPassword('Horse7-zoe\u0308-battery', { email: 'Zoë@example.com' })).toEqual([
        'must not contain the part of your email address before the @',
      ]);
    });

    it('reports the whole address once, not the local part as well', () => {
      expect(checkPassword('Horse7-ada.king@example.com', { email: 'ada.king@example.com' })).toEqual([
        'must not contain your email address',
      ]);
    });

    it('ignores a missing or blank email', () => {
      expect(checkPassword('correct-Horse7-battery', { email: '  ' })).toEqual([]);
    });
  });

  it('rejects a part of the name of 3 or more characters', () => {
    expect(checkPassword('lovelace-Horse7-battery', { name: 'Ada Lovelace' })).toEqual(['must not contain your name']);
    expect(checkPassword('correct-Horse7-battery-Al', { name: 'Al Xu' })).toEqual([]);
  });

  it('finds any part of the name in any case, however the name is spaced', () => {
    expect(checkPassword('Horse7-LOVELACE-battery', { name: '  Ada   Lovelace ' })).toEqual(['must not contain your name']);
    expect(checkPassword('Horse7-ada-battery', { name: 'Ada\tLovelace' })).toEqual(['must not contain your name']);
  });

  it('reports the email and the name together with the other rules', () => {
    expect(checkPassword('adalovelace', { email: 'adalovelace@example.com', name: 'Ada Lovelace' })).toEqual([
      'must be at least 12 characters long (it has 11)',
      'must contain an uppercase letter',
      'must contain a digit',
      'must contain a symbol (a character that is not a letter or digit)',
      'must not contain the part of your email address before the @',
      'must not contain your name',
    ]);
  });

  describe('common passwords', () => {
    it('rejects a listed password in any case', () => {
      expect(checkPassword('PASSWORD', {})).toContain(COMMON);
      expect(checkPassword('Trustno1', {})).toContain(COMMON);
    });

    it('rejects a listed password decorated with trailing digits and symbols, for that reason only', () => {
      expect(checkPassword('Password123!', {})).toEqual([COMMON]);
      expect(checkPassword('Baseball2024!!', {})).toEqual([COMMON]);
    });

    it('does not strip down to fragments shorter than 4 characters', () => {
      // "mad" is in the list, but too short a stem to condemn everything that starts with it.
      expect(checkPassword('Mad123456789!', {})).toEqual([]);
    });

    it('accepts a listed word inside a longer passphrase', () => {
      expect(checkPassword('Password-Horse7-battery', {})).toEqual([]);
    });
  });

  it('describes the rules for API docs', () => {
    expect(PASSWORD_RULES).toContain('12');
    expect(PASSWORD_RULES).toContain('256');
  });
});
