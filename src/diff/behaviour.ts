// Routing behaviour of two exports compared, as the simulator sees it. The unit is a destination
// and a distribution group: every prefix routed in either export (asked at one address that no
// more specific prefix of either export takes away, so a nested prefix added in the new export is
// compared against whatever carried its range before) and every domain pattern of either export.
// For each, every member of the groups the destination is distributed to is simulated in both
// exports, and members whose carrier changes are reported, grouped by identical change. Sets are
// matched by what they route, not by HA key: a renamed network_id with the same carrier is no
// change. Exit nodes are compared per member: which one its client applies by itself.
import { domainProbe, representative } from '../analysis/reachability.js';
import { overlayOf } from '../model/overlay.js';
import { alwaysMasquerades } from '../model/peerOs.js';
import type { HaSet, Model, Route } from '../model/types.js';
import { compareAddr, formatAddr, networkAddr, type Addr, type Family, type Prefix } from '../net/prefix.js';
import { PrefixTable } from '../net/prefix-table.js';
import type { Outcome, PeerRef } from '../simulate/answer.js';
import { matchPattern } from '../simulate/domain.js';
import { simulatorFor, PeerStates, type Destination, type Simulator } from '../simulate/index.js';
import { behaviourMessage, exitNodeMessage } from './describe.js';
import type { BehaviourChange, BehaviourKind, Carrier, ExitNodeChange, ExitNodeKind, Scope } from './types.js';
import { nameList } from '../model/describe.js';
import { compareStrings } from '../order.js';

function comparePeerRefs(a: PeerRef, b: PeerRef): number {
  return compareStrings(a.name, b.name) || compareStrings(a.id, b.id);
}

/** The sets of one model by prefix, and by domain pattern. */
class SetIndex {
  private readonly byPrefix = new PrefixTable<HaSet>();
  private readonly byPattern = new Map<string, HaSet[]>();

  constructor(model: Model) {
    for (const set of model.haSets) {
      if (set.network) this.byPrefix.add(set.network, set);
      for (const pattern of new Set((set.domains ?? []).map((d) => d.toLowerCase()))) push(this.byPattern, pattern, set);
    }
  }

  /** Sets whose prefix contains `addr`. */
  covering(addr: Addr): HaSet[] {
    return this.byPrefix.covering(addr);
  }

  /** Exit sets (a /0 network) of one family. */
  exits(family: Family): readonly HaSet[] {
    return this.byPrefix.defaults(family);
  }

  /** Sets with a pattern the client matches `name` with: the name itself, or a wildcard over one of its parents. */
  matching(name: string): HaSet[] {
    const out = [...(this.byPattern.get(name) ?? [])];
    const labels = name.split('.');
    for (let i = 1; i < labels.length; i++) {
      const pattern = `*.${labels.slice(i).join('.')}`;
      for (const set of this.byPattern.get(pattern) ?? []) if (matchPattern(pattern, name) === 'wildcard') out.push(set);
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** One destination of the comparison. */
interface Target {
  readonly key: string;
  readonly text: string;
  readonly type: 'prefix' | 'domain';
  readonly prefix: Prefix | null;
  readonly destination: Destination;
  readonly probe: string;
}

function comparePrefixTargets(a: Prefix, b: Prefix): number {
  return compareAddr(networkAddr(a), networkAddr(b)) || a.bits - b.bits;
}


/** Every prefix and domain pattern routed in either export, with the address or name it is asked at. */
function targetsOf(models: readonly Model[]): Target[] {
  const prefixes = new Map<string, Prefix>();
  const patterns = new Set<string>();
  for (const model of models) {
    for (const set of model.haSets) {
      if (set.network) prefixes.set(set.network.text, set.network);
      for (const d of set.domains ?? []) patterns.add(d.toLowerCase());
    }
  }
  const sorted = [...prefixes.values()].sort(comparePrefixTargets);
  const out: Target[] = sorted.map((prefix) => {
    const addr = representative(prefix, sorted);
    const text = formatAddr(addr);
    return { key: `p:${prefix.text}`, text: prefix.text, type: 'prefix', prefix, destination: { kind: 'ip', addr, text }, probe: text };
  });
  for (const pattern of [...patterns].sort(compareStrings)) {
    const name = domainProbe(pattern);
    out.push({ key: `d:${pattern}`, text: pattern, type: 'domain', prefix: null, destination: { kind: 'domain', name }, probe: name });
  }
  return out;
}

/** JSON without source positions, and without what says nothing about behaviour (a route's index, field-presence set and description). */
function contentJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'loc' || key === 'index' || key === 'present' || key === 'description' ? undefined : typeof v === 'bigint' ? v.toString() : v));
}

