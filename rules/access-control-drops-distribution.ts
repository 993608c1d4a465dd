import { defineRule } from '../src/engine/rule.js';
import { routingPeersOfRoutes } from '../src/model/sets.js';
import { groupNames, nameList, targetOf } from '../src/model/describe.js';
import { andInto, andNotInto, countBits, intersects, orInto, peerBitsOf, type PeerBits, type PeerBitsIndex } from '../src/model/peer-bits.js';
import { groupsByPeer } from '../src/model/reach.js';
import { policyPosture, routeAccessControl, type AccessRule } from '../src/model/route-access.js';
import type { Model, Policy, PolicyRule, Route } from '../src/model/types.js';

// Every question below is asked of a route's recipients as a set of peers (src/model/peer-bits.ts):
// a distribution group of every peer, on thousands of routes, costs a pass over words per route.

/** A drop rule for every protocol and port: it takes all of a source's traffic (routelint assumes drop rules come first, model/route-access.ts). */
function dropsEverything(rule: PolicyRule): boolean {
  return rule.protocol === 'all' && rule.ports.length === 0;
}

/**
 * Per policy, the peers whose posture verdict is `pass`, and those whose verdict is not `fail`;
 * null for a policy without checks (everyone). The verdict depends on the policy's checks only, so
 * policies naming the same checks share one pass over the peers.
 */
class PostureBits {
  private readonly known = new Map<string, { pass: PeerBits; notFail: PeerBits }>();

  constructor(
    private readonly model: Model,
    private readonly bits: PeerBitsIndex,
  ) {}

  of(policy: Policy): { pass: PeerBits; notFail: PeerBits } | null {
    if (policy.sourcePostureCheckIds.length === 0) return null;
    const key = [...new Set(policy.sourcePostureCheckIds)].sort().join('\u0000');
    let verdicts = this.known.get(key);
    if (!verdicts) {
      const pass = this.bits.empty();
      const notFail = this.bits.empty();
      for (let n = 0; n < this.bits.size; n++) {
        const verdict = policyPosture(this.model, policy, this.bits.idOf(n));
        if (verdict === 'pass') pass[n >>> 5]! |= 1 << (n & 31);
        if (verdict !== 'fail') notFail[n >>> 5]! |= 1 << (n & 31);
      }
      this.known.set(key, (verdicts = { pass, notFail }));
    }
    return verdicts;
  }
}

/** The peers of a rule side that pass (or do not fail) the policy's posture checks. */
function sourcesUnder(sources: PeerBits, verdicts: PeerBits | null): PeerBits {
  if (!verdicts) return sources;
  const kept = sources.slice();
  andInto(kept, verdicts);
  return kept;
}

/**
 * Peers that an enabled rule of an enabled policy surely connects to one of a set of routing peers
 * (§3): a source that fails the policy's posture checks is no source; one the export cannot decide
 * is not counted either, so that only peers sure to receive the route are reported. Rules are
 * indexed by the groups and peers on each side, so a set of routing peers visits only the rules
 * it takes part in.
 */
class SureConnections {
  private readonly rules: { readonly policy: Policy; readonly rule: PolicyRule }[] = [];
  private readonly byDestination = new Map<string, number[]>();
  private readonly bySource = new Map<string, number[]>();
  private readonly passingSources: (PeerBits | undefined)[] = [];
  private readonly known = new Map<string, PeerBits>();

