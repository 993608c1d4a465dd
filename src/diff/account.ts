// The groups, peers and policies that changed between two exports, as data: what was added, removed
// and changed field by field (membership as peers that joined and left), and for each behaviour or
// exit node change the account changes that touch its members or its carriers: the changes that
// caused it, among those the exports show. Prose is left to describe.ts and the renderers.
import type { Model, Peer, Policy, PolicyRule, PolicySide } from '../model/types.js';
import { portRangeText } from '../model/route-access.js';
import { groupsByPeer } from '../model/reach.js';
import { CAUSE_SOURCES, causeSourcesOf } from './behaviour.js';
import { firstOfClasses, listingCeiling } from './selection.js';
import { groupChangeMessage, peerChangeMessage, policyChangeMessage, sourceCount } from './describe.js';
import { compareByNameThenId, compareStrings } from '../order.js';
import type { PeerRef } from '../simulate/answer.js';
import type { AccountChanges, BehaviourChange, Caused, ChangeRef, ExitNodeChange, FieldChange, GroupChange, PeerChange, PolicyChange, RouteChange, RouteRefSummary, RuleChange } from './types.js';


/** A peer's fields that bear on routing, under the API's names; `groups` is left to group membership. */
const PEER_FIELDS: readonly [string, (p: Peer) => unknown][] = [
  ['name', (p) => p.name],
  ['ip', (p) => p.ip],
  ['ipv6', (p) => p.ipv6],
  ['dns_label', (p) => p.dnsLabel],
  ['connected', (p) => p.connected],
  ['login_expired', (p) => p.loginExpired],
  ['approval_required', (p) => p.approvalRequired],
  ['os', (p) => p.os],
  ['version', (p) => p.version],
  ['kernel_version', (p) => p.kernelVersion],
  ['local_flags.disable_server_routes', (p) => p.disableServerRoutes],
  ['local_flags.disable_client_routes', (p) => p.disableClientRoutes],
  ['local_flags.block_inbound', (p) => p.blockInbound],
  ['local_flags.block_lan_access', (p) => p.blockLanAccess],
  ['local_flags.disable_firewall', (p) => p.disableFirewall],
  ['country_code', (p) => p.countryCode],
  ['city_name', (p) => p.cityName],
  ['connection_ip', (p) => p.connectionIp],
];

function refsOf(ids: Iterable<string>, name: (id: string) => string): PeerRef[] {
  return [...ids].map((id) => ({ id, name: name(id) })).sort(compareByNameThenId);
}

/** Ids in `b` and not in `a`. */
function minus(b: Iterable<string>, a: ReadonlySet<string>): string[] {
  return [...b].filter((id) => !a.has(id));
}

/** A set field: what came and went, with names; null when equal. */
function setChange(field: string, before: readonly string[], after: readonly string[], nameBefore: (id: string) => string, nameAfter: (id: string) => string): FieldChange | null {
  const a = new Set(before);
  const b = new Set(after);
  const added = minus(b, a);
  const removed = minus(a, b);
  if (added.length === 0 && removed.length === 0) return null;
  return { field, old: [...a].sort(compareStrings), new: [...b].sort(compareStrings), added: refsOf(added, nameAfter), removed: refsOf(removed, nameBefore) };
}

function valueChange(field: string, before: unknown, after: unknown): FieldChange | null {
  return JSON.stringify(before) === JSON.stringify(after) ? null : { field, old: before, new: after };
}

