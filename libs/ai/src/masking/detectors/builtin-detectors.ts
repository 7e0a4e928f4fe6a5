import { isIPv6 } from 'node:net';
import type { Detector, Span } from './detector';
import { passesIbanChecksum } from './iban-checksum';
import { IBAN_LENGTHS } from './iban-lengths';
import { passesLuhn } from './luhn';

export const BUILTIN_DETECTORS = ['email', 'phone', 'card', 'iban', 'ipv4', 'ipv6'] as const;
export type BuiltinDetectorName = (typeof BUILTIN_DETECTORS)[number];

/**
 * A candidate pattern and the check a candidate must pass. The patterns are ours and use only bounded
 * quantifiers, so they run in time linear in the text; the checks (Luhn, mod 97, the address parser)
 * are what keep near misses such as order numbers or dates from being masked.
 */
function patternDetector(id: BuiltinDetectorName, label: string, pattern: RegExp, accept: (value: string) => boolean | number): Detector {
  return {
    id,
    label,
    find(text: string): Span[] {
      const spans: Span[] = [];
      for (const match of text.matchAll(pattern)) {
        const accepted = accept(match[0]);
        if (accepted === false) continue;
        spans.push({ start: match.index, end: match.index + (accepted === true ? match[0].length : accepted) });
      }
      return spans;
    },
  };
}

/**
 * The part of a candidate that is a valid IBAN, as a length, or false. A grouped IBAN's pattern also takes in the
 * next word (`… 7654 32 or`); the country's IBAN length says where the number ends, and for a country not in the
 * registry, the longest prefix that ends at a word and passes the checksum.
 */
function ibanPrefix(candidate: string): number | false {
  const length = IBAN_LENGTHS[candidate.slice(0, 2).toUpperCase()];
  for (let end = candidate.length; end >= 15; end--) {
    if (end < candidate.length && candidate[end] !== ' ') continue;
    if (length !== undefined && candidate.slice(0, end).replaceAll(' ', '').length !== length) continue;
    if (passesIbanChecksum(candidate.slice(0, end))) return end;
  }
  return false;
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** ISO dates and times look like phone numbers to a pattern; a transcript is full of them. */
const DATE_LIKE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/;

const DETECTORS: Record<BuiltinDetectorName, Detector> = {
  email: patternDetector(
    'email',
    'EMAIL',
    /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w-])/g,
    () => true,
  ),
  // E.164 allows at most 15 digits; fewer than 8 is an extension or a count. Without a country prefix, 9 or more.
  phone: patternDetector('phone', 'PHONE', /(?<![\w+-])(?:\+|00)?\(?\d[\d\s().-]{5,20}\d(?![\w])/g, (value) => {
    const digits = digitsOf(value).length;
    const international = value.startsWith('+') || value.startsWith('00');
    if (DATE_LIKE.test(value.trim()) || /\s{2}|\n/.test(value)) return false;
    return digits <= 15 && digits >= (international ? 8 : 9);
  }),
  card: patternDetector('card', 'CARD', /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, (value) => passesLuhn(digitsOf(value))),
  iban: patternDetector('iban', 'IBAN', /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])/g, ibanPrefix),
  ipv4: patternDetector(
    'ipv4',
    'IP',
    /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)/g,
    () => true,
  ),
  ipv6: patternDetector(
    'ipv6',
    'IP',
    /(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g,
    // Clock times (10:30:00) and a lone `::` parse as candidates; only real addresses pass.
    (value) => isIPv6(value) && /[0-9A-Fa-f]{2}/.test(value),
  ),
};

export function builtinDetector(name: BuiltinDetectorName): Detector {
  return DETECTORS[name];
}
