import { type BuiltinDetectorName, builtinDetector } from './builtin-detectors';
import { passesIbanChecksum } from './iban-checksum';
import { passesLuhn } from './luhn';

const found = (name: BuiltinDetectorName, text: string) =>
  builtinDetector(name)
    .find(text)
    .map((span) => text.slice(span.start, span.end));

describe('built-in detectors', () => {
  it('Luhn: passes real test card numbers and fails one digit off', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('378282246310005')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });

  it('IBAN mod 97: passes real IBANs and fails a changed check digit or character', () => {
    expect(passesIbanChecksum('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(passesIbanChecksum('DE89370400440532013000')).toBe(true);
    expect(passesIbanChecksum('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(passesIbanChecksum('GB83 WEST 1234 5698 7654 32')).toBe(false);
    expect(passesIbanChecksum('GB82')).toBe(false);
  });

  it('email: addresses, not things that merely contain an @', () => {
    expect(found('email', 'Mail ada.lovelace+notes@example.co.uk, or grace@navy.mil.')).toEqual([
      'ada.lovelace+notes@example.co.uk',
      'grace@navy.mil',
    ]);
    expect(found('email', 'ping @grace at 10am; user@localhost; a@b.c')).toEqual([]);
  });

  it('phone: international and national numbers, not dates, times, years or short counts', () => {
    expect(found('phone', 'Call +44 20 7946 0958 or (555) 123-4567, or 0049 30 901820.')).toEqual([
      '+44 20 7946 0958',
      '(555) 123-4567',
      '0049 30 901820',
    ]);
    expect(found('phone', 'On 2026-11-02 at 10:30 we sold 1234567 units in 2025; ticket seg-123456789; 12/11/2026')).toEqual([]);
  });

  it('card: 13 to 19 digits with the Luhn check, spaced or dashed; near misses are left alone', () => {
    expect(found('card', 'Visa 4111 1111 1111 1111, MC 5500-0000-0000-0004, Amex 378282246310005.')).toEqual([
      '4111 1111 1111 1111',
      '5500-0000-0000-0004',
      '378282246310005',
    ]);
    expect(found('card', 'Order 4111 1111 1111 1112 and 1234567890123 and 12345678901234567890123')).toEqual([]);
  });

  it('iban: with a valid checksum, compact or grouped; a wrong checksum is left alone', () => {
    expect(found('iban', 'Pay GB82 WEST 1234 5698 7654 32 or DE89370400440532013000 today')).toEqual([
      'GB82 WEST 1234 5698 7654 32',
      'DE89370400440532013000',
    ]);
    expect(found('iban', 'Not GB82 WEST 1234 5698 7654 33 nor DE89370400440532013001')).toEqual([]);
  });

  it('ipv4: dotted quads in range, not versions or out-of-range numbers', () => {
    expect(found('ipv4', 'From 192.168.1.20 and 8.8.8.8.')).toEqual(['192.168.1.20', '8.8.8.8']);
    expect(found('ipv4', 'Version 1.2.3, address 999.1.1.1, 10.0.0.256, 1.2.3.4.5')).toEqual([]);
  });

  it('ipv6: full, compressed and IPv4-mapped addresses, not clock times or a lone ::', () => {
    expect(found('ipv6', 'Hosts 2001:db8::8a2e:370:7334, fe80:0:0:0:200:f8ff:fe21:67cf and ::ffff:192.0.2.1.')).toEqual([
      '2001:db8::8a2e:370:7334',
      'fe80:0:0:0:200:f8ff:fe21:67cf',
      '::ffff:192.0.2.1',
    ]);
    expect(found('ipv6', 'At 10:30:45, std::vector, a :: b, 12:00')).toEqual([]);
  });
});
