// The account's overlay network and the client's refusal of prefixes (docs/netbird-behaviour.md §5): every
// client refuses a prefix whose network address is loopback, link-local, multicast, unspecified
// (unless /0) or inside its own overlay network.
import { CGNAT_RANGE, classifyAddr, containsAddr, networkAddr, prefixFrom, type Prefix } from '../net/prefix.js';
import type { Model } from './types.js';

export interface Overlay {
  /** The account's /16 inside 100.64.0.0/10, from the peers' `ip`; null without peers. */
  readonly v4: Prefix | null;
  /** The overlay IPv6 /64, from the peers' `ipv6`; null when no peer has one. */
  readonly v6: Prefix | null;
}

const cache = new WeakMap<Model, Overlay>();

/** The most common /16 inside 100.64.0.0/10 (IPv4) and /64 (IPv6) among the peers' overlay addresses; ties by lowest. */
export function overlayOf(model: Model): Overlay {
  let known = cache.get(model);
  if (known) return known;
  // Counted by network address (a number for the /16s; for the /64s, the bigint's text: V8 hashes a
  // bigint Map key by its low 64 bits, all zero here): one prefix is built per winner only.
  const v4 = new Map<number, number>();
  const v6 = new Map<string, { net: bigint; count: number }>();
  const V6_HOST = (1n << 64n) - 1n;
  for (const peer of model.peers?.values() ?? []) {
    const a = peer.overlayV4;
    // NetBird picks the account's /16 inside 100.64.0.0/10; an address elsewhere is not an overlay address.
    if (a && containsAddr(CGNAT_RANGE, a)) {
      const net = Number(a.value >> 16n);
      v4.set(net, (v4.get(net) ?? 0) + 1);
    }
    if (peer.overlayV6) {
      const net = peer.overlayV6.value & ~V6_HOST;
      const key = net.toString(16);
      const seen = v6.get(key);
      if (seen) seen.count++;
      else v6.set(key, { net, count: 1 });
    }
  }
  const pick = <K extends number | bigint>(counted: Iterable<readonly [K, number]>): K | null => {
    let best: K | null = null;
    let bestCount = 0;
    for (const [net, count] of counted) if (best === null || count > bestCount || (count === bestCount && net < best)) [best, bestCount] = [net, count];
    return best;
  };
  const net4 = pick(v4);
  const net6 = pick([...v6.values()].map(({ net, count }) => [net, count] as const));
  known = Object.freeze({
    v4: net4 === null ? null : prefixFrom({ family: 4, value: BigInt(net4) << 16n }, 16),
    v6: net6 === null ? null : prefixFrom({ family: 6, value: net6 }, 64),
  });
  cache.set(model, known);
  return known;
}

export type Refusal = 'loopback' | 'link-local' | 'multicast' | 'unspecified' | 'overlay';

/** Why a client refuses to install this prefix, or null when it installs it. Only the network address is tested. */
export function clientRefusal(prefix: Prefix, overlay: Overlay): Refusal | null {
  const addr = networkAddr(prefix);
  const cls = classifyAddr(addr);
  if (cls === 'unspecified') return prefix.bits === 0 ? null : 'unspecified';
  if (cls !== 'unicast') return cls;
  const own = prefix.family === 4 ? overlay.v4 : overlay.v6;
  if (own && containsAddr(own, addr)) return 'overlay';
  return null;
}

/**
 * Prefixes /0 to /7 (exit nodes included) are skipped by clients that run with custom routing
 * disabled (NB_DISABLE_CUSTOM_ROUTING) and not in netstack mode (docs/netbird-behaviour.md §5).
 */
export function skippedWithoutCustomRouting(prefix: Prefix): boolean {
  return prefix.bits <= 7;
}
