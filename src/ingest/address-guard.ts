// SSRF guard: decides whether an IP address may be connected to, and supplies a DNS `lookup`
// for net/http that applies that decision to every address a host name resolves to. Checking at
// connection time (not just when a URL is accepted) is what defeats DNS rebinding and redirects
// towards internal services.
import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'carrier-grade-nat'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid';

export interface AddressPolicy {
  /** Let every address through (a deliberate opt-out, e.g. for a feed on the local network). */
  allowPrivateAddresses: boolean;
  /** Exact addresses allowed even though they are not public, e.g. one intranet mirror. */
  allowedAddresses?: readonly string[] | undefined;
}

/** Raised through net's lookup callback, so the HTTP client can tell a refusal from a DNS failure. */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(`${hostname} ${describeRefusal(address, addressClass)}`);
    this.name = 'BlockedAddressError';
  }

  /** The refusal without the host name, for messages that already name the URL. */
  get reason(): string {
    return describeRefusal(this.address, this.addressClass);
  }
}

export function describeRefusal(address: string, addressClass: AddressClass): string {
  const label = addressClass === 'carrier-grade-nat' ? 'carrier-grade NAT' : addressClass;
  return `resolves to ${label} address ${address}`;
}

type Ipv4Range = readonly [network: string, prefixBits: number, addressClass: AddressClass];

// Order matters only where ranges nest: the broadcast address sits inside 240.0.0.0/4.
const IPV4_SPECIAL_RANGES: readonly Ipv4Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade-nat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation (TEST-NET-1)
  ['192.88.99.0', 24, 'reserved'], // retired 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // documentation (TEST-NET-2)
  ['203.0.113.0', 24, 'reserved'], // documentation (TEST-NET-3)
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

function isInIpv4Range(value: number, [network, prefixBits]: Ipv4Range): boolean {
  const blockSize = 2 ** (32 - prefixBits);
  return Math.floor(value / blockSize) === Math.floor(ipv4ToNumber(network) / blockSize);
}

function classifyIpv4Number(value: number): AddressClass {
  const range = IPV4_SPECIAL_RANGES.find((candidate) => isInIpv4Range(value, candidate));
  return range ? range[2] : 'public';
}

/** Parses a valid IPv6 text (as accepted by net.isIPv6) into its eight 16-bit groups. */
function ipv6ToGroups(address: string): number[] {
  const withoutZone = address.split('%')[0] ?? '';
  let text = withoutZone.toLowerCase();
  const dottedTail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dottedTail?.[1]) {
    const value = ipv4ToNumber(dottedTail[1]);
    const high = Math.floor(value / 0x10000).toString(16);
    const low = (value % 0x10000).toString(16);
    text = `${text.slice(0, dottedTail.index)}${high}:${low}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return groups.map((group) => parseInt(group, 16));
}

function embeddedIpv4(groups: readonly number[], firstGroupIndex: number): number {
  return (groups[firstGroupIndex] ?? 0) * 0x10000 + (groups[firstGroupIndex + 1] ?? 0);
}

function classifyIpv6Groups(groups: readonly number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstSixZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (firstSixZero && g6 === 0 && g7 === 0) return 'unspecified';
  if (firstSixZero && g6 === 0 && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d, so it is exactly as safe as that host.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return classifyIpv4Number(embeddedIpv4(groups, 6));
  }
  if (firstSixZero) return 'reserved'; // deprecated IPv4-compatible addresses
  // NAT64 (64:ff9b::/96) translates to the embedded IPv4 host; judge that host.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return classifyIpv4Number(embeddedIpv4(groups, 6));
  }
  // 6to4 (2002::/16) tunnels to the IPv4 host in groups 1-2.
  if (g0 === 0x2002) return classifyIpv4Number(embeddedIpv4(groups, 1));
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved'; // IETF special purpose, incl. Teredo
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  // Only 2000::/3 is allocated for global unicast; everything else is unassigned or special.
  if ((g0 & 0xe000) === 0x2000) return 'public';
  return 'reserved';
}

function stripBrackets(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}

/**
 * Classifies an IP address written in standard form (dotted IPv4 or IPv6, brackets allowed).
 * Anything else, including legacy IPv4 spellings such as 0177.0.0.1, is 'invalid' and so never
 * public: callers get such hosts normalised by the URL parser or resolved by DNS first.
 */
export function classifyAddress(address: string): AddressClass {
  const bare = stripBrackets(address.trim());
  if (net.isIPv4(bare)) return classifyIpv4Number(ipv4ToNumber(bare));
  if (net.isIPv6(bare)) return classifyIpv6Groups(ipv6ToGroups(bare));
  return 'invalid';
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

/** One spelling per address, so an allow-list entry matches however the resolver writes it. */
function addressKey(address: string): string {
  const bare = stripBrackets(address.trim());
  if (net.isIPv6(bare)) return ipv6ToGroups(bare).map((group) => group.toString(16)).join(':');
  return bare;
}

export type AddressVerdict = { allowed: true } | { allowed: false; addressClass: AddressClass };

export function checkAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const addressClass = classifyAddress(address);
  if (addressClass === 'public' || policy.allowPrivateAddresses) return { allowed: true };
  const key = addressKey(address);
  if (addressClass !== 'invalid' && policy.allowedAddresses?.some((allowed) => addressKey(allowed) === key)) {
    return { allowed: true };
  }
  return { allowed: false, addressClass };
}

/** A DNS lookup for net.connect / http.request that refuses a host if ANY of its addresses is refused. */
export function createGuardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      for (const { address } of addresses) {
        const verdict = checkAddress(address, policy);
        if (!verdict.allowed) {
          callback(new BlockedAddressError(hostname, address, verdict.addressClass), '');
          return;
        }
      }
      const first = addresses[0];
      if (options.all) {
        callback(null, addresses);
      } else if (first) {
        callback(null, first.address, first.family);
      } else {
        const notFound: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        notFound.code = 'ENOTFOUND';
        callback(notFound, '');
      }
    });
  };
}

/** The default, strict lookup: only public addresses. */
export const guardedLookup: LookupFunction = createGuardedLookup({ allowPrivateAddresses: false });
