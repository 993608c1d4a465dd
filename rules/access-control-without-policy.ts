import { defineRule } from '../src/engine/rule.js';
import { groupNames, targetOf } from '../src/model/describe.js';
import { groupsByPeer, reachOf, type Reach } from '../src/model/reach.js';
import { routeAccessControl } from '../src/model/route-access.js';
import type { PolicyRule, Route } from '../src/model/types.js';

/**
 * Does a source of `rule` belong to the route's distribution groups (by group or by member)? Asked
 * of group pairs through the model's meeting index (reach.ts), so a rule whose sources are big
 * groups costs a few bit tests per distribution group, not a walk over members.
 */
function sourceInDistribution(reach: Reach, groupsOf: ReadonlyMap<string, readonly string[]>, rule: PolicyRule, distribution: readonly string[]): boolean {
  const sources = rule.sources;
  if (sources.groupIds.some((g) => distribution.includes(g))) return true;
  if (sources.peerIds.some((peer) => (groupsOf.get(peer) ?? []).some((g) => distribution.includes(g)))) return true;
  return sources.groupIds.some((s) => distribution.some((d) => reach.meets(s, d)));
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
        if (known === undefined) sourceCache.set(key, (known = sourceInDistribution(reachOf(model), groupsByPeer(model), rule, distribution)));
        return known;
      });
      if (!reaches) report({ messageId: 'noSourceInDistribution', route, field: 'access_control_groups', data });
    };

    for (const route of model.routes) {
      if (route.enabled && route.accessControlGroups.length > 0) check(route);
    }
  },
});
