// The explicit, sorted registry of rules. A test checks that each has a docs page and a README row.
import type { Rule } from '../src/engine/rule.js';
import accessControlDropsDistribution from './access-control-drops-distribution.js';
import accessControlWithoutPolicy from './access-control-without-policy.js';
import distributionGroups from './distribution-groups.js';
import domainWildcardApex from './domain-wildcard-apex.js';
import duplicatePeerRoute from './duplicate-peer-route.js';
import duplicateRouteId from './duplicate-route-id.js';
import exitNodeCatchesPrivate from './exit-node-catches-private.js';
import exitNodeMasquerade from './exit-node-masquerade.js';
import exitNodeScope from './exit-node-scope.js';
import haGroupEmpty from './ha-group-empty.js';
import haMixedSettings from './ha-mixed-settings.js';
import haSinglePeer from './ha-single-peer.js';
import ineffectiveField from './ineffective-field.js';
import invalidDomains from './invalid-domains.js';
import invalidFieldType from './invalid-field-type.js';
import invalidPrefix from './invalid-prefix.js';
import ipv6RouteUnreachable from './ipv6-route-unreachable.js';
import masqueradeOffNeedsReturn from './masquerade-off-needs-return.js';
import metricConflict from './metric-conflict.js';
import metricRange from './metric-range.js';
import networkIdLength from './network-id-length.js';
import networkXorDomains from './network-xor-domains.js';
import overlappingNetworks from './overlapping-networks.js';
import overlayOverlap from './overlay-overlap.js';
import peerXorPeerGroups from './peer-xor-peer-groups.js';
import prefixHostBits from './prefix-host-bits.js';
import routeWithoutPolicy from './route-without-policy.js';
import routingPeerAwaitingApproval from './routing-peer-awaiting-approval.js';
import routingPeerNotForwarding from './routing-peer-not-forwarding.js';
import routingPeerUnavailable from './routing-peer-unavailable.js';
import terraformUnknownValue from './terraform-unknown-value.js';
import unknownGroup from './unknown-group.js';
import unknownPeer from './unknown-peer.js';
import unknownPostureCheck from './unknown-posture-check.js';
import unroutablePrefix from './unroutable-prefix.js';

export const rules: readonly Rule[] = Object.freeze([
  accessControlDropsDistribution,
  accessControlWithoutPolicy,
  distributionGroups,
  domainWildcardApex,
  duplicatePeerRoute,
  duplicateRouteId,
  exitNodeCatchesPrivate,
  exitNodeMasquerade,
  exitNodeScope,
  haGroupEmpty,
  haMixedSettings,
  haSinglePeer,
  ineffectiveField,
  invalidDomains,
  invalidFieldType,
  invalidPrefix,
  ipv6RouteUnreachable,
  masqueradeOffNeedsReturn,
  metricConflict,
  metricRange,
  networkIdLength,
  networkXorDomains,
  overlappingNetworks,
  overlayOverlap,
  peerXorPeerGroups,
  prefixHostBits,
  routeWithoutPolicy,
  routingPeerAwaitingApproval,
  routingPeerNotForwarding,
  routingPeerUnavailable,
  terraformUnknownValue,
  unknownGroup,
  unknownPeer,
  unknownPostureCheck,
  unroutablePrefix,
] as Rule[]);

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));
