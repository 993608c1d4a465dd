// What happens to a packet once the client has chosen a routing peer: it may be dropped there.
// A routing peer with disable_server_routes or block_inbound forwards nothing (docs/netbird-
// behaviour.md §3): a black hole, not a failover. Otherwise a route with access control groups is
// filtered by the routing peer's route firewall (§8), unless the peer runs no firewall.
import { inDistribution, policyPosture, routeAccessControl, ruleCoversTraffic, ruleHasSource, type AccessRule, type Traffic } from '../model/route-access.js';
import { forwardingStop, type ForwardingStop } from '../model/forwarding.js';
import type { CheckVerdict, PostureOverride } from '../model/posture.js';
import type { Model, PortRange, Route } from '../model/types.js';

/** Why the routing peer's route firewall drops the traffic (§8). */
export type AccessDropReason =
  /** Access control applies and no policy names the route's access control groups. */
  | 'no-policy'
  /** Policies apply, and none of their enabled rules has the source among its sources. */
  | 'source-not-in-rules'
  /** Rules name the source, but it is not in the route's distribution groups. */
  | 'source-not-in-distribution'
  /** Rules name the source, and it fails their policies' posture checks. */
  | 'posture-check-failed'
  /** Rules let the source in, but not with this protocol or port. */
  | 'protocol-or-port-not-allowed'
  /** A `drop` rule matches the source and the traffic. */
  | 'drop-rule';

/** Why the chosen routing peer drops the traffic: it forwards nothing (BLACKHOLED), or its firewall (DENIED). */
export type DropReason = ForwardingStop | AccessDropReason;

/** Does the routing peer drop everything it is sent (rather than filter it)? */
export function isBlackhole(reason: DropReason): reason is ForwardingStop {
  return reason === 'disable-server-routes' || reason === 'block-inbound';
}

/** One rule that lets the source in. */
export interface AllowingRule {
  readonly policy: { readonly id: string; readonly name: string };
  readonly rule: { readonly id: string; readonly name: string };
  readonly protocol: string;
  /** Inclusive ranges; empty means every port. */
  readonly ports: readonly PortRange[];
  /** `unknown` when the export cannot decide the policy's posture checks for the source (assumed passed). */
  readonly posture: Exclude<CheckVerdict, 'fail'>;
}

export interface Access {
  /** Does a route firewall filter this route at the chosen routing peer? */
  readonly applies: boolean;
  /** The route's access control groups. */
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  /** The rules that let this source in for this traffic (all protocols and ports when none is given). */
  readonly allowedBy: readonly AllowingRule[];
  /** Why the traffic is dropped; null when it passes. */
  readonly dropReason: AccessDropReason | null;
}

export interface PacketFate {
  readonly delivered: boolean;
  readonly reason: DropReason | null;
  readonly access: Access;
}

function allowing(r: AccessRule & { posture: 'pass' | 'unknown' }): AllowingRule {
  return { policy: { id: r.policy.id, name: r.policy.name }, rule: { id: r.rule.id, name: r.rule.name }, protocol: r.rule.protocol, ports: r.rule.ports, posture: r.posture };
}

/**
 * The route firewall's verdict on traffic from `sourceId` through `route` (§8). Without access
 * control groups, or at a routing peer with `disable_firewall`, everything passes. With no
 * protocol given (`traffic.protocol` null), the source is dropped only when no rule lets it in at
 * all, and every rule that does is listed.
 */
export function routeAccess(model: Model, route: Route, routingPeerId: string, sourceId: string, traffic: Traffic, override?: PostureOverride): Access {
  const groups = route.accessControlGroups.map((id) => ({ id, name: model.groupName(id) }));
  const firewallOff = model.peers?.get(routingPeerId)?.disableFirewall ?? false;
  // A Networks API resource reaches only its policies' sources (model/networks.ts), so whoever
  // receives it is let in; its rules' protocols and ports are not modelled here.
  if (groups.length === 0 || firewallOff || route.networkResource) return { applies: false, groups, allowedBy: [], dropReason: null };
  const denied = (dropReason: Access['dropReason'], allowedBy: readonly AllowingRule[] = []): Access => ({ applies: true, groups, allowedBy, dropReason });
  const control = routeAccessControl(model, route);
  if (control.rules.length === 0) return denied('no-policy');
  const named = control.rules.filter((r) => ruleHasSource(model, r.rule, sourceId));
  if (!named.some((r) => r.action === 'accept')) return denied('source-not-in-rules');
  // Rule sources count only inside the route's distribution groups (§8).
  if (!inDistribution(model, route, sourceId)) return denied('source-not-in-distribution');
  const passing = named.flatMap((r) => {
    const posture = policyPosture(model, r.policy, sourceId, override);
    return posture === 'fail' ? [] : [{ ...r, posture }];
  });
  const accepts = passing.filter((r) => r.action === 'accept');
  if (accepts.length === 0) return denied('posture-check-failed');
  if (traffic.protocol === null) return { applies: true, groups, allowedBy: accepts.map(allowing), dropReason: null };
  const allowedBy = accepts.filter((r) => ruleCoversTraffic(r.rule, traffic)).map(allowing);
  // routelint assumes a matching drop rule wins, as a firewall's deny entries come first.
  if (passing.some((r) => r.action === 'drop' && ruleCoversTraffic(r.rule, traffic))) return denied('drop-rule', allowedBy);
  return allowedBy.length === 0 ? denied('protocol-or-port-not-allowed') : { applies: true, groups, allowedBy, dropReason: null };
}

/** The packet's fate at the chosen routing peer: forwarded, or dropped there and why. */
export function packetFate(model: Model, route: Route, routingPeerId: string, sourceId: string, traffic: Traffic, override?: PostureOverride): PacketFate {
  const access = routeAccess(model, route, routingPeerId, sourceId, traffic, override);
  const peer = model.peers?.get(routingPeerId);
  const stop = peer ? forwardingStop(peer) : null;
  if (stop) return { delivered: false, reason: stop, access };
  return { delivered: access.dropReason === null, reason: access.dropReason, access };
}