function compareGroups(before: Model, after: Model): GroupChange[] {
  if (!before.groups || !after.groups) return [];
  const ids = [...new Set([...before.groups.keys(), ...after.groups.keys()])];
  const out: GroupChange[] = [];
  for (const id of ids) {
    const a = before.groups.get(id);
    const b = after.groups.get(id);
    const membersBefore = new Set(a ? before.membersOf(id) : []);
    const membersAfter = new Set(b ? after.membersOf(id) : []);
    const joined = refsOf(minus(membersAfter, membersBefore), (p) => after.peerName(p));
    const left = refsOf(minus(membersBefore, membersAfter), (p) => before.peerName(p));
    const change = !a ? 'added' : !b ? 'removed' : 'changed';
    const renamed = a && b && a.name !== b.name ? { oldName: a.name, newName: b.name } : {};
    if (change === 'changed' && joined.length === 0 && left.length === 0 && !('oldName' in renamed)) continue;
    const entry = { change, group: { id, name: (b ?? a)!.name }, ...renamed, membersAdded: joined, membersRemoved: left } as const;
    out.push({ ...entry, message: groupChangeMessage(entry) });
  }
  return out.sort((x, y) => compareByNameThenId(x.group, y.group));
}

function comparePeers(before: Model, after: Model): PeerChange[] {
  if (!before.peers || !after.peers) return [];
  const out: PeerChange[] = [];
  for (const id of new Set([...before.peers.keys(), ...after.peers.keys()])) {
    const a = before.peers.get(id);
    const b = after.peers.get(id);
    if (!a || !b) {
      const entry = { change: a ? 'removed' : 'added', peer: { id, name: (a ?? b)!.name }, fields: [] } as const;
      out.push({ ...entry, message: peerChangeMessage(entry) });
      continue;
    }
    const fields = PEER_FIELDS.map(([field, get]) => valueChange(field, get(a), get(b))).filter((f): f is FieldChange => f !== null);
    const entry = { change: 'changed', peer: { id, name: b.name }, fields } as const;
    if (fields.length > 0) out.push({ ...entry, message: peerChangeMessage(entry) });
  }
  return out.sort((x, y) => compareByNameThenId(x.peer, y.peer));
}

/** The groups and peers a rule side names, the groups a peer resource overrides included. */
function sideIds(side: PolicySide): { groups: string[]; peers: string[] } {
  return { groups: [...side.groupIds, ...side.ignoredGroupIds], peers: [...side.peerIds] };
}

function ruleFields(a: PolicyRule, b: PolicyRule, before: Model, after: Model): FieldChange[] {
  const group = (m: Model) => (id: string) => m.groupName(id);
  const peer = (m: Model) => (id: string) => m.peerName(id);
  const sides = (['sources', 'destinations'] as const).flatMap((side) => {
    const x = sideIds(a[side]);
    const y = sideIds(b[side]);
    return [setChange(side, x.groups, y.groups, group(before), group(after)), setChange(`${side} (peers)`, x.peers, y.peers, peer(before), peer(after))];
  });
  return [
    valueChange('name', a.name, b.name),
    valueChange('enabled', a.enabled, b.enabled),
    valueChange('action', a.action, b.action),
    valueChange('bidirectional', a.bidirectional, b.bidirectional),
    valueChange('protocol', a.protocol, b.protocol),
    valueChange('ports', a.ports.map(portRangeText), b.ports.map(portRangeText)),
    ...sides,
  ].filter((f): f is FieldChange => f !== null);
}

/** Rules matched by id (by position when a rule has none). */
function ruleKey(rule: PolicyRule, index: number): string {
  return rule.id !== '' ? rule.id : `#${index}`;
}

