import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Why an address may not be called from the server: the kind of network it belongs to. */
export type NonPublicKind =
  'unspecified' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'shared (CGNAT)' | 'multicast' | 'reserved';

const V4: [string, number, NonPublicKind][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6: [string, number, NonPublicKind][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'reserved'],
  ['ff00::', 8, 'multicast'],
];

/** One BlockList per kind, so a match says which kind it was. */
const LISTS: [NonPublicKind, BlockList][] = (() => {
  const byKind = new Map<NonPublicKind, BlockList>();
  const list = (kind: NonPublicKind) => byKind.get(kind) ?? byKind.set(kind, new BlockList()).get(kind)!;
  for (const [network, prefix, kind] of V4) list(kind).addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix, kind] of V6) list(kind).addSubnet(network, prefix, 'ipv6');
  return [...byKind.entries()];
})();

/**
 * The kind of non-public network `address` (an IP literal, as DNS or a URL gives it) belongs to, or
 * null for a public address. IPv6 forms that carry an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`,
 * the deprecated IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96` and 6to4 `2002::/16`) are judged
 * by the IPv4 address inside, since that is where a connection to them can end up. Anything that is
 * not an IP address at all is `reserved`: refusing is the safe answer to what cannot be classified.
 */
export function nonPublicKind(address: string): NonPublicKind | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return classify(bare, 'ipv4');
  if (!isIPv6(bare)) return 'reserved';
  const hextets = expandIPv6(bare.replace(/%.*$/, ''));
  const embedded = embeddedIPv4(hextets);
  if (embedded) return classify(embedded, 'ipv4') ?? (hextets.slice(0, 6).every((h) => h === 0) ? 'reserved' : null);
  return classify(bare.replace(/%.*$/, ''), 'ipv6');
}

function classify(address: string, family: 'ipv4' | 'ipv6'): NonPublicKind | null {
  for (const [kind, list] of LISTS) if (list.check(address, family)) return kind;
  return null;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part included). */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = text.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv6 address carries by one of the standard embeddings, if any. */
function embeddedIPv4(h: number[]): string | null {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; ::, ::1 are classified as IPv6 below).
  if (zeros(0, 5) && (h[5] === 0xffff || (h[5] === 0 && (h[6] !== 0 || h[7] > 1)))) return v4(h[6], h[7]);
  // 64:ff9b::a.b.c.d (NAT64, RFC 6052).
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return v4(h[6], h[7]);
  // 2002:AABB:CCDD::/48 (6to4).
  if (h[0] === 0x2002) return v4(h[1], h[2]);
  return null;
}
