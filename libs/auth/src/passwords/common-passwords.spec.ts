import { readFileSync } from 'node:fs';
import { COMMON_PASSWORDS_FILE, getCommonPasswords, isCommonPassword, parseCommonPasswords } from './common-passwords';

describe('common passwords', () => {
  it('loads the 10,000 entries of the list, once', () => {
    const list = getCommonPasswords();
    expect(list.size).toBe(10_000);
    expect(getCommonPasswords()).toBe(list);
  });

  it('contains the usual suspects, lowercased', () => {
    const list = getCommonPasswords();
    expect(list.has('password')).toBe(true);
    expect(list.has('123456')).toBe(true);
    expect([...list].every((entry) => entry === entry.toLowerCase())).toBe(true);
    expect(isCommonPassword('PassWord')).toBe(true);
    expect(isCommonPassword('correct-horse7-battery')).toBe(false);
  });

  it('keeps the provenance header out of the set', () => {
    expect(readFileSync(COMMON_PASSWORDS_FILE, 'utf8').startsWith('# ')).toBe(true);
    expect([...getCommonPasswords()].some((entry) => entry.startsWith('#'))).toBe(false);
  });

  it('skips comments and blank lines and lowercases entries', () => {
    expect([...parseCommonPasswords('# header\r\nDragon\n\n  monkey  \n#another\n')]).toEqual(['dragon', 'monkey']);
  });
});