/** What the simulator reads account-wide besides routes, peers and policy rules: whether there are policies, and the overlay network. */
function accountSignature(model: Model): string {
  const overlay = overlayOf(model);
  return JSON.stringify([model.policies !== null, overlay.v4?.text ?? null, overlay.v6?.text ?? null]);
}

/** Each policy rule by policy id and position, with its content and every peer on either side of it. */
function policyRules(model: Model): Map<string, { content: string; peers: Set<string> }> {
  const out = new Map<string, { content: string; peers: Set<string> }>();
  for (const policy of model.policies ?? []) {
    policy.rules.forEach((rule, i) => {
      const peers = new Set<string>();
      for (const side of [rule.sources, rule.destinations]) {
        for (const p of side.peerIds) peers.add(p);
        for (const g of side.groupIds) for (const p of model.membersOf(g)) peers.add(p);
      }
      out.set(JSON.stringify([policy.id, i, rule.id]), { content: contentJson([policy.enabled, rule]), peers });
    });
  }
  return out;
}

/** Peers on either side of a policy rule that differs between the models: whether a policy connects them to a routing peer may have changed. */
function peersOfChangedRules(a: Model, b: Model): Set<string> {
  const ra = policyRules(a);
  const rb = policyRules(b);
  const out = new Set<string>();
  for (const key of new Set([...ra.keys(), ...rb.keys()])) {
    const x = ra.get(key);
    const y = rb.get(key);
    if (x?.content === y?.content) continue;
    for (const p of x?.peers ?? []) out.add(p);
    for (const p of y?.peers ?? []) out.add(p);
  }
  return out;
}

/**
 * What the simulator reads about each peer, as a source or as a routing peer: overlay addresses,
 * expired login, local flags, OS (masquerade) and the groups it is a member of. Its name and
 * whether it was online at export time are left out: they change no carrier.
 */
function peerSignatures(model: Model): Map<string, string> {
  const groupsOf = new Map<string, string[]>();
  const groupIds = new Set([...(model.groups?.keys() ?? []), ...[...(model.peers?.values() ?? [])].flatMap((p) => p.groupIds)]);
  for (const g of [...groupIds].sort(compareStrings)) for (const p of model.membersOf(g)) push(groupsOf, p, g);
  const out = new Map<string, string>();
  for (const p of model.peers?.values() ?? []) {
    out.set(p.id, JSON.stringify([p.ip, p.ipv6, p.loginExpired, p.disableServerRoutes, p.disableClientRoutes, p.os, groupsOf.get(p.id) ?? []]));
  }
  return out;
}

/** Peers whose signature differs between the models, or that are in one only. */
function changedPeerIds(a: Model, b: Model): Set<string> {
  const sa = peerSignatures(a);
  const sb = peerSignatures(b);
  const out = new Set<string>();
  for (const id of new Set([...sa.keys(), ...sb.keys()])) if (sa.get(id) !== sb.get(id)) out.add(id);
  return out;
}

/** HA keys whose routes differ between the two models (or exist in one only). */
function changedSetKeys(a: Model, b: Model): Set<string> {
  const sig = (set: HaSet | undefined) => (set ? contentJson(set.routes) : '');
  const out = new Set<string>();
  for (const key of new Set([...a.haSetByKey.keys(), ...b.haSetByKey.keys()])) if (sig(a.haSetByKey.get(key)) !== sig(b.haSetByKey.get(key))) out.add(key);
  return out;
}

/**
 * Which members need simulating for a destination. A member's answer can only change when the
 * member itself changed (addresses, flags, groups, a policy rule it is on), when one of the sets
 * the answer reads changed, or when one of their routing peers did; exit sets matter only to the
 * peers that receive or serve them. Everyone else has the same answer on both sides.
 */
class ChangeScope {
  private readonly sameAccount: boolean;
  private readonly changedKeys: Set<string>;
  private readonly changedPeers: Set<string>;
  private readonly dirty = new Map<HaSet, boolean>();
  /** The changed peers and, when an exit set or one of its routing peers changed, everyone who receives or serves one. */
  private readonly changedForAddresses: Set<string>;