function comparePolicy(a: Policy | undefined, b: Policy | undefined, before: Model, after: Model): PolicyChange | null {
  const ref = { id: (b ?? a)!.id, name: (b ?? a)!.name };
  if (!a || !b) {
    const entry = { change: a ? 'removed' : 'added', policy: ref, fields: [], rules: [] } as const;
    return { ...entry, message: policyChangeMessage(entry) };
  }
  const fields = [
    valueChange('name', a.name, b.name),
    valueChange('enabled', a.enabled, b.enabled),
    setChange('source_posture_checks', a.sourcePostureCheckIds, b.sourcePostureCheckIds, (id) => id, (id) => id),
  ].filter((f): f is FieldChange => f !== null);
  const rulesBefore = new Map(a.rules.map((r, i) => [ruleKey(r, i), r]));
  const rulesAfter = new Map(b.rules.map((r, i) => [ruleKey(r, i), r]));
  const rules: RuleChange[] = [];
  for (const key of new Set([...rulesBefore.keys(), ...rulesAfter.keys()])) {
    const x = rulesBefore.get(key);
    const y = rulesAfter.get(key);
    const rule = { id: (y ?? x)!.id, name: (y ?? x)!.name };
    if (!x || !y) rules.push({ change: x ? 'removed' : 'added', rule, fields: [] });
    else {
      const changed = ruleFields(x, y, before, after);
      if (changed.length > 0) rules.push({ change: 'changed', rule, fields: changed });
    }
  }
  if (fields.length === 0 && rules.length === 0) return null;
  const entry = { change: 'changed', policy: ref, fields, rules } as const;
  return { ...entry, message: policyChangeMessage(entry) };
}

function comparePolicies(before: Model, after: Model): PolicyChange[] {
  if (!before.policies || !after.policies) return [];
  const a = new Map(before.policies.map((p) => [p.id, p]));
  const b = new Map(after.policies.map((p) => [p.id, p]));
  const out: PolicyChange[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const change = comparePolicy(a.get(id), b.get(id), before, after);
    if (change) out.push(change);
  }
  return out.sort((x, y) => compareByNameThenId(x.policy, y.policy));
}

/** The groups, peers and policies added, removed and changed; a section either export lacks is not compared. */
export function compareAccount(before: Model, after: Model): AccountChanges {
  return { groups: compareGroups(before, after), peers: comparePeers(before, after), policies: comparePolicies(before, after) };
}

/** Two sides a policy change connects or disconnects: groups and peers named on each side. */
interface Link {
  readonly from: { readonly groups: readonly string[]; readonly peers: readonly string[] };
  readonly to: { readonly groups: readonly string[]; readonly peers: readonly string[] };
}

const NO_IDS = { groups: [], peers: [] } as const;

/** The connections a policy change makes or breaks: whole rules where a rule came, went or changed in kind; only the moved side otherwise. */
function policyLinks(change: PolicyChange, before: Model, after: Model): Link[] {
  const versions = [before, after].map((m) => m.policies?.find((p) => p.id === change.policy.id)).filter((p): p is Policy => p !== undefined);
  const whole = (rules: readonly PolicyRule[]): Link[] => rules.map((r) => ({ from: sideIds(r.sources), to: sideIds(r.destinations) }));
  if (change.change !== 'changed' || change.fields.length > 0) return versions.flatMap((p) => whole(p.rules));
  const links: Link[] = [];
  for (const rc of change.rules) {
    const rules = versions.flatMap((p) => p.rules.filter((r) => r.id === rc.rule.id));
    const sideOnly = rc.change === 'changed' && rc.fields.every((f) => f.field.startsWith('sources') || f.field.startsWith('destinations') || f.field === 'name');
    if (!sideOnly) {
      links.push(...whole(rules));
      continue;
    }
    const moved = (side: 'sources' | 'destinations') => {
      const fields = rc.fields.filter((f) => f.field.startsWith(side));
      const ids = (kind: 'groups' | 'peers') => fields.filter((f) => f.field.endsWith('(peers)') === (kind === 'peers')).flatMap((f) => [...(f.added ?? []), ...(f.removed ?? [])].map((r) => r.id));
      return { groups: ids('groups'), peers: ids('peers') };
    };
    const all = (side: 'sources' | 'destinations') => rules.reduce<{ groups: string[]; peers: string[] }>((acc, r) => ({ groups: [...acc.groups, ...sideIds(r[side]).groups], peers: [...acc.peers, ...sideIds(r[side]).peers] }), { groups: [], peers: [] });
    const src = moved('sources');
    const dst = moved('destinations');
    if (src.groups.length + src.peers.length > 0) links.push({ from: src, to: all('destinations') });
    if (dst.groups.length + dst.peers.length > 0) links.push({ from: all('sources'), to: dst });
  }
  return links.length > 0 ? links : [{ from: NO_IDS, to: NO_IDS }];
}

