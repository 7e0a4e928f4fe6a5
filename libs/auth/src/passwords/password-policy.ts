import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
/** Upper bound so a client cannot make every hash (and every policy check) arbitrarily expensive. */
export const PASSWORD_MAX_LENGTH = 256;
/** Below this, a stripped variant like "abc" from "Abc123456789!" is too short to be meaningful. */
const MIN_STRIPPED_COMMON_LENGTH = 4;
/** Shorter email local parts or name parts ("jo", "al") would reject far too many good passwords. */
const MIN_PERSONAL_PART_LENGTH = 3;

export const PASSWORD_RULES =
  `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, with at least one uppercase letter, one lowercase letter, ` +
  'one digit and one symbol; must not contain your email address or name, and must not be a commonly used password.';

export interface PasswordContext {
  email?: string;
  name?: string;
}

const UPPERCASE = /\p{Lu}/u;
const LOWERCASE = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
// Combining marks count as part of a letter (NFD accents, Indic vowel signs), not as symbols.
const SYMBOL = /[^\p{L}\p{M}\p{Nd}]/u;
const TRAILING_NON_LETTERS = /[^\p{L}\p{M}]+$/u;

/**
 * Returns every rule the password breaks, as messages that complete the
 * sentence "Password ..." (an empty array means it is acceptable). All
 * violations are reported at once so the user can fix them in one go.
 */
export function checkPassword(password: string, context: PasswordContext = {}): string[] {
  // NFC so that the same visible password counts and compares the same whichever keyboard or OS produced it.
  const normalized = password.normalize('NFC');
  const lower = normalized.toLowerCase();
  const violations: string[] = [];

  // Code points, not UTF-16 units: an emoji is one character to the user.
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) violations.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long (it has ${length})`);
  if (length > PASSWORD_MAX_LENGTH) violations.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long (it has ${length})`);

  if (!UPPERCASE.test(normalized)) violations.push('must contain an uppercase letter');
  if (!LOWERCASE.test(normalized)) violations.push('must contain a lowercase letter');
  if (!DIGIT.test(normalized)) violations.push('must contain a digit');
  if (!SYMBOL.test(normalized)) violations.push('must contain a symbol (a character that is not a letter or digit)');

  const emailViolation = checkEmail(lower, context.email);
  if (emailViolation) violations.push(emailViolation);
  if (containsName(lower, context.name)) violations.push('must not contain your name');

  if (isCommon(lower)) violations.push('is one of the most commonly used passwords; choose something less predictable');

  return violations;
}

function checkEmail(lowerPassword: string, email: string | undefined): string | undefined {
  const address = email?.trim().normalize('NFC').toLowerCase();
  if (!address) return undefined;
  if (lowerPassword.includes(address)) return 'must not contain your email address';
  const at = address.lastIndexOf('@');
  const localPart = at > 0 ? address.slice(0, at) : address;
  if (localPart.length >= MIN_PERSONAL_PART_LENGTH && lowerPassword.includes(localPart)) {
    return 'must not contain the part of your email address before the @';
  }
  return undefined;
}

function containsName(lowerPassword: string, name: string | undefined): boolean {
  const parts = (name ?? '').normalize('NFC').toLowerCase().split(/\s+/u);
  return parts.some((part) => part.length >= MIN_PERSONAL_PART_LENGTH && lowerPassword.includes(part));
}

/** Catches the list entries themselves and their "Password123!" style decorations. */
function isCommon(lowerPassword: string): boolean {
  if (isCommonPassword(lowerPassword)) return true;
  const stripped = lowerPassword.replace(TRAILING_NON_LETTERS, '');
  return [...stripped].length >= MIN_STRIPPED_COMMON_LENGTH && stripped !== lowerPassword && isCommonPassword(stripped);
}