  constructor(
    private readonly before: Model,
    private readonly after: Model,
    exhaustive: boolean,
  ) {
    this.sameAccount = !exhaustive && accountSignature(before) === accountSignature(after);
    this.changedKeys = changedSetKeys(before, after);
    this.changedPeers = new Set([...changedPeerIds(before, after), ...peersOfChangedRules(before, after)]);
    this.changedForAddresses = new Set(this.changedPeers);
    const exitSets = [before, after].flatMap((m) => m.haSets.filter((s) => s.isExit));
    if (exitSets.some((s) => this.isDirty(s))) {
      for (const m of [before, after]) {
        for (const set of exitSets) {
          for (const route of set.routes) {
            for (const p of m.routingPeersOf(route) ?? []) this.changedForAddresses.add(p);
            for (const g of route.groups) for (const p of m.membersOf(g)) this.changedForAddresses.add(p);
          }
        }
      }
    }
  }

  /** Null: every member; else the members that need simulating. `sets`: those covering or matching the destination. */
  membersToSimulate(sets: readonly HaSet[], address: boolean): ReadonlySet<string> | null {
    if (!this.sameAccount || sets.some((s) => !s.isExit && this.isDirty(s))) return null;
    return address ? this.changedForAddresses : this.changedPeers;
  }

  /** Did the peer itself change (addresses, flags, groups, a policy rule it is on)? */
  changed(peerId: string): boolean {
    return this.changedPeers.has(peerId);
  }

  /** Did the set's routes, or one of its routing peers on either side, change? */
  private isDirty(set: HaSet): boolean {
    let d = this.dirty.get(set);
    if (d === undefined) {
      d = this.changedKeys.has(set.key) || set.routes.some((r) => [this.before, this.after].some((m) => (m.routingPeersOf(r) ?? []).some((p) => this.changedPeers.has(p))));
      this.dirty.set(set, d);
    }
    return d;
  }
}

/** Who carries a destination for one source on one side, and whether an exit set carries it. */
interface SideCarrier {
  readonly carrier: Carrier;
  readonly viaExit: boolean;
}

/** The side of the comparison one export gives: its model, simulator and indexes. */
class Side {
  readonly sim: Simulator;
  readonly index: SetIndex;
  private readonly routesById = new Map<string, Route>();
  private readonly states = new PeerStates();

  constructor(readonly model: Model) {
    this.sim = simulatorFor(model);
    this.index = new SetIndex(model);
    for (const r of model.routes) if (!this.routesById.has(r.id)) this.routesById.set(r.id, r);
  }

  /** Carriers already derived, by the answer they come from (shared answers give one each). */
  private readonly derived = new WeakMap<Outcome, SideCarrier>();

  /**
   * The carrier of each source for one destination. Sources whose answers rest on the same facts
   * share one answer without explanations (see simulate/share.ts) and so one carrier; `exhaustive`
   * asks the explained answer of every source on its own (the sharing's own check).
   */
  carriers(destination: Destination, exhaustive: boolean): (peerId: string) => SideCarrier {
    const options = { states: this.states, currentPeerId: null, exitNode: null };
    if (exhaustive) return (peerId) => this.carrierOfOutcome(this.sim.outcome(peerId, destination, options));
    const outcomeOf = this.sim.outcomes(destination, { ...options, explain: false }, true);
    return (peerId) => {
      const o = outcomeOf(peerId);
      let c = this.derived.get(o);
      if (!c) this.derived.set(o, (c = this.carrierOfOutcome(o)));
      return c;
    };
  }

  /** The carrier, and whether an exit set carries it (then a change to exit nodes alone can change it). */
  private carrierOfOutcome(o: Outcome): SideCarrier {
    // Only the routes the source holds can carry: an answer without explanations keeps exactly those rows.
    const viaExit = o.candidates.some((c) => (c.reason === 'selected' || c.reason === 'local' || c.reason === 'tied' || c.reason === 'conflict') && 'network' in c.route && c.route.network.endsWith('/0'));
    return { carrier: this.carrierOf(o), viaExit };
  }

