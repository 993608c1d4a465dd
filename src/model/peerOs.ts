// A peer's operating system decides how its client routes: only Linux routes in the kernel (its
// main routing table then wins over NetBird's routes for its ranges, docs/netbird-behaviour.md §5). Other systems
// (macOS, Windows, FreeBSD, and the mobile ones: Android, iOS, iPadOS, tvOS) route in userspace
// and, as routing peers, always translate routed traffic to their own address, whatever the
// route's masquerade flag says (docs/netbird-behaviour.md §8). The one OS classifier of the code base.
import type { Model, Peer } from './types.js';

/** Does this peer route in userspace (so it always masquerades)? False for Linux and for an unknown OS. */
export function routesInUserspace(peer: Pick<Peer, 'os'>): boolean {
  const platform = platformOf(peer.os);
  return platform !== 'linux' && platform !== 'unknown';
}

/**
 * Does the peer's client refuse prefixes it cannot route (loopback, link-local, multicast, its own
 * overlay)? Desktop and server clients do; Android and iOS clients hand the prefix to the mobile
 * VPN API as it is (docs/netbird-behaviour.md §5). An unknown OS is taken for a desktop.
 */
export function refusesPrefixes(peer: Pick<Peer, 'os'>): boolean {
  const platform = platformOf(peer.os);
  return platform !== 'android' && platform !== 'ios';
}

/** Is the peer known to masquerade whatever the flag says? False when the peer or its OS is unknown. */
export function alwaysMasquerades(model: Model, peerId: string): boolean {
  const peer = model.peers?.get(peerId);
  return peer !== undefined && routesInUserspace(peer);
}

const untranslatedLists = new WeakMap<Model, WeakMap<readonly string[], readonly string[]>>();

/**
 * The peers of `peers` not known to masquerade (those for which `alwaysMasquerades` is false), in
 * their order. Computed once per list: `routingPeersOf` shares one list per peer and per list of
 * peer groups, and rules ask for it route after route (a peer group of every peer included).
 */
export function peersNotAlwaysMasquerading(model: Model, peers: readonly string[]): readonly string[] {
  let byList = untranslatedLists.get(model);
  if (!byList) untranslatedLists.set(model, (byList = new WeakMap()));
  let out = byList.get(peers);
  if (!out) byList.set(peers, (out = Object.freeze(peers.filter((p) => !alwaysMasquerades(model, p)))));
  return out;
}

/** The client platform as Go names it (`runtime.GOOS`), which NetBird's OS posture check reads. */
export type Platform = 'linux' | 'windows' | 'darwin' | 'ios' | 'android' | 'freebsd' | 'other' | 'unknown';

/**
 * The platform behind a peer's `os` (`<OS name> <OS version>`: `Ubuntu 22.04`, `Windows 11`,
 * `Darwin 15.1`, `Android 14`). Linux distributions appear under their own names, so Linux is what
 * is left once the others are ruled out; '' is unknown.
 */
export function platformOf(os: string): Platform {
  // An account has a handful of distinct OS strings and tens of thousands of peers asking.
  let platform = platforms.get(os);
  if (platform === undefined) {
    platform = platformOfText(os);
    if (platforms.size < MAX_PLATFORMS) platforms.set(os, platform);
  }
  return platform;
}

/** OS strings whose platform is known; bounded, since exports are input. */
const platforms = new Map<string, Platform>();
const MAX_PLATFORMS = 4096;

function platformOfText(os: string): Platform {
  if (os.trim() === '') return 'unknown';
  if (/\bandroid\b/i.test(os)) return 'android';
  if (/\b(ios|ipados|tvos)\b/i.test(os)) return 'ios';
  if (/\b(darwin|mac\s?os|os\s?x)\b/i.test(os)) return 'darwin';
  if (/\bwindows\b/i.test(os)) return 'windows';
  if (/\bfreebsd\b/i.test(os)) return 'freebsd';
  if (/\b(openbsd|netbsd)\b/i.test(os)) return 'other';
  return 'linux';
}
