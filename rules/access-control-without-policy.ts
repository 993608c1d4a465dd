import { defineRule } from '../src/engine/rule.js';
import { groupNames, targetOf } from '../src/model/describe.js';
import { audienceMeetingOf, type AudienceMeeting } from '../src/model/audience-meeting.js';
import { groupsByPeer, reachOf, type Reach } from '../src/model/reach.js';
import { accessPolicyNumbers } from '../src/model/route-access.js';
import type { Model, Policy, Route } from '../src/model/types.js';

/** What one policy's enabled accept rules let in: their source groups, and the groups of their source peers, each once, by reach number. */
interface AcceptSources {
  readonly accepts: boolean;
  readonly groups: readonly number[];
  readonly peerGroups: readonly number[];
}

function acceptSources(reach: Reach, policy: Policy, groupsOf: ReadonlyMap<string, readonly string[]>): AcceptSources {
  const groups = new Set<number>();
  const peerGroups = new Set<number>();
  let accepts = false;
  for (const rule of policy.rules) {
    // A drop rule allows nothing (§8).
    if (!rule.enabled || rule.action === 'drop') continue;
    accepts = true;
    for (const g of rule.sources.groupIds) groups.add(reach.groupNumber(g));
    for (const peer of rule.sources.peerIds) for (const g of groupsOf.get(peer) ?? []) peerGroups.add(reach.groupNumber(g));
  }
  return { accepts, groups: [...groups], peerGroups: [...peerGroups] };
}

/**
 * Does a source of the policy's accept rules belong to the route's distribution groups (by group or
 * by member)? Asked of group numbers through the audience's meeting bitsets, so sources that are
 * big groups cost a bit test, not a walk over members.
 */
function sourceInDistribution(sources: AcceptSources, distribution: AudienceMeeting): boolean {
  const { groups } = distribution;
  if (sources.peerGroups.some((g) => groups.has(g))) return true;
  return sources.groups.some((s) => groups.has(s) || distribution.meets(s));
}

/**
 * A route's access control allows its recipients in when one of the policies that decide it (§8)
 * has an enabled accept rule with a source among them. Both halves are asked per policy, once per
 * set of distribution groups (the route's audience): an account repeats policies across many
 * access control sets.
 */
class PolicyVerdicts {
  private readonly sources: (AcceptSources | undefined)[] = [];
  private readonly verdicts = new Map<number, boolean>();
  private readonly policies: readonly Policy[];
  private readonly reach: Reach;

  constructor(private readonly model: Model) {
    this.policies = model.policies ?? [];
    this.reach = reachOf(model);
  }

  private sourcesOf(policy: number): AcceptSources {
    return (this.sources[policy] ??= acceptSources(this.reach, this.policies[policy]!, groupsByPeer(this.model)));
  }

  /** Does any enabled accept rule decide the route's access control? */
  anyAccepting(route: Route): boolean {
    return route.accessControlGroups.some((g) => accessPolicyNumbers(this.model, g).some((i) => this.sourcesOf(i).accepts));
  }

  /** Does an accept rule that decides the route's access control have a source among its recipients? */
  admitsRecipients(route: Route): boolean {
    const audience = this.reach.audienceOf(route).id;
    const distribution = audienceMeetingOf(this.model, route);
    const base = audience * this.policies.length;
    return route.accessControlGroups.some((g) =>
      accessPolicyNumbers(this.model, g).some((i) => {
        let verdict = this.verdicts.get(base + i);
        if (verdict === undefined) {
          const sources = this.sourcesOf(i);
          verdict = sources.accepts && sourceInDistribution(sources, distribution);
          this.verdicts.set(base + i, verdict);
        }
        return verdict;
      }),
    );
  }
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
    const verdicts = new PolicyVerdicts(model);
    const membershipKnown = model.has('groups') || model.has('peers');
    let noted = false;
    const dataOf = (route: Route) => ({ networkId: route.networkId, groups: groupNames(model, [...new Set(route.accessControlGroups)]), target: targetOf(route) });

    const check = (route: Route): void => {
      // A Networks API resource is allowed by the policies that target it (by group or by the
      // resource itself), and its distribution groups are those policies' sources by construction.
      if (route.networkResource) {
        if (route.networkResource.policyIds.length === 0) report({ messageId: 'noPolicy', route, data: dataOf(route) });
        return;
      }
      if (!verdicts.anyAccepting(route)) {
        report({ messageId: 'noPolicy', route, field: 'access_control_groups', data: dataOf(route) });
        return;
      }
      if (!membershipKnown) {
        if (!noted) note('groups', 'whether the policies\' sources receive routes with access control groups');
        noted = true;
        return;
      }
      if (!verdicts.admitsRecipients(route)) report({ messageId: 'noSourceInDistribution', route, field: 'access_control_groups', data: dataOf(route) });
    };

    for (const route of model.routes) {
      if (route.enabled && route.accessControlGroups.length > 0) check(route);
    }
  },
});