  constructor(
    private readonly model: Model,
    private readonly bits: PeerBitsIndex,
    private readonly posture: PostureBits,
    private readonly groupsOf: (peer: string) => readonly string[],
  ) {
    const add = (index: Map<string, number[]>, key: string, i: number) => {
      const list = index.get(key);
      if (!list) index.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    for (const policy of model.policies ?? []) {
      if (!policy.enabled) continue;
      for (const rule of policy.rules) {
        if (!rule.enabled) continue;
        const i = this.rules.length;
        this.rules.push({ policy, rule });
        // Groups and peers in one key space: `g:` and `p:` keep them apart.
        for (const g of rule.destinations.groupIds) add(this.byDestination, `g:${g}`, i);
        for (const p of rule.destinations.peerIds) add(this.byDestination, `p:${p}`, i);
        for (const g of rule.sources.groupIds) add(this.bySource, `g:${g}`, i);
        for (const p of rule.sources.peerIds) add(this.bySource, `p:${p}`, i);
      }
    }
  }

  /** Rules with `peer` on the side `index` covers. */
  private rulesWith(index: ReadonlyMap<string, readonly number[]>, peer: string, into: Set<number>): void {
    for (const i of index.get(`p:${peer}`) ?? []) into.add(i);
    for (const g of this.groupsOf(peer)) for (const i of index.get(`g:${g}`) ?? []) into.add(i);
  }

  /**
   * With `underPosture`, the peers surely connected to one of `routingPeers`; without, every peer an
   * enabled rule connects to one of them whatever the posture checks (PolicyReach's counterparts).
   */
  of(routingPeers: readonly string[], underPosture: boolean): PeerBits {
    const key = `${underPosture}|${routingPeers.join(',')}`;
    let connected = this.known.get(key);
    if (connected) return connected;
    // A bounded cache: routes of one HA set ask the same, most other routes ask once.
    if (this.known.size >= 256) this.known.clear();
    const toward = new Set<number>();
    for (const r of routingPeers) this.rulesWith(this.byDestination, r, toward);
    // Rules from a routing peer that passes the policy's posture checks.
    const from = new Set<number>();
    const asSource = new Set<number>();
    for (const r of routingPeers) {
      asSource.clear();
      this.rulesWith(this.bySource, r, asSource);
      for (const i of asSource) if (!from.has(i) && (!underPosture || policyPosture(this.model, this.rules[i]!.policy, r) === 'pass')) from.add(i);
    }
    connected = this.bits.empty();
    // Sources of a rule toward a routing peer, if they pass its posture checks.
    for (const i of toward) {
      const { policy, rule } = this.rules[i]!;
      const verdicts = underPosture ? this.posture.of(policy) : null;
      if (!verdicts) this.bits.addSide(connected, rule.sources);
      else orInto(connected, (this.passingSources[i] ??= sourcesUnder(this.bits.side(rule.sources), verdicts.pass)));
    }
    // Destinations of those rules.
    for (const i of from) this.bits.addSide(connected, this.rules[i]!.rule.destinations);
    this.known.set(key, connected);
    return connected;
  }
}

/** What a route's access control makes of a recipient: its accept and drop rules, and who gets through. */
interface AccessSets {
  readonly accepts: readonly AccessRule[];
  /** Sources of an accept rule, whatever their posture (is anyone in the distribution meant to pass?). */
  readonly acceptSources: PeerBits;
  /**
   * Peers some traffic passes for: a source of an accept rule whose posture does not fail, and
   * not a source of a drop-everything rule whose posture passes. A posture check the export
   * cannot decide counts as passed for an accept rule and as failed for a drop rule: only sure
   * drops are reported.
   */
  readonly passing: PeerBits;
}

function accessSetsOf(model: Model, bits: PeerBitsIndex, posture: PostureBits, route: Route): AccessSets {
  const rules = routeAccessControl(model, route).rules;
  const accepts = rules.filter((r) => r.action === 'accept');
  const acceptSources = bits.empty();
  const passing = bits.empty();
  for (const a of accepts) {
    const sources = bits.side(a.rule.sources);
    orInto(acceptSources, sources);
    orInto(passing, sourcesUnder(sources, posture.of(a.policy)?.notFail ?? null));
  }
  for (const d of rules) if (d.action === 'drop' && dropsEverything(d.rule)) andNotInto(passing, sourcesUnder(bits.side(d.rule.sources), posture.of(d.policy)?.pass ?? null));
  return { accepts, acceptSources, passing };
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
    const peerGroups = groupsByPeer(model);
    const connections = new SureConnections(model, bits, posture, (peer) => peerGroups.get(peer) ?? []);
    // Recipients a routing peer serves at all (known, login valid, approved, client routes on; IPv6 routes: with an overlay IPv6).
    const receivingOf = (ipv6: boolean): PeerBits | null => (peers ? bits.where((p) => { const peer = peers.get(p); return !!peer && !peer.loginExpired && !peer.approvalRequired && !peer.disableClientRoutes && (!ipv6 || peer.overlayV6 !== null); }) : null);
    const receiving: (PeerBits | null | undefined)[] = [undefined, undefined];
    // Routing peers of the HA set never receive its routes from another peer: per HA set, and as a key.
    const servedBy = new Map<string, { readonly peers: ReadonlySet<string>; readonly key: string }>();
    const serversOf = (route: Route): { readonly peers: ReadonlySet<string>; readonly key: string } => {
      let known = servedBy.get(route.haKey);
      if (!known) {
        const peers = routingPeersOfRoutes(model, model.haSetByKey.get(route.haKey)?.routes ?? [route]);
        servedBy.set(route.haKey, (known = { peers, key: [...peers].sort().join(',') }));
      }
      return known;
    };
    const findingFor = (route: Route): Finding | null => {
      const acgKey = [...new Set(route.accessControlGroups)].sort().join(',');
      let ac = access.get(acgKey);
      if (!ac) access.set(acgKey, (ac = accessSetsOf(model, bits, posture, route)));
      // No accept rule at all is access-control-without-policy's finding.
      if (ac.accepts.length === 0) return null;
      // Routing peers clients are offered (known, login valid, approved), and those that enforce access control.
      const offered = [...new Set(model.routingPeersOf(route) ?? [])].filter((p) => !peers || (peers.has(p) && !peers.get(p)!.loginExpired && !peers.get(p)!.approvalRequired)).sort();
      const enforcing: string[] = [];
      const open: string[] = [];
      for (const p of offered) (peers?.get(p)?.disableFirewall ? open : enforcing).push(p);
      if (enforcing.length === 0) return null;
      const servers = serversOf(route);
      const ipv6Route = route.kind === 'network' && route.network?.family === 6;
      const key = `${acgKey}|${[...new Set(route.groups)].sort().join(',')}|${offered.join(',')}|${servers.key}|${ipv6Route}`;
      if (findings.has(key)) return findings.get(key)!;

      const recipients = bits.of(route.groups);
      // No source of an accept rule in the distribution groups is access-control-without-policy's finding.
      const anySource = intersects(recipients, ac.acceptSources);
      for (const s of servers.peers) bits.removePeer(recipients, s);
      if (peers) andInto(recipients, (receiving[ipv6Route ? 1 : 0] ??= receivingOf(ipv6Route))!);
      // Connected to an enforcing routing peer (surely, under posture checks), and not to one without
      // a firewall: a peer that may pick that one may well get through. (Connected to an offered
      // peer but to no enforcing one means connected to an open one only.)
      andInto(recipients, connections.of(enforcing, anyPosture));
      if (open.length > 0) andNotInto(recipients, connections.of(open, false));
      const total = countBits(recipients);
      andNotInto(recipients, ac.passing);
      const count = countBits(recipients);
      let finding: Finding | null = null;
      if (anySource && count > 0) {
        finding = { count, total, members: nameList(bits.firstByName(recipients, 3).map((p) => model.peerName(p)), { total: count }) };
      }
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