  /** Who carries the traffic, and how the carrying routes treat it (masquerade, access control). */
  private carrierOf(o: Outcome): Carrier {
    const none = { disposition: o.disposition, peers: [], networkIds: [], nondeterministic: o.nondeterministic, masquerade: null, accessControlGroups: [] };
    if (o.disposition === 'NO_ROUTE' || o.disposition === 'NO_ROUTING_PEER') return none;
    if (o.disposition === 'LOCAL') return { ...none, networkIds: o.route ? [o.route.network_id] : [] };
    const carrying = o.nondeterministic ? o.candidates.filter((c) => (c.reason === 'tied' || c.reason === 'conflict') && c.peer) : o.candidates.filter((c) => c.reason === 'selected' && c.peer);
    const peers = new Map<string, PeerRef>();
    const networkIds = new Set<string>();
    const masquerades = new Set<boolean>();
    const acg = new Set<string>();
    for (const c of carrying) {
      peers.set(c.peer!.id, c.peer!);
      networkIds.add(c.route.network_id);
      // A ::/0 twin carries its 0.0.0.0/0 route's settings under `<id>-v6-default`.
      const route = this.routesById.get(c.route.id) ?? this.routesById.get(c.route.id.replace(/-v6-default$/, ''));
      if (!route) continue;
      masquerades.add(route.masquerade || alwaysMasquerades(this.model, c.peer!.id));
      for (const g of route.accessControlGroups) acg.add(g);
    }
    if (!o.nondeterministic && o.peer && !peers.has(o.peer.id)) peers.set(o.peer.id, o.peer);
    return {
      disposition: o.disposition,
      peers: [...peers.values()].sort(comparePeerRefs),
      networkIds: [...networkIds].sort(compareStrings),
      nondeterministic: o.nondeterministic,
      masquerade: masquerades.size === 1 ? [...masquerades][0]! : null,
      accessControlGroups: [...acg].sort(compareStrings).map((id) => ({ id, name: this.model.groupName(id) })),
    };
  }
}

const routed = (c: Carrier) => c.disposition === 'ROUTED' || c.disposition === 'LOCAL';

const carrierKeys = new WeakMap<Carrier, string>();

/** The identity of a carrier for comparison: names and network ids are left out, so a rename is no change. */
function carrierKey(c: Carrier): string {
  let key = carrierKeys.get(c);
  if (key === undefined) carrierKeys.set(c, (key = JSON.stringify([c.disposition, c.nondeterministic, c.peers.map((p) => p.id).sort(compareStrings), c.masquerade, c.accessControlGroups.map((g) => g.id)])));
  return key;
}

/** What kind of change going from `o` to `n` is (the two differ). */
export function kindOf(o: Carrier, n: Carrier): BehaviourKind {
  if (routed(o) && !routed(n)) return 'no-longer-routed';
  if (!routed(o) && routed(n)) return 'now-routed';
  if (!routed(o)) return 'disposition-changed';
  const ids = (c: Carrier) => JSON.stringify(c.peers.map((p) => p.id).sort(compareStrings));
  const samePeers = o.disposition === n.disposition && ids(o) === ids(n);
  if (!samePeers) {
    if (!o.nondeterministic && n.nondeterministic) return 'nondeterministic';
    if (o.nondeterministic && !n.nondeterministic) return 'deterministic';
    return 'moved';
  }
  const sameAcg = JSON.stringify(o.accessControlGroups.map((g) => g.id)) === JSON.stringify(n.accessControlGroups.map((g) => g.id));
  return sameAcg ? 'masquerade-changed' : 'access-control-changed';
}

interface Transition<T> {
  readonly old: T;
  readonly new: T;
  readonly sources: PeerRef[];
}

/**
 * Members whose value changes, grouped by identical change, the largest group first. `valueOf` may
 * give members the same object: its key is then written once.
 */
function transitions<T>(members: readonly PeerRef[], valueOf: (member: PeerRef, index: number) => { old: T; new: T }, keyOf: (v: T) => string): Transition<T>[] {
  const byKey = new Map<string, Transition<T>>();
  const keys = new Map<{ old: T; new: T }, string | null>();
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const v = valueOf(m, i);
    let key = keys.get(v);
    if (key === undefined) {
      const ko = keyOf(v.old);
      const kn = keyOf(v.new);
      keys.set(v, (key = ko === kn ? null : JSON.stringify([ko, kn])));
    }
    if (key === null) continue;
    const t = byKey.get(key);
    if (t) t.sources.push(m);
    else byKey.set(key, { old: v.old, new: v.new, sources: [m] });
  }
  return [...byKey.values()].sort((a, b) => b.sources.length - a.sources.length || comparePeerRefs(a.sources[0]!, b.sources[0]!));
}

export interface BehaviourDiff {
  readonly behaviour: BehaviourChange[];
  readonly exitNodes: ExitNodeChange[];
  readonly notes: string[];
}

export interface CompareOptions {
  /** Simulate every member for every destination on its own, skipping and sharing nothing (the scoping's and the sharing's own check). */
  readonly exhaustive?: boolean;
}

