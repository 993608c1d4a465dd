// The rule as it was before it asked its questions of peer bitsets (src/model/peer-bits.ts): member
// by member, every member of every distribution group per route. Kept as the reference the
// bitset version must agree with (test/rules/access-control-drops-distribution.test.ts).
import rule from '../../rules/access-control-drops-distribution.js';
import { routingPeersOfRoutes } from '../../src/model/sets.js';
import { groupNames, nameList, sortPeersByName, targetOf } from '../../src/model/describe.js';
import { policyReachOf } from '../../src/model/policy-reach.js';
import { policyPosture, routeAccessControl, ruleHasSource, type AccessRule } from '../../src/model/route-access.js';
import type { Model, PolicyRule, Route } from '../../src/model/types.js';

/** Is the peer among the rule's destinations (a peer resource replaces the groups, §3)? */
function ruleHasDestination(model: Model, rule: PolicyRule, peerId: string): boolean {
  if (rule.destinations.peerIds.includes(peerId)) return true;
  return rule.destinations.groupIds.some((g) => model.membersOf(g).has(peerId));
}

/**
 * Does an enabled rule of an enabled policy surely connect `member` to one of `routingPeers` (§3)?
 * A source that fails the policy's posture checks is no source; one the export cannot decide is
 * not counted either, so that only peers sure to receive the route are reported.
 */
function surelyConnected(model: Model, member: string, routingPeers: readonly string[]): boolean {
  for (const policy of model.policies ?? []) {
    if (!policy.enabled) continue;
    for (const rule of policy.rules) {
      if (!rule.enabled) continue;
      if (ruleHasSource(model, rule, member) && routingPeers.some((r) => ruleHasDestination(model, rule, r)) && policyPosture(model, policy, member) === 'pass') return true;
      for (const r of routingPeers) if (ruleHasSource(model, rule, r) && ruleHasDestination(model, rule, member) && policyPosture(model, policy, r) === 'pass') return true;
    }
  }
  return false;
}

/** A drop rule for every protocol and port: it takes all of a source's traffic (routelint assumes drop rules come first, model/route-access.ts). */
function dropsEverything(rule: PolicyRule): boolean {
  return rule.protocol === 'all' && rule.ports.length === 0;
}

/**
 * Does the route firewall drop every packet from `member`? Yes when no accept rule has it as a
 * source, or a drop rule for all traffic does. A posture check the export cannot decide counts as
 * passed for an accept rule and as failed for a drop rule: only sure drops are reported.
 */
function dropsAll(model: Model, accepts: readonly AccessRule[], drops: readonly AccessRule[], member: string): boolean {
  if (drops.some((d) => ruleHasSource(model, d.rule, member) && policyPosture(model, d.policy, member) === 'pass')) return true;
  return !accepts.some((a) => ruleHasSource(model, a.rule, member) && policyPosture(model, a.policy, member) !== 'fail');
}

interface Finding {
  readonly count: number;
  readonly total: number;
  readonly members: string;
}

/** The rule's own id, messages and explanations, with the member-by-member check. */
export const reference: typeof rule = Object.freeze({
  ...rule,
  check({ model, report }: Parameters<typeof rule.check>[0]) {
    const peers = model.peers;
    const reach = policyReachOf(model);
    // Without posture checks, policy connectivity is answered from the shared index.
    const posture = (model.policies ?? []).some((p) => p.enabled && p.sourcePostureCheckIds.length > 0);
    const access = new Map<string, { accepts: readonly AccessRule[]; drops: readonly AccessRule[] }>();
    const findings = new Map<string, Finding | null>();

    const findingFor = (route: Route): Finding | null => {
      const acgKey = [...new Set(route.accessControlGroups)].sort().join(',');
      let ac = access.get(acgKey);
      if (!ac) {
        const rules = routeAccessControl(model, route).rules;
        ac = { accepts: rules.filter((r) => r.action === 'accept'), drops: rules.filter((r) => r.action === 'drop' && dropsEverything(r.rule)) };
        access.set(acgKey, ac);
      }
      // No accept rule at all is access-control-without-policy's finding.
      if (ac.accepts.length === 0) return null;
      // Routing peers clients are offered (known, login valid, approved), and those that enforce access control.
      const offered = [...new Set(model.routingPeersOf(route) ?? [])].filter((p) => !peers || (peers.has(p) && !peers.get(p)!.loginExpired && !peers.get(p)!.approvalRequired)).sort();
      const enforcing = offered.filter((p) => !peers?.get(p)?.disableFirewall);
      if (enforcing.length === 0) return null;
      const open = offered.filter((p) => !enforcing.includes(p));
      // Routing peers of the HA set never receive its routes from another peer.
      const servers = routingPeersOfRoutes(model, model.haSetByKey.get(route.haKey)?.routes ?? [route]);
      const ipv6Route = route.kind === 'network' && route.network?.family === 6;
      const key = `${acgKey}|${[...new Set(route.groups)].sort().join(',')}|${offered.join(',')}|${[...servers].sort().join(',')}|${ipv6Route}`;
      if (findings.has(key)) return findings.get(key)!;

      const reached = reach.counterpartsOf(offered);
      const reachedOpen = open.length > 0 ? reach.counterpartsOf(open) : null;
      const seen = new Set<string>();
      const dropped: string[] = [];
      let total = 0;
      let anySource = false;
      for (const g of route.groups) {
        for (const m of model.membersOf(g)) {
          if (seen.has(m)) continue;
          seen.add(m);
          anySource ||= ac.accepts.some((a) => ruleHasSource(model, a.rule, m));
          if (servers.has(m)) continue;
          const peer = peers?.get(m);
          if (peers && (!peer || peer.loginExpired || peer.approvalRequired || peer.disableClientRoutes || (ipv6Route && peer.overlayV6 === null))) continue;
          if (!reach.connects(m, reached)) continue;
          if (posture && !surelyConnected(model, m, enforcing)) continue;
          // A peer that may pick a routing peer without a firewall may well get through.
          if (reachedOpen && reach.connects(m, reachedOpen)) continue;
          total++;
          if (dropsAll(model, ac.accepts, ac.drops, m)) dropped.push(m);
        }
      }
      // No source of an accept rule in the distribution groups is access-control-without-policy's finding.
      let finding: Finding | null = null;
      if (anySource && dropped.length > 0) {
        const sorted = sortPeersByName(model, dropped);
        finding = { count: dropped.length, total, members: nameList(sorted.slice(0, 3).map((p) => model.peerName(p)), { total: dropped.length }) };
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
