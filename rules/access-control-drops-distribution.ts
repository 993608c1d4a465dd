import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { groupNames, nameList, targetOf } from '../src/model/describe.js';
import { andInto, andNotInto, countBits, hasBit, orInto, peerBitsOf, type PeerBits, type PeerBitsIndex } from '../src/model/peer-bits.js';
import { audienceMeetingOf } from '../src/model/audience-meeting.js';
import { groupsByPeer, reachOf, type Reach } from '../src/model/reach.js';
import { accessPolicyNumbers, type AccessRule } from '../src/model/route-access.js';
import { PostureBits, SureConnections, type FarSide } from '../src/model/sure-connections.js';
import type { Model, Policy, PolicyRule, Route } from '../src/model/types.js';

// A route's recipients are asked about one by one when they are few, and as a set of peers
// (src/model/peer-bits.ts) when they are many: a distribution group of every peer, on thousands of
// routes, then costs a pass over words per route, and a group of thirty costs thirty questions.

/**
 * Up to `memberByMember` distribution members (counted with repeats), a route's recipients are
 * asked about one by one; past `serversAsBits` routing peers, an HA set's are taken out of its
 * recipients as a bitset. Settable so that tests hold every way to the same answers.
 */
export const tuning = { memberByMember: 4096, serversAsBits: 64 };

/** A drop rule for every protocol and port: it takes all of a source's traffic (routelint assumes drop rules come first, model/route-access.ts). */
function dropsEverything(rule: PolicyRule): boolean {
  return rule.protocol === 'all' && rule.ports.length === 0;
}

/** What one enabled policy brings to the access control of the routes whose access control groups it names (§8). */
interface PolicyAccess {
  readonly accepts: readonly AccessRule[];
  /** Drop rules for all traffic (dropsEverything). */
  readonly drops: readonly AccessRule[];
  /** Its accept rules' source groups, and the groups of the peers they name, by the meeting index's numbers. */
  readonly sourceGroups: readonly number[];
  readonly sourcePeerGroups: readonly number[];
  /**
   * For member-by-member questions: the accept and drop rules' source groups (peer-bits numbers)
   * and named peers (peer numbers), and the posture verdicts a source must also have (null: the
   * policy has no checks; a policy's checks are the same for all its rules).
   */
  readonly acceptGroups: readonly number[];
  readonly acceptPeers: readonly number[];
  readonly dropGroups: readonly number[];
  readonly dropPeers: readonly number[];
  readonly acceptVerdicts: PeerBits | null;
  readonly dropVerdicts: PeerBits | null;
}

function policyAccessOf(model: Model, reach: Reach, bits: PeerBitsIndex, posture: PostureBits, policy: Policy): PolicyAccess {
  const accepts: AccessRule[] = [];
  const drops: AccessRule[] = [];
  for (const rule of policy.rules) {
    if (!rule.enabled) continue;
    if (rule.action === 'drop') {
      if (dropsEverything(rule)) drops.push({ policy, rule, action: 'drop' });
    } else accepts.push({ policy, rule, action: 'accept' });
  }
  const groups = new Set<number>();
  const peerGroups = new Set<number>();
  for (const { rule } of accepts) {
    for (const g of rule.sources.groupIds) groups.add(reach.groupNumber(g));
    for (const p of rule.sources.peerIds) for (const g of groupsByPeer(model).get(p) ?? []) peerGroups.add(reach.groupNumber(g));
  }
  const numbered = (rules: readonly AccessRule[]): { groups: number[]; peers: number[] } => {
    const groups = new Set<number>();
    const peers = new Set<number>();
    for (const { rule } of rules) {
      for (const g of rule.sources.groupIds) {
        const n = bits.groupNumberOf(g);
        if (n !== undefined) groups.add(n);
      }
      for (const p of rule.sources.peerIds) {
        const n = bits.numberOf(p);
        if (n !== undefined) peers.add(n);
      }
    }
    return { groups: [...groups], peers: [...peers] };
  };
  const acceptSources = numbered(accepts);
  const dropSources = numbered(drops);
  const verdicts = posture.of(policy);
  return {
    accepts,
    drops,
    sourceGroups: [...groups],
    sourcePeerGroups: [...peerGroups],
    acceptGroups: acceptSources.groups,
    acceptPeers: acceptSources.peers,
    dropGroups: dropSources.groups,
    dropPeers: dropSources.peers,
    acceptVerdicts: verdicts?.notFail ?? null,
    dropVerdicts: verdicts?.pass ?? null,
  };
}

