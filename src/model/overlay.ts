// The account's overlay network and the client's refusal of prefixes (reference §5): every
// client refuses a prefix whose network address is loopback, link-local, multicast, unspecified
// (unless /0) or inside its own overlay network.
import { classifyAddr, containsAddr, networkAddr, parseAddr, prefixFrom, type Addr, type Prefix } from '../net/prefix.js';
import type { Model } from './types.js';

export interface Overlay {
  /** The account's /16 inside 100.64.0.0/10, from the peers' `ip`; null without peers. */
  readonly v4: Prefix | null;
  /** The overlay IPv6 /64, from the peers' `ipv6`; null when no peer has one. */
  readonly v6: Prefix | null;
}

const cache = new WeakMap<Model, Overlay>();

/** The most common /16 (IPv4) and /64 (IPv6) among the peers' overlay addresses; ties by lowest. */
export function overlayOf(model: Model): Overlay {
  let known = cache.get(model);
  if (known) return known;
  const v4 = new Map<string, { prefix: Prefix; count: number }>();
  const v6 = new Map<string, { prefix: Prefix; count: number }>();
  const add = (table: typeof v4, addr: Addr, bits: number) => {
    const prefix = prefixFrom(addr, bits);
    const entry = table.get(prefix.text);
    if (entry) entry.count++;
    else table.set(prefix.text, { prefix, count: 1 });
  };
  for (const peer of model.peers?.values() ?? []) {
    const a = parseAddr(peer.ip);
    if (a.ok && a.value.family === 4) add(v4, a.value, 16);
    if (peer.ipv6) {
      const b = parseAddr(peer.ipv6);
      if (b.ok && b.value.family === 6) add(v6, b.value, 64);
    }
  }
  const pick = (table: typeof v4): Prefix | null => {
    let best: { prefix: Prefix; count: number } | null = null;
    for (const e of table.values()) if (!best || e.count > best.count || (e.count === best.count && e.prefix.start < best.prefix.start)) best = e;
    return best?.prefix ?? null;
  };
  known = Object.freeze({ v4: pick(v4), v6: pick(v6) });
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

/** Clients without custom routing support (netstack mode) skip prefixes /1 to /7. */
export function skippedInNetstack(prefix: Prefix): boolean {
  return prefix.bits >= 1 && prefix.bits <= 7;
}