/** Peers and the groups they belong to in either export: what a policy side must name to reach them. */
interface Party {
  readonly peers: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
}

function partyOf(peers: Iterable<string>, models: readonly Model[], extraGroups: Iterable<string> = []): Party {
  const set = new Set(peers);
  const groups = new Set<string>(extraGroups);
  // Each peer's own groups (those of the groups export), not every group's members: a change's sources may be thousands.
  for (const model of models) {
    const groupsOf = groupsByPeer(model);
    for (const p of set) for (const g of groupsOf.get(p) ?? []) if (model.groups?.has(g)) groups.add(g);
  }
  return { peers: set, groups };
}

/** Indexes of a list by the keys each entry has: the entries some keys touch, in list order, without scanning the list. */
class ListIndex {
  private readonly byKey = new Map<string, number[]>();
  /** The entries found by one call (see `touched`), cleared before it returns: a change's members may be thousands, each in several entries. */
  private readonly found: Uint8Array;

  constructor(entries: readonly (readonly string[])[]) {
    this.found = new Uint8Array(entries.length);
    entries.forEach((keys, i) => {
      for (const k of new Set(keys)) {
        const list = this.byKey.get(k);
        if (list) list.push(i);
        else this.byKey.set(k, [i]);
      }
    });
  }

  /** Positions of the entries with one of `keys`, ascending: from the keys, or from the index's own keys when those are fewer. */
  touched(keys: ReadonlySet<string>): number[] {
    const found = this.found;
    const out: number[] = [];
    const add = (list: readonly number[]) => {
      for (const i of list) if (!found[i]) {
        found[i] = 1;
        out.push(i);
      }
    };
    if (this.byKey.size < keys.size) {
      for (const [k, list] of this.byKey) if (keys.has(k)) add(list);
    } else for (const k of keys) {
      const list = this.byKey.get(k);
      if (list) add(list);
    }
    for (const i of out) found[i] = 0;
    return out.sort((a, b) => a - b);
  }
}

function touches(side: Link['from'], party: Party): boolean {
  return side.groups.some((g) => party.groups.has(g)) || side.peers.some((p) => party.peers.has(p));
}

/** Routing peers of the routes with these network_ids, in either export. */
function routingPeersOfNetworks(networkIds: ReadonlySet<string>, models: readonly Model[]): string[] {
  return models.flatMap((m) => m.routes.filter((r) => networkIds.has(r.networkId)).flatMap((r) => m.routingPeersOf(r) ?? (r.peer ? [r.peer] : [])));
}

export interface RouteChanges {
  readonly added: readonly RouteRefSummary[];
  readonly removed: readonly RouteRefSummary[];
  readonly changed: readonly RouteChange[];
}

/**
 * Links each behaviour and exit node change to the account changes that touch it: a group whose
 * membership moved one of its members or carriers, a change of one of those peers, a policy naming
 * a group (or peer) of theirs, a route of a carrying network_id. Returns copies with `causes`.
 */
