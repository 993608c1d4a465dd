import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { groupNames, nameList, targetOf } from '../src/model/describe.js';
import { andInto, andNotInto, countBits, hasBit, orInto, peerBitsOf, type PeerBits, type PeerBitsIndex } from '../src/model/peer-bits.js';
import { audienceMeetingOf } from '../src/model/audience-meeting.js';
import { groupsByPeer, reachOf, type Reach } from '../src/model/reach.js';
import { accessPolicyNumbers, type AccessRule } from '../src/model/route-access.js';
import { PostureBits, SureConnections, sourcesUnder, type FarSide } from '../src/model/sure-connections.js';
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

/**
 * Rule sources for member-by-member questions: their groups and named peers (by number), and the
 * posture verdicts a source must also have (null: no checks). Rules with the same verdicts (no
 * checks, or the same checks) share one test.
 */
interface SideTest {
  readonly groups: Set<number>;
  readonly peers: Set<number>;
  readonly verdicts: PeerBits | null;
}

interface MemberTests {
  readonly accepts: readonly SideTest[];
  readonly drops: readonly SideTest[];
}

function onSide(test: SideTest, groups: readonly number[], n: number): boolean {
  if (test.verdicts && !hasBit(test.verdicts, n)) return false;
  for (let k = 0; k < groups.length; k++) if (test.groups.has(groups[k]!)) return true;
  return test.peers.size > 0 && test.peers.has(n);
}

/** What one enabled policy brings to the access control of the routes whose access control groups it names (§8). */
interface PolicyAccess {
  readonly accepts: readonly AccessRule[];
  /** Drop rules for all traffic (dropsEverything). */
  readonly drops: readonly AccessRule[];
  /** Its accept rules' source groups, and the groups of the peers they name, by the meeting index's numbers. */
  readonly sourceGroups: readonly number[];
  readonly sourcePeerGroups: readonly number[];
}

function policyAccessOf(model: Model, reach: Reach, policy: Policy): PolicyAccess {
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
  return { accepts, drops, sourceGroups: [...groups], sourcePeerGroups: [...peerGroups] };
}

/**
 * What a route's access control makes of a recipient: its accept rules, and who gets through.
 * Asked member by member for routes with few recipients, as bitsets (built on first use) for
 * routes with many.
 */
class AccessSets {
  readonly accepts: readonly AccessRule[];
  /** Drop rules for all traffic (dropsEverything). */
  private readonly drops: readonly AccessRule[];
  private passing: PeerBits | null = null;
  /** For member-by-member questions, made on first use. */
  private tests: MemberTests | null = null;

  constructor(
    private readonly bits: PeerBitsIndex,
    private readonly posture: PostureBits,
    private readonly policies: readonly PolicyAccess[],
    /** Equal for equal sets of access control groups: a cache key. */
    readonly id: number,
  ) {
    const accepts: AccessRule[] = [];
    const drops: AccessRule[] = [];
    for (const p of policies) {
      for (const a of p.accepts) accepts.push(a);
      for (const d of p.drops) drops.push(d);
    }
    this.accepts = accepts;
    this.drops = drops;
  }

