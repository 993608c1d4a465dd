// What a Networks API resource's address routes, classified as NetBird's management server does
// (GetResourceType, docs/netbird-behaviour.md §1): a prefix (a host when full-length), a bare
// address (a host: the full-length prefix is added), or a domain name. Anything else is refused.
import { parseAddr, parsePrefix, widthOf } from './prefix.js';

/** NetBird's test for a domain resource address: an optional `*.` and a dotted name. */
const RESOURCE_DOMAIN = /^(\*\.)?([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$/;

export type ResourceTarget =
  | { readonly kind: 'network'; readonly type: 'host' | 'subnet'; readonly network: string; readonly networkType: 'IPv4' | 'IPv6' }
  | { readonly kind: 'domain'; readonly type: 'domain'; readonly domain: string };

/** The resource's target, or null when the server would refuse the address. Domains are lower-cased, as NetBird stores them. */
export function resourceTarget(address: string): ResourceTarget | null {
  const prefix = parsePrefix(address);
  if (prefix.ok) {
    const { family, bits } = prefix.value.prefix;
    return { kind: 'network', type: bits === widthOf(family) ? 'host' : 'subnet', network: address, networkType: family === 4 ? 'IPv4' : 'IPv6' };
  }
  const addr = parseAddr(address);
  if (addr.ok) return { kind: 'network', type: 'host', network: `${address}/${widthOf(addr.value.family)}`, networkType: addr.value.family === 4 ? 'IPv4' : 'IPv6' };
  if (RESOURCE_DOMAIN.test(address)) return { kind: 'domain', type: 'domain', domain: address.toLowerCase() };
  return null;
}