export function linkCauses(
  behaviour: readonly BehaviourChange[],
  exitNodes: readonly ExitNodeChange[],
  account: AccountChanges,
  routes: RouteChanges,
  before: Model,
  after: Model,
  maxCauses = Infinity,
): { behaviour: Caused<BehaviourChange>[]; exitNodes: Caused<ExitNodeChange>[] } {
  const models = [before, after];
  const groupMoves = account.groups.map((g) => ({ ref: { kind: 'group', id: g.group.id } as ChangeRef, peers: new Set([...g.membersAdded, ...g.membersRemoved].map((p) => p.id)) }));
  const policies = account.policies.map((p) => ({ ref: { kind: 'policy', id: p.policy.id } as ChangeRef, links: policyLinks(p, before, after) }));
  // A route counts by the network_id it has on either side.
  const routeList = [
    ...[...routes.added, ...routes.removed].map((r) => ({ id: r.id, networkIds: [r.network_id] })),
    ...routes.changed.map((r) => ({ id: r.id, networkIds: [r.network_id, ...r.fields.filter((f) => f.field === 'network_id').flatMap((f) => [String(f.old), String(f.new)])] })),
  ];
  // Changes by the peers and network_ids they touch: a change's causes are found from its own members, not by scanning every account change.
  const movesByPeer = new ListIndex(groupMoves.map((g) => [...g.peers]));
  const peersById = new ListIndex(account.peers.map((p) => [p.peer.id]));
  const routesByNetwork = new ListIndex(routeList.map((r) => r.networkIds));
  const causesOf = (sourceIds: readonly string[], carrierIds: readonly string[], accessGroups: readonly string[], networkIds: readonly string[]): ChangeRef[] => {
    const involved = new Set(sourceIds);
    for (const id of carrierIds) involved.add(id);
    const out: ChangeRef[] = [];
    for (const i of movesByPeer.touched(involved)) out.push(groupMoves[i]!.ref);
    for (const i of peersById.touched(involved)) out.push({ kind: 'peer', id: account.peers[i]!.peer.id });
    if (policies.length > 0) {
      // The groups of the sources and carriers, only when a policy changed (a change's sources may be thousands).
      const sources = partyOf(sourceIds, models);
      // Access control groups stand for the destinations a policy must name (§8).
      const carriers = partyOf(carrierIds, models, accessGroups);
      // Policies connect peers either way round.
      for (const p of policies) if (p.links.some((l) => (touches(l.from, sources) && touches(l.to, carriers)) || (touches(l.to, sources) && touches(l.from, carriers)))) out.push(p.ref);
    }
    for (const i of routesByNetwork.touched(new Set(networkIds))) out.push({ kind: 'route', id: routeList[i]!.id });
    return dedupe(out);
  };
  const ids = (refs: readonly PeerRef[]) => refs.map((r) => r.id);
  // The members a change's causes are looked for among: all of them, up to a bound (see CAUSE_SOURCES), though fewer are listed.
  const sourceIds = (c: BehaviourChange | ExitNodeChange) => {
    const classes = causeSourcesOf.get(c);
    return classes === undefined || c.sources.length >= Math.min(sourceCount(c), CAUSE_SOURCES) ? ids(c.sources) : ids(firstOfClasses(classes, CAUSE_SOURCES));
  };
  const capped = (causes: ChangeRef[]) => (causes.length > maxCauses ? { causes: causes.slice(0, maxCauses), causesLeftOut: causes.length - maxCauses } : { causes });
  return {
    behaviour: linkedWithinNames(behaviour, (c) => ({
      ...c,
      ...capped(causesOf(sourceIds(c), [...ids(c.old.peers), ...ids(c.new.peers)], [...ids(c.old.accessControlGroups), ...ids(c.new.accessControlGroups)], [...c.old.networkIds, ...c.new.networkIds])),
    })),
    exitNodes: linkedWithinNames(exitNodes, (c) => {
      const nets = [c.old, c.new].filter((n): n is string => n !== null);
      return { ...c, ...capped(causesOf(sourceIds(c), routingPeersOfNetworks(new Set(nets), models), [], nets)) };
    }),
  };
}

/** The changes linked in order, up to those that name no more than `listingCeiling.names` members and causes (one name for each change itself). */
function linkedWithinNames<T extends BehaviourChange | ExitNodeChange>(changes: readonly T[], link: (c: T) => Caused<T>): Caused<T>[] {
  const out: Caused<T>[] = [];
  let names = 0;
  for (const c of changes) {
    const linked = link(c);
    names += 1 + linked.sources.length + linked.causes.length;
    if (names > listingCeiling.names) break;
    out.push(linked);
  }
  return out;
}

function dedupe(refs: readonly ChangeRef[]): ChangeRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.kind}\u0000${r.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