  private memberTests(): MemberTests {
    const testsOf = (rules: readonly AccessRule[], which: 'pass' | 'notFail'): SideTest[] => {
      const tests = new Map<PeerBits | null, SideTest>();
      for (const { policy, rule } of rules) {
        const verdicts = this.posture.of(policy)?.[which] ?? null;
        let test = tests.get(verdicts);
        if (!test) tests.set(verdicts, (test = { groups: new Set(), peers: new Set(), verdicts }));
        for (const g of rule.sources.groupIds) {
          const number = this.bits.groupNumberOf(g);
          if (number !== undefined) test.groups.add(number);
        }
        for (const peer of rule.sources.peerIds) {
          const n = this.bits.numberOf(peer);
          if (n !== undefined) test.peers.add(n);
        }
      }
      return [...tests.values()];
    };
    return (this.tests ??= { accepts: testsOf(this.accepts, 'notFail'), drops: testsOf(this.drops, 'pass') });
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

  /**
   * Does some traffic of peer number `n` pass: is it a source of an accept rule whose posture does
   * not fail, and not a source of a drop-everything rule whose posture passes? A posture check the
   * export cannot decide counts as passed for an accept rule and as failed for a drop rule: only
   * sure drops are reported.
   */
  passes(n: number): boolean {
    const { accepts, drops } = this.memberTests();
    const groups = this.bits.groupsOfNumber(n);
    let accepted = false;
    for (let k = 0; k < accepts.length && !accepted; k++) accepted = onSide(accepts[k]!, groups, n);
    if (!accepted) return false;
    for (let k = 0; k < drops.length; k++) if (onSide(drops[k]!, groups, n)) return false;
    return true;
  }

  /** `passes` for every peer, as a bitset. */
  passingSet(): PeerBits {
    if (!this.passing) {
      const passing = this.bits.empty();
      for (const a of this.accepts) orInto(passing, sourcesUnder(this.bits.side(a.rule.sources), this.posture.of(a.policy)?.notFail ?? null));
      for (const d of this.drops) andNotInto(passing, sourcesUnder(this.bits.side(d.rule.sources), this.posture.of(d.policy)?.pass ?? null));
      this.passing = passing;
    }
    return this.passing;
  }
}

const NO_PEERS: readonly string[] = [];

interface Offered {
  readonly enforcing: readonly string[];
  readonly open: readonly string[];
  /** Equal for equal sets of offered peers: a cache key. */
  readonly id: number;
  /** What the enforcing and the open peers are connected to (SureConnections.farSide), made on first use. */
  enforcingFar?: FarSide;
  openFar?: FarSide;
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
    const serversFrom = (peers: Iterable<string>): Servers => {
      const unique = new Set<number>();
      for (const p of peers) {
        const n = bits.numberOf(p);
        if (n !== undefined) unique.add(n);
      }
      const numbers = [...unique];
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
    // but to no enforcing one means connected to an open one only.) Null when no recipient is a
    // source of an accept rule: that is access-control-without-policy's finding.
    const scratch: (PeerBits | undefined)[] = [undefined, undefined];
    const droppedAsSets = (route: Route, ac: AccessSets, servers: Servers, ipv6Route: boolean, { enforcing, open }: Offered): Dropped | null => {
      if (!ac.sourceAmong(route, model)) return null;
      // Two scratch bitsets, reused from route to route.
      const recipients = (scratch[0] ??= bits.empty());
      recipients.fill(0);
      for (const g of route.groups) bits.addGroup(recipients, g);
      servers.removeFrom(recipients);
      const receivers = receivingBits(ipv6Route);
      if (receivers) andInto(recipients, receivers);
      // As one by one: who access control drops first, the connections only when someone is dropped.
      const failing = (scratch[1] ??= bits.empty());
      failing.set(recipients);
      andNotInto(failing, ac.passingSet());
      if (countBits(failing) === 0) return null;
      const toEnforcing = connections.of(enforcing, anyPosture);
      const toOpen = open.length > 0 ? connections.of(open, false) : null;
      andInto(recipients, toEnforcing);
      if (toOpen) andNotInto(recipients, toOpen);
      andInto(failing, toEnforcing);
      if (toOpen) andNotInto(failing, toOpen);
      const count = countBits(failing);
      if (count === 0) return null;
      return { total: countBits(recipients), count, first: bits.firstByName(failing, 3).map((p) => model.peerName(p)) };
    };
    const seen = new Int32Array(bits.size);
    const memberBuffer = new Int32Array(bits.size);
    const failingBuffer = new Int32Array(bits.size);
    let routeStamp = 0;
    const droppedOneByOne = (route: Route, ac: AccessSets, servers: Servers, ipv6Route: boolean, offered: Offered): Dropped | null => {
      if (!ac.sourceAmong(route, model)) return null;
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
      for (let k = 0; k < memberCount; k++) if (!ac.passes(memberBuffer[k]!)) failingBuffer[failingCount++] = memberBuffer[k]!;
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
        for (const p of [...new Set(listed)].sort()) {
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
      return new AccessSets(bits, posture, numbers.map((i) => (policyAccess[i] ??= policyAccessOf(model, reach, allPolicies[i]!))), id);
    };
    const findingFor = (route: Route): Finding | null => {
      const acgKey = route.accessControlGroups.length === 1 ? route.accessControlGroups[0]! : [...new Set(route.accessControlGroups)].sort().join(',');
      let ac = access.get(acgKey);
      if (!ac) access.set(acgKey, (ac = accessSetsOf(route.accessControlGroups, access.size)));
      // No accept rule at all is access-control-without-policy's finding.
      if (ac.accepts.length === 0) return null;
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