/** Compares routing behaviour; both models need their groups and peers. */
export function compareBehaviour(oldModel: Model, newModel: Model, options: CompareOptions = {}): BehaviourDiff {
  const before = new Side(oldModel);
  const after = new Side(newModel);
  const sides = [before, after];

  // Only peers in both exports have a before and an after.
  const inBoth = new Set([...oldModel.peers!.keys()].filter((id) => newModel.peers!.has(id)));
  const peerRef = (id: string): PeerRef => ({ id, name: newModel.peerName(id) });
  const groupRef = (id: string): PeerRef => ({ id, name: newModel.groups!.has(id) ? newModel.groupName(id) : oldModel.groupName(id) });
  const membersCache = new Map<string, PeerRef[]>();
  const membersOf = (groupId: string): PeerRef[] => {
    let members = membersCache.get(groupId);
    if (!members) {
      members = [...new Set([...oldModel.membersOf(groupId), ...newModel.membersOf(groupId)])]
        .filter((id) => inBoth.has(id))
        .map(peerRef)
        .sort(comparePeerRefs);
      membersCache.set(groupId, members);
    }
    return members;
  };
  const scopeOf = (sources: readonly PeerRef[], members: readonly PeerRef[]): Scope => (sources.length === members.length ? 'group' : 'members');

  // Most of a large account usually has the same answer on both sides: simulate only what may differ.
  const exhaustive = options.exhaustive ?? false;
  const scope = new ChangeScope(oldModel, newModel, exhaustive);
  // Members that every destination answers alike on both sides, and that the scoping treats alike, are one class (see Simulator.classOf).
  // Exhaustive, every member is a class of its own.
  const classes = new Map<string, number>();
  const classIds = new Map<string, number>();
  const classOf = (peerId: string): number => {
    let n = classes.get(peerId);
    if (n === undefined) {
      const text = exhaustive ? peerId : `${before.sim.classOf(peerId, true)} ${after.sim.classOf(peerId, true)} ${Number(scope.changed(peerId))}`;
      n = classIds.get(text);
      if (n === undefined) classIds.set(text, (n = classIds.size));
      classes.set(peerId, n);
    }
    return n;
  };
  // The class of each member of a group, in the group's member order.
  const classesCache = new Map<readonly PeerRef[], Int32Array>();
  const classesOf = (members: readonly PeerRef[]): Int32Array => {
    let out = classesCache.get(members);
    if (!out) classesCache.set(members, (out = Int32Array.from(members, (m) => classOf(m.id))));
    return out;
  };
  const exitSets = sides.flatMap((s) => s.model.haSets.filter((set) => set.isExit));

  const targets = targetsOf([oldModel, newModel]);
  const behaviour: BehaviourChange[] = [];
  for (const target of targets) {
    const covering = sides.flatMap((s) => (target.destination.kind === 'ip' ? s.index.covering(target.destination.addr) : s.index.matching(target.destination.name)));
    const only = scope.membersToSimulate(covering, target.destination.kind === 'ip');
    if (only !== null && only.size === 0) continue;
    // The groups this destination is distributed to: of the target's own exit sets for a /0, else of the sets covering it that are not exit nodes.
    const distributing = target.prefix?.bits === 0 ? sides.flatMap((s) => s.index.exits(target.prefix!.family)) : covering.filter((s) => !s.isExit);
    const groupIds = [...new Set(distributing.flatMap((s) => s.routes.flatMap((r) => r.groups)))].filter((g) => g !== '');
    const oldCarrier = before.carriers(target.destination, exhaustive);
    const newCarrier = after.carriers(target.destination, exhaustive);
    // One pair object per pair of carriers: members with the same change share it.
    const pairs = new Map<SideCarrier, Map<Carrier, { old: Carrier; new: Carrier }>>();
    // By member, or (not exhaustive) by the member's class: members of one class have one pair.
    const cache = new Map<number, { old: Carrier; new: Carrier }>();
    const carriers = (peerId: string, slot: number) => {
      let c = cache.get(slot);
      if (!c) {
        const was = oldCarrier(peerId);
        // Only exit sets changed for this member, and a more specific set carries its traffic: that set still does.
        const unaffected = only !== null && !scope.changed(peerId) && routed(was.carrier) && !was.viaExit;
        const now = unaffected ? was.carrier : newCarrier(peerId).carrier;
        let byNew = pairs.get(was);
        if (!byNew) pairs.set(was, (byNew = new Map()));
        c = byNew.get(now);
        if (!c) byNew.set(now, (c = { old: was.carrier, new: now }));
        cache.set(slot, c);
      }
      return c;
    };
    for (const groupId of groupIds) {
      const members = membersOf(groupId);
      const group = groupRef(groupId);
      const all = classesOf(members);
      const compared = only === null ? members : members.filter((m) => only.has(m.id));
      const classOfMember = only === null ? all : Int32Array.from(compared, (m) => classOf(m.id));
      for (const t of transitions(compared, (m, i) => carriers(m.id, classOfMember[i]!), carrierKey)) {
        const kind = kindOf(t.old, t.new);
        const rest = { destination: target.text, destinationType: target.type, probe: target.probe, group, scope: scopeOf(t.sources, members), sources: t.sources, members: members.length, old: t.old, new: t.new };
        behaviour.push({ kind, message: behaviourMessage({ kind, ...rest }), ...rest });
      }
    }
  }
  const order = new Map(targets.map((t, i) => [t.key, i]));
  const rank = (c: BehaviourChange) => order.get(`${c.destinationType === 'prefix' ? 'p' : 'd'}:${c.destination}`)!;
  behaviour.sort((a, b) => rank(a) - rank(b) || comparePeerRefs(a.group, b.group) || b.sources.length - a.sources.length || comparePeerRefs(a.sources[0]!, b.sources[0]!));

  const exitNodes: ExitNodeChange[] = [];
  const onlyExit = scope.membersToSimulate(exitSets, true);
  if (onlyExit === null || onlyExit.size > 0) {
    const groupIds = [...new Set(exitSets.flatMap((s) => s.routes.flatMap((r) => r.groups)))].filter((g) => g !== '');
    const chosen = new Map<string, { old: string | null; new: string | null }>();
    const exitOf = (peerId: string) => {
      let c = chosen.get(peerId);
      if (!c) chosen.set(peerId, (c = { old: before.sim.exitSelection(peerId).chosen, new: after.sim.exitSelection(peerId).chosen }));
      return c;
    };
    for (const group of groupIds.map(groupRef).sort(comparePeerRefs)) {
      const members = membersOf(group.id);
      for (const t of transitions(onlyExit === null ? members : members.filter((m) => onlyExit.has(m.id)), (m) => exitOf(m.id), (v) => v ?? '')) {
        const kind: ExitNodeKind = t.old === null ? 'now-auto-applied' : t.new === null ? 'no-longer-auto-applied' : 'switched';
        const rest = { group, scope: scopeOf(t.sources, members), sources: t.sources, members: members.length, old: t.old, new: t.new };
        exitNodes.push({ kind, message: exitNodeMessage({ kind, ...rest }), ...rest });
      }
    }
  }

  return { behaviour, exitNodes, notes: notesOf(oldModel, newModel, inBoth) };
}

