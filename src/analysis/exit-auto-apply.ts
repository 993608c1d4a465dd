// Which exit node each member of a group gets without selecting one (docs/netbird-behaviour.md §6): the client
// applies, among the exit sets it receives as a client, the lexicographically smallest network_id
// with a route whose skip_auto_apply is false. Decided per member, with the simulator's own
// delivery rules (policies, expired logins, local flags, a peer's own HA sets) and exit selection.
import type { Model, Peer, PolicySide } from '../model/types.js';
import { evaluatePosture } from '../model/posture.js';
import type { PeerRef } from '../simulate/answer.js';
import { delivery, hasOverlayIpv6, sourceViewOf, type SetDelivery, type SimRoute, type SimSet, type SourceView } from '../simulate/distribution.js';
import { groupsByPeer } from '../model/reach.js';
import { selectExitNodes } from '../simulate/exit.js';
import { simulatorFor } from '../simulate/index.js';
import { memberClassesOf } from './member-classes.js';
import { compareByNameThenId, compareCodePoints, compareStrings } from '../order.js';

export interface ExitAutoApplyOutcome {
  /** Network ids of the exit nodes active on these members with no user selection (Go string order); empty when none. */
  readonly active: readonly string[];
  /** Exit nodes these members receive as clients (auto-applied or not), sorted. */
  readonly available: readonly string[];
  /** Exit nodes these members serve themselves (their own traffic leaves through their own uplink), sorted. */
  readonly serves: readonly string[];
  /** Members with exactly this outcome, sorted by name then id. */
  readonly sources: readonly PeerRef[];
}

/** What the exit selection reads of a set's delivery to one peer (see candidatesOf in exitAutoApplyOf). */
type ExitDelivery = Pick<SetDelivery, 'set' | 'local' | 'received'>;

export interface ExitAutoApplyRow {
  readonly group: PeerRef;
  /** Members grouped by outcome, the largest group first. */
  readonly outcomes: readonly ExitAutoApplyOutcome[];
}

/**
 * One row per distribution group of an exit route, sorted by group name then id. Needs the groups
 * and peers of the export (the simulator does); members missing from the peers are left out.
 */
