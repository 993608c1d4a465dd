// Route access control (docs/netbird-behaviour.md §8): a route with access control groups turns on
// the routing peer's route firewall. For each such group the server takes every policy with any
// rule (enabled or not) whose destinations include it; each enabled rule of those enabled
// policies then lets its sources in (groups, or the peer resource that replaces them) that are
// also in the route's distribution groups and pass the policy's posture checks, with the rule's
// protocol and ports. Anything else is dropped at the routing peer.
import { policyPostureOf, type CheckVerdict, type PostureOverride } from './posture.js';
import type { Model, Policy, PolicyRule, PortRange, Route } from './types.js';

/** One enabled rule of a policy that names one of the route's access control groups. */
export interface AccessRule {
  readonly policy: Policy;
  readonly rule: PolicyRule;
  /** routelint assumes a `drop` rule drops what it matches, before any `accept` rule. */
  readonly action: 'accept' | 'drop';
}

export interface RouteAccessControl {
  /** False when the route has no access control groups (or its routing peer runs no firewall): everything routed passes. */
  readonly applies: boolean;
  /** The rules that decide, in policy then rule order. */
  readonly rules: readonly AccessRule[];
}

const NO_CONTROL: RouteAccessControl = Object.freeze({ applies: false, rules: Object.freeze([]) });

/** Per group, the enabled policies with a rule (enabled or not) naming it among its destinations, by policy number. */
const policiesByDestinationCache = new WeakMap<Model, ReadonlyMap<string, readonly number[]>>();

function policiesByDestination(model: Model): ReadonlyMap<string, readonly number[]> {
  let index = policiesByDestinationCache.get(model);
  if (index) return index;
  const byGroup = new Map<string, number[]>();
  (model.policies ?? []).forEach((policy, i) => {
    if (!policy.enabled) return;
    for (const rule of policy.rules) {
      for (const g of rule.destinations.groupIds) {
        const list = byGroup.get(g);
        if (!list) byGroup.set(g, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
  });
  policiesByDestinationCache.set(model, (index = byGroup));
  return index;
}

/**
 * The numbers (in `model.policies`) of the enabled policies that decide a route's access control:
 * those with a rule, enabled or not, naming one of its access control groups as a destination.
 * Unsorted, and a policy may repeat: for callers that ask each policy once, in any order.
 */
export function accessPolicyNumbers(model: Model, groupId: string): readonly number[] {
  return policiesByDestination(model).get(groupId) ?? [];
}

/** The route's access control as the server builds it; `applies` is false without access control groups. */
export function routeAccessControl(model: Model, route: Route): RouteAccessControl {
  if (route.accessControlGroups.length === 0) return NO_CONTROL;
  const policies = model.policies ?? [];
  // Any rule, enabled or not, that names the group brings in the whole policy: found through an
  // index of the policies by destination group (an account may hold thousands), kept in policy order.
  const index = policiesByDestination(model);
  const numbers = new Set<number>();
  for (const g of route.accessControlGroups) for (const i of index.get(g) ?? []) numbers.add(i);
  const rules: AccessRule[] = [];
  for (const i of [...numbers].sort((a, b) => a - b)) {
    const policy = policies[i]!;
    for (const rule of policy.rules) if (rule.enabled) rules.push({ policy, rule, action: rule.action === 'drop' ? 'drop' : 'accept' });
  }
  return { applies: true, rules };
}

/** What a packet is, as far as the firewall looks: a protocol and, for TCP and UDP, a port; null means any. */
export interface Traffic {
  readonly protocol: 'tcp' | 'udp' | 'icmp' | 'all' | null;
  readonly port: number | null;
}

/** A port range as the API writes ports: `443`, or `8000-8100`. */
export function portRangeText(r: PortRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}

function portsMatch(ports: readonly PortRange[], port: number | null): boolean {
  if (ports.length === 0) return true;
  return port !== null && ports.some((r) => port >= r.start && port <= r.end);
}

/** Does the rule's protocol and ports cover the traffic? With an unknown protocol or port, only a rule covering every value does. */
export function ruleCoversTraffic(rule: PolicyRule, traffic: Traffic): boolean {
  if (rule.protocol === 'all') return true;
  if (traffic.protocol === null || traffic.protocol === 'all') return false;
  if (rule.protocol !== traffic.protocol) return false;
  return traffic.protocol === 'icmp' || portsMatch(rule.ports, traffic.port);
}

/** Is the peer among the rule's sources (the peer resource replaces the groups, §3)? */
export function ruleHasSource(model: Model, rule: PolicyRule, peerId: string): boolean {
  if (rule.sources.peerIds.includes(peerId)) return true;
  return rule.sources.groupIds.some((g) => model.membersOf(g).has(peerId));
}

/** Is the peer in one of the route's distribution groups? */
export function inDistribution(model: Model, route: Route, peerId: string): boolean {
  return route.groups.some((g) => model.membersOf(g).has(peerId));
}

/** The posture verdict of a policy's source checks for a peer (see `policyPostureOf`). */
export function policyPosture(model: Model, policy: Policy, peerId: string, override?: PostureOverride): CheckVerdict {
  return policyPostureOf(model.postureChecks, policy, model.peers?.get(peerId), override);
}

/**
 * `model.policyConnects` with the user's word on posture checks: does an enabled rule of an enabled
 * policy connect the two peers (either way round), counting as a source only a peer that passes the
 * policy's posture checks (§3)? Null without policies. Slower than the model's index: for questions
 * that override posture only.
 */
export function policyConnectsUnder(model: Model, a: string, b: string, override: PostureOverride): boolean | null {
  if (!model.policies) return null;
  for (const policy of model.policies) {
    if (!policy.enabled) continue;
    for (const rule of policy.rules) {
      if (!rule.enabled) continue;
      const hasDestination = (p: string) => rule.destinations.peerIds.includes(p) || rule.destinations.groupIds.some((g) => model.membersOf(g).has(p));
      const isSource = (p: string) => ruleHasSource(model, rule, p) && policyPosture(model, policy, p, override) !== 'fail';
      if ((isSource(a) && hasDestination(b)) || (isSource(b) && hasDestination(a))) return true;
    }
  }
  return false;
}
