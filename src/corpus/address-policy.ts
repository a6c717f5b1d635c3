import ipaddr from 'ipaddr.js';

/**
 * Why an article may not be fetched from `address` (an IPv4 or IPv6 address, as DNS gave it), or
 * null when it may: a phrase that follows the address in a refusal ("is a loopback address; …").
 * Passed to the fetcher, so tests can stand a local server in for a public one.
 */
export type AddressPolicy = (address: string) => string | null;

/** Addresses that cloud providers serve instance credentials on; named so a refusal says so. */
const CLOUD_METADATA = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

/** How ipaddr.js range names read in a refusal. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (CGNAT) address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  reserved: 'a reserved address',
};

function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return null;
  // ipaddr.js reads a dotted IPv4-compatible address (`::8.8.8.8`) as IPv4-mapped; keep it compatible.
  const compatible = /^::(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (compatible && ipaddr.IPv4.isValid(compatible[1]!)) {
    const [a, b, c, d] = ipaddr.IPv4.parse(compatible[1]!).octets as [number, number, number, number];
    return new ipaddr.IPv6([0, 0, 0, 0, 0, 0, (a << 8) | b, (c << 8) | d]);
  }
  return ipaddr.parse(bare);
}

/**
 * The IPv4 address an IPv6 address carries, in every form that can reach one: IPv4-mapped
 * (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, deprecated; URL parsing writes `[::127.0.0.1]`
 * as `[::7f00:1]`, which ipaddr.js takes for ordinary unicast), SIIT (`::ffff:0:a.b.c.d`), NAT64
 * (`64:ff9b::a.b.c.d`) and 6to4 (`2002:AABB:CCDD::`).
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const parts = address.parts;
  const zero = (from: number, to: number) => parts.slice(from, to).every((part) => part === 0);
  const fromParts = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (zero(0, 5) && parts[5] === 0xffff) return fromParts(parts[6]!, parts[7]!);
  if (zero(0, 6) && !(parts[6] === 0 && parts[7]! <= 1)) return fromParts(parts[6]!, parts[7]!);
  if (zero(0, 4) && parts[4] === 0xffff && parts[5] === 0) return fromParts(parts[6]!, parts[7]!);
  if (parts[0] === 0x64 && parts[1] === 0xff9b && zero(2, 6)) return fromParts(parts[6]!, parts[7]!);
  if (parts[0] === 0x2002) return fromParts(parts[1]!, parts[2]!);
  return null;
}

/**
 * Whether `address` is a cloud metadata endpoint, directly or carried in an IPv6 form. No article
 * lives there, so it is refused whatever ALLOW_PRIVATE_URLS says (that setting exists for a test
 * server on one's own machine, and a redirect must not turn it into a way to instance credentials).
 */
export function isCloudMetadataAddress(address: string): boolean {
  const parsed = parse(address);
  if (!parsed) return false;
  if (CLOUD_METADATA.has(parsed.toString())) return true;
  const carried = parsed.kind() === 'ipv6' ? embeddedIPv4(parsed as ipaddr.IPv6) : null;
  return carried !== null && CLOUD_METADATA.has(carried.toString());
}

/**
 * The range an address falls in, if it is anything but ordinary public unicast. IPv4-mapped and
 * IPv4-compatible IPv6 (`::ffff:127.0.0.1`, `[::127.0.0.1]`) are judged as the IPv4 address they
 * carry; every other special IPv6 range (NAT64, 6to4, Teredo, documentation, …) is refused too,
 * since each can carry or reach an internal IPv4 address.
 */
export function describeNonPublicAddress(address: string): string | null {
  let parsed = parse(address);
  if (!parsed) return 'not an IP address';
  if (isCloudMetadataAddress(address)) return 'a cloud metadata address';
  if (parsed.kind() === 'ipv6') {
    const six = parsed as ipaddr.IPv6;
    const carried = embeddedIPv4(six);
    const mappedOrCompatible = six.parts.slice(0, 5).every((part) => part === 0) && (six.parts[5] === 0xffff || six.parts[5] === 0);
    if (carried && mappedOrCompatible) {
      if (six.parts[5] === 0 && carried.range() === 'unicast') return 'a deprecated IPv4-compatible IPv6 address';
      parsed = carried;
    }
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
}

const METADATA_REFUSAL = 'is a cloud metadata address, where no article is served; such addresses are never fetched';

/**
 * The policy from configuration: with `allowPrivate` (ALLOW_PRIVATE_URLS=true) every address but
 * a cloud metadata endpoint is allowed; otherwise only public unicast ones, and the refusal names
 * the setting.
 */
export function addressPolicy(allowPrivate: boolean): AddressPolicy {
  return (address) => {
    if (isCloudMetadataAddress(address)) return METADATA_REFUSAL;
    if (allowPrivate) return null;
    const kind = describeNonPublicAddress(address);
    return kind === null ? null : `is ${kind}; set ALLOW_PRIVATE_URLS=true to allow fetching from such addresses`;
  };
}
