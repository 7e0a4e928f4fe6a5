import { BlockList, isIP } from 'node:net';

/** Parses `a.b.c.d/n` or `x:y::z/n` (a bare address means a single host); undefined when invalid. */
export function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const parts = cidr.trim().split('/');
  if (parts.length > 2) return undefined;
  const address = parts[0];
  // No prefix (a bare address) leaves it undefined.
  const prefixText = parts.at(1);
  const version = isIP(address);
  if (!version) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Express reports IPv4 clients on a dual-stack socket as ::ffff:a.b.c.d; match them as IPv4. */
export function normaliseIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

/** Whether an address falls inside any of the CIDRs (an empty list allows everything). */
export function ipAllowed(ip: string | undefined, cidrs: string[]): boolean {
  if (cidrs.length === 0) return true;
  if (!ip) return false;
  const address = normaliseIp(ip);
  const family = isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : undefined;
  if (!family) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list.check(address, family);
}