/** Is peer number `n` (of these groups) among `groups` or `peers`? */
function namedAmong(groups: readonly number[], peers: readonly number[], n: number, ofPeer: readonly number[]): boolean {
  for (let k = 0; k < ofPeer.length; k++) if (groups.includes(ofPeer[k]!)) return true;
  return peers.length > 0 && peers.includes(n);
}

/**
 * The sources of one AccessSets' policies without posture checks, marked over group and peer
 * numbers: a member passes or is dropped by a few array reads. One set of marks serves the rule's
 * run; it is marked again when another AccessSets asks (once per route at most, no allocation).
 */
class SourceMarks {
  readonly acceptGroups: Int32Array;
  readonly acceptPeers: Int32Array;
  readonly dropGroups: Int32Array;
  readonly dropPeers: Int32Array;
  stamp = 0;
  holder: AccessSets | null = null;

  constructor(groupCount: number, peerCount: number) {
    this.acceptGroups = new Int32Array(groupCount);
    this.acceptPeers = new Int32Array(peerCount);
    this.dropGroups = new Int32Array(groupCount);
    this.dropPeers = new Int32Array(peerCount);
  }
}

function mark(into: Int32Array, numbers: readonly number[], stamp: number): void {
  for (let k = 0; k < numbers.length; k++) into[numbers[k]!] = stamp;
}

function marked(marks: Int32Array, numbers: readonly number[], stamp: number): boolean {
  for (let k = 0; k < numbers.length; k++) if (marks[numbers[k]!] === stamp) return true;
  return false;
}

/**
 * What a route's access control makes of a recipient: its accept rules, and who gets through.
 * Asked member by member for routes with few recipients, as bitsets (built on first use) for
 * routes with many.
 */
class AccessSets {
  /** Accept rules of its policies: with none, access-control-without-policy speaks. */
  readonly acceptCount: number;
  private passing: PeerBits | null = null;
  /** Policies behind posture checks: asked policy by policy, after the marks. */
  private readonly checked: readonly PolicyAccess[];

  constructor(
    private readonly bits: PeerBitsIndex,
    private readonly policies: readonly PolicyAccess[],
    /** Equal for equal sets of access control groups: a cache key. */
    readonly id: number,
  ) {
    this.acceptCount = policies.reduce((sum, p) => sum + p.accepts.length, 0);
    this.checked = policies.filter((p) => p.acceptVerdicts !== null);
  }

  /**
   * Is a source of an accept rule, whatever its posture, a member of one of `route`'s distribution
   * groups (is anyone in the distribution meant to pass)? Asked through the audience's meeting
   * bitsets (audience-meeting.ts): a bit test per source group, whatever the groups' sizes.
   */
  sourceAmong(route: Route, model: Model): boolean {
    const audience = audienceMeetingOf(model, route);
    return this.policies.some((p) => p.sourceGroups.some((g) => audience.meets(g)) || p.sourcePeerGroups.some((g) => audience.groups.has(g)));
  }

  private markInto(marks: SourceMarks): void {
    const stamp = ++marks.stamp;
    marks.holder = this;
    for (const p of this.policies) {
      if (p.acceptVerdicts !== null) continue;
      mark(marks.acceptGroups, p.acceptGroups, stamp);
      mark(marks.acceptPeers, p.acceptPeers, stamp);
      mark(marks.dropGroups, p.dropGroups, stamp);
      mark(marks.dropPeers, p.dropPeers, stamp);
    }
  }