export function exitAutoApplyOf(model: Model): ExitAutoApplyRow[] {
  const sim = simulatorFor(model);
  const exitSets = sim.sets.filter((s) => s.isExit);
  if (exitSets.length === 0) return [];
  const groupIds = new Set<string>();
  for (const set of model.haSets) if (set.isExit) for (const r of set.routes) for (const g of r.groups) if (g !== '') groupIds.add(g);

  // A peer receives a route only through one of its distribution groups, and serves one only as its
  // routing peer (see delivery()): every other route of an exit set delivers it nothing, so only
  // these candidates are asked about, per set in set order. The selection reads of a set only
  // whether the peer serves it and which routes it receives, and of those only whether there is
  // one and whether one auto-applies: the rows are asked until that is known (an exit set may have
  // a row per peer of a group of every peer), and `received` holds the rows read up to the first
  // that auto-applies, not every row received.
  const candidatesOf = (peerId: string): ExitDelivery[] => {
    const groups = groupsOfPeer.get(peerId) ?? [];
    const peer = model.peers!.get(peerId)!;
    const source = sourceViewOf(peer, exitKeysServed(peerId), groups);
    const deliveries: ExitDelivery[] = [];
    for (const { set, byPeer, byGroup, baseKeys } of indexed) {
      // The rows served by the peer or distributed to one of its groups, in the set's order.
      const own = byPeer.get(peerId);
      const lists: (readonly number[])[] = own ? [own] : [];
      for (const g of source.groups) {
        const list = byGroup.get(g);
        if (list) lists.push(list);
      }
      if (lists.length === 0) continue;
      // As deliverRoutes decides: a row the peer serves is local (then the set is its own and it
      // receives none of the others); only another's row can be received.
      const local: SimRoute[] = [];
      for (const i of own ?? []) if (delivery(model, source, set.routes[i]!, false) === 'local') local.push(set.routes[i]!);
      const received: SimRoute[] = [];
      if (local.length === 0 && !receivesNoneOf(source, set, baseKeys)) {
        // Read in the set's order until a row received auto-applies: the lists' union is merged as
        // far as that (a group's list may hold a row per member of a peer group), not made whole.
        forEachInUnion(lists, (i) => {
          const r = set.routes[i]!;
          if (r.peerId === peerId || delivery(model, source, r, false) !== 'received') return true;
          received.push(r);
          return r.route.skipAutoApply;
        });
      }
      deliveries.push({ set, local, received });
    }
    return deliveries;
  };
  // Each exit set's rows by routing peer and by distribution group (positions in the set), built once.
  const indexed = exitSets.map((set) => {
    const byPeer = new Map<string, number[]>();
    const byGroup = new Map<string, number[]>();
    // A route served by a peer group is a row per member: its distinct groups are found once.
    const groupsOfRoute = new Map<SimRoute['route'], readonly string[]>();
    set.routes.forEach((r, i) => {
      if (r.peerId !== null) pushTo(byPeer, r.peerId, i);
      let groups = groupsOfRoute.get(r.route);
      if (!groups) groupsOfRoute.set(r.route, (groups = [...new Set(r.route.groups)]));
      for (const g of groups) pushTo(byGroup, g, i);
    });
    return { set, byPeer, byGroup, baseKeys: [...new Set(set.routes.map((r) => r.baseKey))] };
  });
  // The HA keys among the exit rows' that the peer serves (a twin under its base set): all the exit
  // rows' deliveries read of the keys it serves (sim.servedKeys reads every route of its peer groups).
  const exitKeysServed = (peerId: string): ReadonlySet<string> => {
    let keys: Set<string> | null = null;
    for (const { set, byPeer } of indexed) for (const i of byPeer.get(peerId) ?? []) (keys ??= new Set()).add(set.routes[i]!.baseKey);
    return keys ?? NO_KEYS;
  };
  // `key`: the outcome as text, made once per class (a group of every peer has tens of thousands of members).
  type Decided = { active: string[]; available: string[]; serves: string[]; key: string };
  const outcomeOf = new Map<string, Decided>();
  // Members alike in everything exit deliveries rest on decide alike: one is asked per class.
  const classes = memberClassesOf(model);
  const groupsOfPeer = groupsByPeer(model);
  // A member serving an exit set serves it only through an enabled route it can use (its route may
  // be disabled, or ::/0 without an overlay IPv6 address): its class is told apart by the exit sets
  // it serves in fact, which the static key (the sets it is named routing peer of) does not say.
  // Whether a row of its own is local reads only the peer and the row (delivery()'s first tests),
  // so the view holds no served keys and no groups: a peer group may make ten thousand servers.
  const servedInFact = (peerId: string): string => {
    const source = sourceViewOf(model.peers!.get(peerId)!, NO_KEYS, []);
    const served: number[] = [];
    indexed.forEach(({ set, byPeer }, i) => {
      for (const at of byPeer.get(peerId) ?? []) {
        if (delivery(model, source, set.routes[at]!, false) === 'local') {
          served.push(i);
          break;
        }
      }
    });
    return served.join(',');
  };
  // What a member's exit deliveries rest on besides the sets it serves: its flags, its groups among
  // the exit routes' distribution groups, and whether a policy connects it to their routing peers,
  // which reads only the groups of rule sides facing a side that holds one of them. Members of one
  // static class share all of it (those groups are among the static key's), so it is worked out
  // once per static class; classes alike in it share one outcome (a static key also holds the
  // groups of every other policy: thousands of classes on an account of many policies).
  // A rule connecting every peer to every peer makes policies read nothing of a member.
  const everyoneConnected = connectsEveryPeer(model);
  const exitGroups = exitFacingGroups(model, exitSets, everyoneConnected);
  const exitKeys = new Map<string, string>();
  const exitFactsOf = (peerId: string): string => {
    const p = model.peers!.get(peerId)!;
    const groups = (groupsOfPeer.get(peerId) ?? []).filter((g) => exitGroups.has(g)).sort(compareStrings);
    return JSON.stringify([`${Number(p.loginExpired)}${Number(p.approvalRequired)}${Number(p.disableClientRoutes)}${Number(p.overlayV6 !== null)}`, groups]);
  };
  const postureKey = everyoneConnected ? () => '' : postureKeyOf(model, exitSets);
  const exitKeyOf = (peerId: string): string => {
    const staticKey = classes.staticKey(peerId);
    if (staticKey.startsWith('peer ')) {
      // A member named on its own (by a rule, a resource) is keyed on its own. One keyed so for
      // posture checks (every member is, then) rests on which checks it fails besides the facts
      // above: members alike in both share one outcome (fifty thousand members, a thousand exit sets).
      if (postureKey === null || classes.namedAlone(peerId)) return staticKey;
      return `${exitFactsOf(peerId)} ${postureKey(model.peers!.get(peerId)!)}`;
    }
    let key = exitKeys.get(staticKey);
    if (key === undefined) exitKeys.set(staticKey, (key = exitFactsOf(peerId)));
    return key;
  };
  // A member serving exit sets is keyed as exitKeyOf's members are, and on the exit sets it is a
  // routing peer of (it receives none of their rows): a posture check keys ten thousand servers each
  // on its own otherwise. The static key holds those sets, and serves them to the others.
  const serverKeyOf = (peerId: string): string => {
    const staticKey = classes.staticKey(peerId);
    if (!staticKey.startsWith('peer ') || postureKey === null || classes.namedAlone(peerId)) return staticKey;
    const own = [...exitKeysServed(peerId)].sort(compareStrings);
    return `${exitKeyOf(peerId)} own ${JSON.stringify(own)}`;
  };
  const byRowsAlone = everyoneConnected && !exitSets.some((s) => s.routes.some((r) => r.route.networkResource)) ? receivedByGroup(indexed) : null;
  // A member of several exit routes' groups is tallied in each: its key is made once.
  const outcomeByPeer = new Map<string, Decided>();
  const outcomeFor = (peerId: string): Decided => {
    let known = outcomeByPeer.get(peerId);
    if (known) return known;
    const fast = byRowsAlone ? receivedKeyOf(model.peers!.get(peerId)!, groupsOfPeer.get(peerId) ?? [], byRowsAlone, exitSets) : null;
    const classKey =
      fast !== null
        ? byRowsAlone!.ownSets.has(peerId)
          ? `${fast} serves ${servedInFact(peerId)}`
          : fast
        : classes.servesExit(peerId)
          ? `${serverKeyOf(peerId)} serves ${servedInFact(peerId)}`
          : exitKeyOf(peerId);
    known = outcomeOf.get(classKey);
    if (!known) {
      const deliveries = candidatesOf(peerId);
      const selection = selectExitNodes(deliveries, null);
      const serves = [...new Set(deliveries.filter((d) => d.local.length > 0).map((d) => d.set.networkId))].sort(compareCodePoints);
      const active = [...selection.active].sort(compareCodePoints);
      const available = [...selection.available];
      known = { active, available, serves, key: JSON.stringify([active, available, serves]) };
      outcomeOf.set(classKey, known);
    }
    outcomeByPeer.set(peerId, known);
    return known;
  };

  // Members by static class (the matrix's, shared): a class that serves no exit set decides alike,
  // so it is asked about once; its members are tallied by rank (names sorted once, for every group).
  const unnamed = [...model.peers!.values()].some((p) => p.name === '');
  const rows: ExitAutoApplyRow[] = [];
  for (const groupId of groupIds) {
    const byKey = new Map<string, { o: Decided; ranks: number[] }>();
    const tally = (o: Decided): number[] => {
      let entry = byKey.get(o.key);
      if (!entry) byKey.set(o.key, (entry = { o, ranks: [] }));
      return entry.ranks;
    };
    for (const c of classes.staticClasses(groupId)) {
      if (classes.servesExit(c.ids[0]!)) {
        for (const id of c.ids) tally(outcomeFor(id)).push(classes.rank.get(id)!);
        continue;
      }
      const ranks = tally(outcomeFor(c.ids[0]!));
      for (const id of c.ids) ranks.push(classes.rank.get(id)!);
    }
    const outcomes = [...byKey.values()]
      .map(({ o, ranks }) => {
        const sources = Array.from(Int32Array.from(ranks).sort(), (r) => classes.refs[r]!);
        // Ranks order peers by their own name; a peer without one is named by its id here.
        if (unnamed) sources.sort(compareByNameThenId);
        return { active: o.active, available: o.available, serves: o.serves, sources };
      })
      .sort((a, b) => b.sources.length - a.sources.length || compareStrings(a.sources[0]!.name, b.sources[0]!.name) || compareStrings(a.sources[0]!.id, b.sources[0]!.id));
    rows.push({ group: { id: groupId, name: model.groupName(groupId) }, outcomes });
  }
  return rows.sort((a, b) => compareStrings(a.group.name, b.group.name) || compareStrings(a.group.id, b.group.id));
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Appends `value` to the list of `key`, made when first needed. */
function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What a group's rows of each exit set give a member: NOT_RECEIVED, RECEIVED, or AUTO_APPLIED (received, one auto-applies). */
const NOT_RECEIVED = 0;
const RECEIVED = 1;
const AUTO_APPLIED = 2;

/**
 * Per distribution group, the exit sets its rows reach (positions in `indexed`) and what they give;
 * per peer serving an exit row, the sets it serves a row of; per set, the HA key its rows share
 * (null when they do not: then a routing peer of it is asked as the simulator asks).
 */
interface ReceivedByGroup {
  readonly byGroup: ReadonlyMap<string, readonly { readonly set: number; readonly gives: number }[]>;
  readonly ownSets: ReadonlyMap<string, readonly number[]>;
  readonly baseOf: readonly (string | null)[];
  readonly setsByBase: ReadonlyMap<string, readonly number[]>;
}

/**
 * Where every peer connects to every peer and no exit row is a Networks API resource, whether a
 * member receives another peer's row rests on the row alone (delivery()'s tests past the source's
 * flags: a routing peer, enabled, its peer known, logged in and approved) and on whether the member
 * serves the row's HA key itself: each group's rows are read once per set, not once per member
 * (fifty thousand members in three groups each).
 */
function receivedByGroup(indexed: readonly { readonly set: SimSet; readonly byPeer: ReadonlyMap<string, readonly number[]>; readonly byGroup: ReadonlyMap<string, readonly number[]> }[]): ReceivedByGroup {
  const byGroup = new Map<string, { set: number; gives: number }[]>();
  const ownSets = new Map<string, number[]>();
  const setsByBase = new Map<string, number[]>();
  const baseOf = indexed.map(({ set, byPeer, byGroup: rowsByGroup }, at) => {
    for (const id of byPeer.keys()) pushTo(ownSets, id, at);
    for (const [g, rows] of rowsByGroup) {
      let gives = NOT_RECEIVED;
      for (const i of rows) {
        const r = set.routes[i]!;
        const rp = r.routingPeer;
        if (r.peerId === null || !r.route.enabled || !rp || rp.loginExpired || rp.approvalRequired) continue;
        gives = r.route.skipAutoApply ? RECEIVED : AUTO_APPLIED;
        if (gives === AUTO_APPLIED) break;
      }
      if (gives !== NOT_RECEIVED) pushTo(byGroup, g, { set: at, gives });
    }
    const base = set.routes[0]?.baseKey ?? null;
    if (base === null || set.routes.some((r) => r.baseKey !== base)) return null;
    pushTo(setsByBase, base, at);
    return base;
  });
  return { byGroup, ownSets, baseOf, setsByBase };
}

/**
 * A member's exit deliveries as the sets it receives rows of and whether one auto-applies (all the
 * selection reads of them, see receivedByGroup), with the flags that keep it from receiving any:
 * members alike in it, and in the sets they serve, decide alike. A member serves no row of a set
 * under an HA key it serves (the rows of the sets it is a routing peer of). Null when a set it
 * serves holds rows of more than one HA key.
 */
function receivedKeyOf(peer: Peer, groups: readonly string[], received: ReceivedByGroup, exitSets: readonly SimSet[]): string | null {
  const own = received.ownSets.get(peer.id);
  let served: Set<number> | null = null;
  for (const at of own ?? []) {
    const base = received.baseOf[at];
    if (base === null || base === undefined) return null;
    for (const twin of received.setsByBase.get(base)!) (served ??= new Set()).add(twin);
  }
  if (peer.loginExpired || peer.approvalRequired || peer.disableClientRoutes) return 'rows none';
  const hasIpv6 = hasOverlayIpv6(peer);
  const best = new Map<number, number>();
  for (const g of groups) {
    for (const { set, gives } of received.byGroup.get(g) ?? []) {
      if (served?.has(set) || (!hasIpv6 && exitSets[set]!.network?.family === 6)) continue;
      if ((best.get(set) ?? NOT_RECEIVED) < gives) best.set(set, gives);
    }
  }
  return `rows ${[...best].sort((a, b) => a[0] - b[0]).join(' ')}`;
}

/**
 * Does the source receive none of the set's rows whatever the row (delivery() refuses them on the
 * source alone: an expired login, awaiting approval, taking no client routes, an IPv6 set without
 * an overlay IPv6 address, or serving every HA key of the rows, `baseKeys`: a routing peer of a
 * disabled exit route)? Then its rows are not read one by one (a thousand per set).
 */
function receivesNoneOf(source: SourceView, set: SimSet, baseKeys: readonly string[]): boolean {
  const s = source.peer;
  return s.loginExpired || s.approvalRequired || s.disableClientRoutes || (set.network?.family === 6 && !source.hasIpv6) || baseKeys.every((k) => source.servedKeys.has(k));
}

/** Calls `visit` with the distinct numbers of `lists` (each ascending) in ascending order, until it returns false. */
export function forEachInUnion(lists: readonly (readonly number[])[], visit: (n: number) => boolean): void {
  if (lists.length === 1) {
    for (const n of lists[0]!) if (!visit(n)) return;
    return;
  }
  // A few lists (a member's groups): the smallest head found by a scan, every list holding it moved past it.
  const at = new Array<number>(lists.length).fill(0);
  for (;;) {
    let least = Infinity;
    for (let k = 0; k < lists.length; k++) if (at[k]! < lists[k]!.length && lists[k]![at[k]!]! < least) least = lists[k]![at[k]!]!;
    if (least === Infinity) return;
    for (let k = 0; k < lists.length; k++) if (at[k]! < lists[k]!.length && lists[k]![at[k]!] === least) at[k]!++;
    if (!visit(least)) return;
  }
}

/**
 * Does an enabled rule of an enabled policy without posture checks hold every peer of the export
 * on both sides (the default All to All)? Then `model.policyConnects` is true for any two of them.
 */
function connectsEveryPeer(model: Model): boolean {
  const peers = model.peers;
  if (!peers) return false;
  const holdsEvery = (ids: ReadonlySet<string>): boolean => {
    if (ids.size < peers.size) return false;
    for (const id of peers.keys()) if (!ids.has(id)) return false;
    return true;
  };
  const holdsAll = (side: PolicySide): boolean => {
    // Most sides are a group or two of a few members: counted before any set is made.
    let most = side.peerIds.length;
    for (const g of side.groupIds) most += model.membersOf(g).size;
    if (most < peers.size) return false;
    // A group of every peer (the usual All) holds them alone: read as it is, no set of fifty thousand ids made.
    if (side.groupIds.some((g) => holdsEvery(model.membersOf(g)))) return true;
    const within = new Set(side.peerIds);
    for (const g of side.groupIds) for (const id of model.membersOf(g)) within.add(id);
    return holdsEvery(within);
  };
  return (model.policies ?? []).some((policy) => policy.enabled && policy.sourcePostureCheckIds.length === 0 && policy.rules.some((rule) => rule.enabled && holdsAll(rule.sources) && holdsAll(rule.destinations)));
}

/**
 * Which of the posture checks enabled policies name a peer fails, as text: all a member's
 * policy connections read of the peer besides its groups and whether a rule names it (a source
 * that fails a check is no source of that policy; an undecided check counts as passed). Null when
 * an exit route is a Networks API resource (its delivery reads more of the member).
 */
function postureKeyOf(model: Model, exitSets: readonly SimSet[]): ((peer: Peer) => string) | null {
  if (exitSets.some((s) => s.routes.some((r) => r.route.networkResource))) return null;
  const checkIds = new Set<string>();
  for (const policy of model.policies ?? []) if (policy.enabled) for (const id of policy.sourcePostureCheckIds) checkIds.add(id);
  const checks = [...checkIds].sort(compareStrings).flatMap((id) => model.postureChecks?.get(id) ?? []);
  return (peer) => checks.map((c) => (evaluatePosture(c, peer).verdict === 'fail' ? '1' : '0')).join('');
}

/**
 * The groups a member's exit deliveries may read: the exit routes' distribution groups, and the
 * groups of each side of an enabled rule (of an enabled policy) whose other side holds a routing
 * peer of an exit route, by id or through a group (`model.policyConnects` asks of rules no more).
 */
function exitFacingGroups(model: Model, exitSets: readonly SimSet[], everyoneConnected: boolean): Set<string> {
  const out = new Set<string>();
  const servers = new Set<string>();
  for (const set of exitSets) {
    for (const r of set.routes) {
      for (const g of r.route.groups) out.add(g);
      if (r.peerId !== null) servers.add(r.peerId);
    }
  }
  if (everyoneConnected) return out;
  // Does a group hold one of them (as the policy index expands a group: its members), read from the smaller side, once per group.
  const held = new Map<string, boolean>();
  const holds = (g: string): boolean => {
    let yes = held.get(g);
    if (yes === undefined) {
      const members = model.membersOf(g);
      yes = false;
      if (members.size <= servers.size) {
        for (const id of members) if (servers.has(id)) yes = true;
      } else for (const id of servers) if (members.has(id)) yes = true;
      held.set(g, yes);
    }
    return yes;
  };
  const holdsServer = (side: PolicySide): boolean => side.peerIds.some((id) => servers.has(id)) || side.groupIds.some(holds);
  for (const policy of model.policies ?? []) {
    if (!policy.enabled) continue;
    for (const rule of policy.rules) {
      if (!rule.enabled) continue;
      if (holdsServer(rule.destinations)) for (const g of rule.sources.groupIds) out.add(g);
      if (holdsServer(rule.sources)) for (const g of rule.destinations.groupIds) out.add(g);
    }
  }
  return out;
}
