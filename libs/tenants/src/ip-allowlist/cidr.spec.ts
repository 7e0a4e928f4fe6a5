import { ipAllowed, parseCidr } from './cidr';

describe('CIDR allowlists', () => {
  it('parses IPv4 and IPv6 CIDRs and bare addresses', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('2001:db8::/32')).toEqual({ address: '2001:db8::', prefix: 32, family: 'ipv6' });
    expect(parseCidr('203.0.113.7')).toEqual({ address: '203.0.113.7', prefix: 32, family: 'ipv4' });
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0/8', 'example.com/24', '10.0.0.0/8/1', '10.0.0.0/x', ''])('rejects %p', (cidr) => {
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
});