function notesOf(oldModel: Model, newModel: Model, inBoth: ReadonlySet<string>): string[] {
  const notes = [
    'Every routing peer is assumed connected, direct and with equal latency: inside an HA set the metric decides, and exact ties are reported as nondeterministic.',
    'A prefix is compared at one address that no more specific prefix of either export takes away, so a nested prefix shows what changes for its own range; a domain pattern is compared at one name it matches.',
  ];
  const onlyIn = (a: Model, b: Model) =>
    [...a.peers!.keys()]
      .filter((id) => !inBoth.has(id) && !b.peers!.has(id))
      .map((id) => a.peerName(id))
      .sort(compareStrings);
  for (const [names, side] of [
    [onlyIn(oldModel, newModel), 'old'],
    [onlyIn(newModel, oldModel), 'new'],
  ] as const) {
    if (names.length === 0) continue;
    const shown = nameList(names, { limit: 5 });
    notes.push(`${names.length} peer${names.length === 1 ? ' is' : 's are'} only in the ${side} export (${shown}): without a before and an after, ${names.length === 1 ? 'it is' : 'they are'} not compared as sources.`);
  }
  for (const [model, side] of [
    [oldModel, 'old'],
    [newModel, 'new'],
  ] as const) {
    if (model.policies === null) notes.push(`The ${side} export has no policies: every routing peer is assumed to be connected to every source by an enabled policy.`);
    const n = model.schemaIssues.length;
    if (n > 0) notes.push(`${n} value${n === 1 ? '' : 's'} in the ${side} export ${n === 1 ? 'has' : 'have'} the wrong type or shape; the objects holding them were left out (see routelint lint).`);
  }
  return notes;
}
