import ipaddr from 'ipaddr.js';

/**
 * Why an article may not be fetched from `address` (an IPv4 or IPv6 address, as DNS gave it), or
 * null when it may. Passed to the fetcher, so tests can stand a local server in for a public one.
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

/**
 * The range an address falls in, if it is anything but ordinary public unicast. IPv4-mapped IPv6
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`) is judged as the IPv4 address it carries; every other
 * special IPv6 range (NAT64, 6to4, Teredo, documentation, …) is refused too, since each can carry
 * or reach an internal IPv4 address.
 */
export function describeNonPublicAddress(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const normalised = parsed.toString();
  if (CLOUD_METADATA.has(normalised)) return 'a cloud metadata address';
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
}

/**
 * The policy from configuration: with `allowPrivate` (ALLOW_PRIVATE_URLS=true) every address is
 * allowed; otherwise only public unicast ones, and the refusal names the setting.
 */
export function addressPolicy(allowPrivate: boolean): AddressPolicy {
  if (allowPrivate) return () => null;
  return (address) => {
    const kind = describeNonPublicAddress(address);
    return kind === null ? null : `${address} is ${kind}; set ALLOW_PRIVATE_URLS=true to allow fetching from such addresses`;
  };
}