  /**
   * Does some traffic of peer number `n` pass: is it a source of an accept rule whose posture does
   * not fail, and not a source of a drop-everything rule whose posture passes? A posture check the
   * export cannot decide counts as passed for an accept rule and as failed for a drop rule: only
   * sure drops are reported.
   */
  passes(n: number, marks: SourceMarks): boolean {
    if (marks.holder !== this) this.markInto(marks);
    const stamp = marks.stamp;
    const groups = this.bits.groupsOfNumber(n);
    let accepted = marks.acceptPeers[n] === stamp || marked(marks.acceptGroups, groups, stamp);
    for (let k = 0; k < this.checked.length && !accepted; k++) {
      const p = this.checked[k]!;
      accepted = hasBit(p.acceptVerdicts!, n) && namedAmong(p.acceptGroups, p.acceptPeers, n, groups);
    }
    if (!accepted) return false;
    if (marks.dropPeers[n] === stamp || marked(marks.dropGroups, groups, stamp)) return false;
    for (let k = 0; k < this.checked.length; k++) {
      const p = this.checked[k]!;
      if (hasBit(p.dropVerdicts!, n) && namedAmong(p.dropGroups, p.dropPeers, n, groups)) return false;
    }
    return true;
  }

  /** `passes` for every peer, as a bitset; `scratch` is a bitset to work in. */
  passingSet(scratch: PeerBits): PeerBits {
    if (this.passing) return this.passing;
    const passing = this.bits.empty();
    // A side's sources, under its policy's verdicts, in `scratch`.
    const sourcesOf = (rule: PolicyRule, verdicts: PeerBits | null): PeerBits => {
      scratch.fill(0);
      this.bits.addSide(scratch, rule.sources);
      if (verdicts) andInto(scratch, verdicts);
      return scratch;
    };
    for (const p of this.policies) {
      for (const { rule } of p.accepts) {
        // Without checks, the sources go in as they are.
        if (p.acceptVerdicts) orInto(passing, sourcesOf(rule, p.acceptVerdicts));
        else this.bits.addSide(passing, rule.sources);
      }
    }
    for (const p of this.policies) for (const { rule } of p.drops) andNotInto(passing, sourcesOf(rule, p.dropVerdicts));
    return (this.passing = passing);
  }
}

const NO_PEERS: readonly string[] = [];

interface Offered {
  readonly enforcing: readonly string[];
  readonly open: readonly string[];
  /** Equal for equal sets of offered peers: a cache key. */
  readonly id: number;
  /** What the enforcing and the open peers are connected to, as links (SureConnections.farSide) and as peers (`of`), made on first use. */
  enforcingFar?: FarSide;
  openFar?: FarSide;
  enforcingBits?: PeerBits;
  openBits?: PeerBits;
}

/** The routing peers of a route's HA set. */
interface Servers {
  /** The numbers (peer-bits.ts) of the routing peers that have one. */
  readonly numbers: readonly number[];
  /** Equal for equal sets of peers: a cache key. */
  readonly id: number;
  removeFrom(recipients: PeerBits): void;
}

/** Recipients connected to the route's routing peers (`total`), those of them access control drops (`count`), the first by name. */
interface Dropped {
  readonly total: number;
  readonly count: number;
  readonly first: readonly string[];
}

interface Finding {
  readonly count: number;
  readonly total: number;
  readonly members: string;
}

