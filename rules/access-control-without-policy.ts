import { defineRule } from '../src/engine/rule.js';
import { groupNames, targetOf } from '../src/model/describe.js';
import { policyReachOf, type PolicyReach } from '../src/model/policy-reach.js';
import { routeAccessControl } from '../src/model/route-access.js';
import type { Model, PolicyRule, Route } from '../src/model/types.js';

/** Does a source of `rule` belong to the route's distribution groups (by group or by member)? */
function sourceInDistribution(model: Model, reach: PolicyReach, rule: PolicyRule, distribution: ReadonlySet<string>): boolean {
  const sources = rule.sources;
  if (sources.groupIds.some((g) => distribution.has(g))) return true;
  const sourceGroups = new Set(sources.groupIds);
  const inSources = (peer: string): boolean => sources.peerIds.includes(peer) || reach.groupsOf(peer).some((g) => sourceGroups.has(g));
  const inDistribution = (peer: string): boolean => reach.groupsOf(peer).some((g) => distribution.has(g));
  const size = (groups: Iterable<string>): number => {
    let n = 0;
    for (const g of groups) n += model.membersOf(g).size;
    return n;
  };
  // Walk the smaller side and look each peer's groups up on the other.
  if (size(distribution) < size(sourceGroups) + sources.peerIds.length) {
    for (const g of distribution) for (const peer of model.membersOf(g)) if (inSources(peer)) return true;
    return false;
  }
  if (sources.peerIds.some(inDistribution)) return true;
  for (const g of sourceGroups) for (const peer of model.membersOf(g)) if (inDistribution(peer)) return true;
  return false;
}

export default defineRule({
  id: 'access-control-without-policy',
  type: 'problem',
  description: 'A route with access control groups that no enabled policy accepts traffic to (from peers that receive the route); the routing peer drops all routed traffic.',
  severity: 'error',
  requires: ['policies'],
  messages: {
    noPolicy: 'No enabled policy accepts traffic to the access control groups of {{networkId}}',
    noSourceInDistribution: 'Policies to the access control groups of {{networkId}} admit none of its recipients',
  },
  explanations: {
    noPolicy:
      'Access control is on (groups {{groups}}), but no enabled policy that names these groups as a destination has an enabled accept rule, so the routing peer drops all traffic routed to {{target}}.',
    noSourceInDistribution:
      'Access control is on (groups {{groups}}), and the enabled accept rules of the policies that name them have no source in the route\'s distribution groups, so the routing peer drops all traffic routed to {{target}}.',
  },
  check({ model, report, note }) {
    // The accept rules that decide, by set of access control groups (§8): every enabled rule of an
    // enabled policy with any rule, enabled or not, naming one of the groups. A drop rule allows nothing.
    const acceptingBySet = new Map<string, readonly PolicyRule[]>();
    const ruleNumber = new Map<PolicyRule, number>();
    const acceptingRules = (route: Route, key: string): readonly PolicyRule[] => {
      let rules = acceptingBySet.get(key);
      if (!rules) {
        rules = [...new Set(routeAccessControl(model, route).rules.filter((r) => r.action === 'accept').map((r) => r.rule))];
        for (const rule of rules) if (!ruleNumber.has(rule)) ruleNumber.set(rule, ruleNumber.size);
        acceptingBySet.set(key, rules);
      }
      return rules;
    };
    const membershipKnown = model.has('groups') || model.has('peers');
    let noted = false;
    const sourceCache = new Map<string, boolean>();

    const check = (route: Route): void => {
      const acgs = [...new Set(route.accessControlGroups)];
      const data = { networkId: route.networkId, groups: groupNames(model, acgs), target: targetOf(route) };
      // A Networks API resource is allowed by the policies that target it (by group or by the
      // resource itself), and its distribution groups are those policies' sources by construction.
      if (route.networkResource) {
        if (route.networkResource.policyIds.length === 0) report({ messageId: 'noPolicy', route, data });
        return;
      }
      const rules = acceptingRules(route, [...acgs].sort().join(','));
      if (rules.length === 0) {
        report({ messageId: 'noPolicy', route, field: 'access_control_groups', data });
        return;
      }
      if (!membershipKnown) {
        if (!noted) note('groups', 'whether the policies\' sources receive routes with access control groups');
        noted = true;
        return;
      }
      const distribution = [...new Set(route.groups)].sort();
      const distributionKey = distribution.join(',');
      const reaches = rules.some((rule) => {
        const key = `${ruleNumber.get(rule)!}|${distributionKey}`;
        let known = sourceCache.get(key);
        if (known === undefined) sourceCache.set(key, (known = sourceInDistribution(model, policyReachOf(model), rule, new Set(distribution))));
        return known;
      });
      if (!reaches) report({ messageId: 'noSourceInDistribution', route, field: 'access_control_groups', data });
    };

    for (const route of model.routes) {
      if (route.enabled && route.accessControlGroups.length > 0) check(route);
    }
  },
});
