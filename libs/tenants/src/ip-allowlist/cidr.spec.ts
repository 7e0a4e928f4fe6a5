import { ipAllowed, normaliseIp, parseCidr } from './cidr';

describe('CIDR allowlists', () => {
  it('parses IPv4 and IPv6 CIDRs and bare addresses', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('2001:db8::/32')).toEqual({ address: '2001:db8::', prefix: 32, family: 'ipv6' });
    expect(parseCidr('203.0.113.7')).toEqual({ address: '203.0.113.7', prefix: 32, family: 'ipv4' });
  });

  it('parses the edge prefixes, and a bare IPv6 address as /128', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ address: '0.0.0.0', prefix: 0, family: 'ipv4' });
    expect(parseCidr('203.0.113.7/32')).toEqual({ address: '203.0.113.7', prefix: 32, family: 'ipv4' });
    expect(parseCidr('::/0')).toEqual({ address: '::', prefix: 0, family: 'ipv6' });
    expect(parseCidr('2001:db8::1/128')).toEqual({ address: '2001:db8::1', prefix: 128, family: 'ipv6' });
    expect(parseCidr('2001:db8::1')).toEqual({ address: '2001:db8::1', prefix: 128, family: 'ipv6' });
    expect(parseCidr(' 10.0.0.0/8 ')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0/8',
    'example.com/24',
    '10.0.0.0/8/1',
    '10.0.0.0/x',
    '',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
    '10.0.0.0/1000',
    '256.0.0.1/32',
    '2001:db8:::1/64',
    '/8',
  ])('rejects %p', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });

  it('allows everything when the list is empty', () => {
    expect(ipAllowed('198.51.100.1', [])).toBe(true);
  });

  it('matches addresses inside and outside the ranges, IPv4-mapped IPv6 included', () => {
    const cidrs = ['10.0.0.0/8', '2001:db8::/32'];
    expect(ipAllowed('10.1.2.3', cidrs)).toBe(true);
    expect(ipAllowed('::ffff:10.1.2.3', cidrs)).toBe(true);
    expect(ipAllowed('11.0.0.1', cidrs)).toBe(false);
    expect(ipAllowed('2001:db8:1::5', cidrs)).toBe(true);
    expect(ipAllowed('2001:db9::5', cidrs)).toBe(false);
    expect(ipAllowed(undefined, cidrs)).toBe(false);
  });

  it('reads an IPv4-mapped IPv6 client as IPv4, in any case and spelling', () => {
    expect(normaliseIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(normaliseIp('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normaliseIp('2001:db8::1')).toBe('2001:db8::1');
    const cidrs = ['10.0.0.0/8'];
    expect(ipAllowed('::FFFF:10.1.2.3', cidrs)).toBe(true);
    expect(ipAllowed('::ffff:11.1.2.3', cidrs)).toBe(false);
    // The hexadecimal spelling of ::ffff:10.1.2.3, and the long form.
    expect(ipAllowed('::ffff:a01:203', cidrs)).toBe(true);
    expect(ipAllowed('0:0:0:0:0:ffff:10.1.2.3', cidrs)).toBe(true);
  });

  it('matches an IPv4 client against a range written as IPv4-mapped IPv6', () => {
    expect(ipAllowed('10.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(true);
    expect(ipAllowed('11.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(false);
  });

  it('allows every IPv4 address with /0, and no IPv6 one', () => {
    expect(ipAllowed('0.0.0.0', ['0.0.0.0/0'])).toBe(true);
    expect(ipAllowed('255.255.255.255', ['0.0.0.0/0'])).toBe(true);
    expect(ipAllowed('2001:db8::1', ['0.0.0.0/0'])).toBe(false);
  });

  it('allows every IPv6 address with ::/0, IPv4 ones included (they are ::ffff:0:0/96 inside it)', () => {
    expect(ipAllowed('2001:db8::1', ['::/0'])).toBe(true);
    expect(ipAllowed('10.1.2.3', ['::/0'])).toBe(true);
  });

  it('allows exactly one host with /32 and /128', () => {
    expect(ipAllowed('203.0.113.7', ['203.0.113.7/32'])).toBe(true);
    expect(ipAllowed('203.0.113.8', ['203.0.113.7/32'])).toBe(false);
    expect(ipAllowed('203.0.113.6', ['203.0.113.7/32'])).toBe(false);
    expect(ipAllowed('2001:db8::1', ['2001:db8::1/128'])).toBe(true);
    expect(ipAllowed('2001:db8::2', ['2001:db8::1/128'])).toBe(false);
    expect(ipAllowed('2001:db8::1', ['2001:db8::1'])).toBe(true);
  });

  it('matches the edges of a range and nothing past them', () => {
    const cidrs = ['192.0.2.64/26'];
    expect(ipAllowed('192.0.2.64', cidrs)).toBe(true);
    expect(ipAllowed('192.0.2.127', cidrs)).toBe(true);
    expect(ipAllowed('192.0.2.63', cidrs)).toBe(false);
    expect(ipAllowed('192.0.2.128', cidrs)).toBe(false);
  });

  it('refuses a client address that is missing or not an address, when there is a list', () => {
    for (const ip of [undefined, '', 'not-an-ip', '10.1.2', '10.1.2.3.4', '::ffff:10.1.2'])
      expect(ipAllowed(ip, ['0.0.0.0/0', '::/0'])).toBe(false);
  });

  it('skips entries that are not CIDRs, so a list of only those allows nobody', () => {
    expect(ipAllowed('10.1.2.3', ['garbage', '10.0.0.0/8'])).toBe(true);
    expect(ipAllowed('10.1.2.3', ['garbage', '10.0.0.0/33'])).toBe(false);
  });
});