export default defineRule({
  id: 'access-control-drops-distribution',
  type: 'problem',
  description: "Members of a route's distribution groups who receive the route while its access control groups drop all their traffic at the routing peer.",
  severity: 'warn',
  requires: ['groups', 'policies'],
  messages: {
    membersDropped: '{{count}} of {{total}} peers that receive {{networkId}} are outside its access control groups',
    everyoneDropped: 'None of the {{total}} peers that receive {{networkId}} is in its access control groups',
  },
  explanations: {
    membersDropped:
      'Access control groups {{groups}} decide who may send traffic through the route. The peers outside them ({{members}}) still get the route to {{target}}, so they send their traffic to the routing peer, which drops every packet.',
    everyoneDropped:
      'Access control groups {{groups}} decide who may send traffic through the route, and none of its recipients ({{members}}) is in them: they get the route to {{target}}, and the routing peer drops every packet they send through it.',
  },
  check({ model, report }) {
    const peers = model.peers;
    const bits = peerBitsOf(model);
    const posture = new PostureBits(model, bits);
    // With no posture check on any enabled policy, connected is surely connected: no verdict to weigh.
    const anyPosture = (model.policies ?? []).some((p) => p.enabled && p.sourcePostureCheckIds.length > 0);
    const access = new Map<string, AccessSets>();
    const findings = new Map<string, Finding | null>();
    const reach = reachOf(model);
    const connections = new SureConnections(model, bits, posture);
    // Recipients a routing peer serves at all (known, login valid, approved, client routes on; IPv6 routes: with an overlay IPv6).
    const receivingOf = (ipv6: boolean): PeerBits | null => (peers ? bits.where((p) => { const peer = peers.get(p); return !!peer && !peer.loginExpired && !peer.approvalRequired && !peer.disableClientRoutes && (!ipv6 || peer.overlayV6 !== null); }) : null);
    const receiving: (PeerBits | null | undefined)[] = [undefined, undefined];
    // Routing peers of the HA set never receive its routes from another peer: per HA set, as a key, and as a bitset when asked.
    const servedBy = new Map<string, Servers>();
    // Equal sets of routing peers share one Servers, and its number names them in a finding's cache
    // key: found by the model's shared list of routing peers when every route of the HA set has the
    // same (usually), and by the sorted peers otherwise.
    const serversByList = new Map<readonly string[], Servers>();
    const serversBySet = new Map<string, Servers>();
    let serverSets = 0;
    // `peers` holds each peer once (the model's list, or a set), so their numbers are unique.
    const serversFrom = (peers: Iterable<string>): Servers => {
      const numbers: number[] = [];
      for (const p of peers) {
        const n = bits.numberOf(p);
        if (n !== undefined) numbers.push(n);
      }
      let asBits: PeerBits | null = null;
      const removeFrom = (recipients: PeerBits): void => {
        // A big HA set (an exit node set of a thousand routing peers) is kept as a bitset.
        if (numbers.length <= tuning.serversAsBits) for (const n of numbers) recipients[n >>> 5]! &= ~(1 << (n & 31));
        else andNotInto(recipients, (asBits ??= bits.ofNumbers(numbers)));
      };
      return { numbers, id: serverSets++, removeFrom };
    };
    const serversOf = (route: Route): Servers => {
      let known = servedBy.get(route.haKey);
      if (known) return known;
      const routes = model.haSetByKey.get(route.haKey)?.routes ?? [route];
      const list = model.routingPeersOf(routes[0]!) ?? NO_PEERS;
      if (routes.every((r) => (model.routingPeersOf(r) ?? NO_PEERS) === list)) {
        known = serversByList.get(list);
        if (!known) serversByList.set(list, (known = serversFrom(list)));
      } else {
        const peers = routingPeersOfRoutes(model, routes);
        const key = [...peers].sort().join(',');
        known = serversBySet.get(key);
        if (!known) serversBySet.set(key, (known = serversFrom(peers)));
      }
      servedBy.set(route.haKey, known);
      return known;
    };
    const receivingBits = (ipv6Route: boolean): PeerBits | null => (peers ? (receiving[ipv6Route ? 1 : 0] ??= receivingOf(ipv6Route)) : null);
    // Connected to an enforcing routing peer (surely, under posture checks), and not to one without
    // a firewall: a peer that may pick that one may well get through. (Connected to an offered peer
    // but to no enforcing one means connected to an open one only.) Asked only when a recipient may
    // be a source of an accept rule (findingFor).
    const scratch: (PeerBits | undefined)[] = [undefined, undefined, undefined];
    const droppedAsSets = (route: Route, ac: AccessSets, servers: Servers, ipv6Route: boolean, offered: Offered): Dropped | null => {
      // Scratch bitsets, reused from route to route.
      const recipients = (scratch[0] ??= bits.empty());
      recipients.fill(0);
      for (const g of route.groups) bits.addGroup(recipients, g);
      servers.removeFrom(recipients);
      const receivers = receivingBits(ipv6Route);
      if (receivers) andInto(recipients, receivers);
      // As one by one: who access control drops first, the connections only when someone is dropped.
      const failing = (scratch[1] ??= bits.empty());
      failing.set(recipients);
      andNotInto(failing, ac.passingSet((scratch[2] ??= bits.empty())));
      if (countBits(failing) === 0) return null;
      const toEnforcing = (offered.enforcingBits ??= connections.of(offered.enforcing, anyPosture));
      const toOpen = offered.open.length > 0 ? (offered.openBits ??= connections.of(offered.open, false)) : null;
      andInto(recipients, toEnforcing);
      if (toOpen) andNotInto(recipients, toOpen);
      andInto(failing, toEnforcing);
      if (toOpen) andNotInto(failing, toOpen);
      const count = countBits(failing);
      if (count === 0) return null;
      return { total: countBits(recipients), count, first: bits.firstByName(failing, 3).map((p) => model.peerName(p)) };
    };
    const seen = new Int32Array(bits.size);
    const marks = new SourceMarks(bits.groupCount, bits.size);
    const memberBuffer = new Int32Array(bits.size);
    const failingBuffer = new Int32Array(bits.size);
    let routeStamp = 0;
    const droppedOneByOne = (route: Route, ac: AccessSets, servers: Servers, ipv6Route: boolean, offered: Offered): Dropped | null => {
      const stamp = ++routeStamp;
      const receivers = receivingBits(ipv6Route);
      // The recipients, in a scratch buffer; the routing peers are marked seen first: they never
      // receive their own set's routes.
      let memberCount = 0;
      for (const n of servers.numbers) seen[n] = stamp;
      for (const g of route.groups) {
        for (const n of bits.membersOf(g)) {
          if (seen[n] === stamp) continue;
          seen[n] = stamp;
          if (!receivers || hasBit(receivers, n)) memberBuffer[memberCount++] = n;
        }
      }
      // Who access control drops is asked first: a route that drops no recipient needs no far side
      // of its routing peers (what they are connected to).
      let failingCount = 0;
      for (let k = 0; k < memberCount; k++) if (!ac.passes(memberBuffer[k]!, marks)) failingBuffer[failingCount++] = memberBuffer[k]!;
      if (failingCount === 0) return null;
      const toEnforcing = connections.probe((offered.enforcingFar ??= connections.farSide(offered.enforcing, anyPosture)), 0);
      const toOpen = offered.open.length > 0 ? connections.probe((offered.openFar ??= connections.farSide(offered.open, false)), 1) : null;
      const connected = (n: number): boolean => connections.connects(n, toEnforcing) && !(toOpen && connections.connects(n, toOpen));
      // The dropped: the failing that are connected, kept at the front of their buffer.
      let count = 0;
      for (let k = 0; k < failingCount; k++) if (connected(failingBuffer[k]!)) failingBuffer[count++] = failingBuffer[k]!;
      if (count === 0) return null;
      let total = 0;
      for (let k = 0; k < memberCount; k++) if (connected(memberBuffer[k]!)) total++;
      return { total, count, first: bits.firstByNameAmong(failingBuffer.subarray(0, count), 3).map((p) => model.peerName(p)) };
    };
    // Routing peers clients are offered (known, login valid, approved), split into those that
    // enforce access control and those without a firewall; per list of routing peers (the model
    // shares one list among the routes naming the same peer or peer groups).
    const offeredBy = new Map<readonly string[], Offered>();
    const offeredIds = new Map<string, number>();
    // Per peer number: 0 not yet asked, 1 not offered, 2 enforcing, 3 open (no firewall).
    const offeredState = new Uint8Array(bits.size);
    const stateOf = (p: string): number => {
      const n = bits.numberOf(p);
      if (n !== undefined && offeredState[n] !== 0) return offeredState[n]!;
      const peer = peers?.get(p);
      const state = peers && (!peer || peer.loginExpired || peer.approvalRequired) ? 1 : peer?.disableFirewall ? 3 : 2;
      if (n !== undefined) offeredState[n] = state;
      return state;
    };
    const offeredOf = (route: Route): Offered => {
      const listed = model.routingPeersOf(route) ?? NO_PEERS;
      let known = offeredBy.get(listed);
      if (!known) {
        const offered: string[] = [];
        const enforcing: string[] = [];
        const open: string[] = [];
        // The model's list holds each peer once, sorted by id.
        for (const p of listed) {
          const state = stateOf(p);
          if (state === 1) continue;
          offered.push(p);
          (state === 3 ? open : enforcing).push(p);
        }
        const key = offered.join(',');
        let id = offeredIds.get(key);
        if (id === undefined) offeredIds.set(key, (id = offeredIds.size));
        offeredBy.set(listed, (known = { enforcing, open, id }));
      }
      return known;
    };
    // Per enabled policy (by number), what it brings to access control; per set of access control
    // groups, the policies that decide it (route-access.ts: any rule naming one of the groups), in order.
    const policyAccess: (PolicyAccess | undefined)[] = [];
    const allPolicies = model.policies ?? [];
    const accessSetsOf = (groups: readonly string[], id: number): AccessSets => {
      const unique = new Set<number>();
      for (const g of groups) for (const i of accessPolicyNumbers(model, g)) unique.add(i);
      const numbers = [...unique].sort((a, b) => a - b);
      return new AccessSets(bits, numbers.map((i) => (policyAccess[i] ??= policyAccessOf(model, reach, bits, posture, allPolicies[i]!))), id);
    };
    const findingFor = (route: Route): Finding | null => {
      const acgKey = route.accessControlGroups.length === 1 ? route.accessControlGroups[0]! : [...new Set(route.accessControlGroups)].sort().join(',');
      let ac = access.get(acgKey);
      if (!ac) access.set(acgKey, (ac = accessSetsOf(route.accessControlGroups, access.size)));
      // No accept rule at all, or none whose sources receive the route, is access-control-without-policy's
      // finding. Asked first: on most routes it ends the question before the routing peers are looked at.
      if (ac.acceptCount === 0 || !ac.sourceAmong(route, model)) return null;
      const offered = offeredOf(route);
      if (offered.enforcing.length === 0) return null;
      const servers = serversOf(route);
      const ipv6Route = route.kind === 'network' && route.network?.family === 6;
      const key = `${ac.id}|${reach.audienceOf(route).id}|${offered.id}|${servers.id}|${ipv6Route ? 6 : 4}`;
      if (findings.has(key)) return findings.get(key)!;

      const counted = route.groups.reduce((sum, g) => sum + bits.membersOf(g).length, 0);
      const dropped = counted <= tuning.memberByMember ? droppedOneByOne(route, ac, servers, ipv6Route, offered) : droppedAsSets(route, ac, servers, ipv6Route, offered);
      const finding: Finding | null = dropped && dropped.count > 0 ? { count: dropped.count, total: dropped.total, members: nameList(dropped.first, { total: dropped.count }) } : null;
      findings.set(key, finding);
      return finding;
    };

    for (const route of model.routes) {
      // A Networks API resource's distribution is its policies' sources: allowed by construction.
      if (!route.enabled || route.accessControlGroups.length === 0 || route.networkResource) continue;
      const finding = findingFor(route);
      if (!finding) continue;
      report({
        messageId: finding.count === finding.total ? 'everyoneDropped' : 'membersDropped',
        route,
        field: 'access_control_groups',
        data: { networkId: route.networkId, target: targetOf(route), groups: groupNames(model, [...new Set(route.accessControlGroups)]), ...finding },
      });
    }
  },
});
