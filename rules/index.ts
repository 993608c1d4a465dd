// The explicit, sorted registry of rules. A test checks that each has a docs page and a README row.
import type { Rule } from '../src/engine/rule.js';
import distributionGroups from './distribution-groups.js';
import duplicatePeerRoute from './duplicate-peer-route.js';
import duplicateRouteId from './duplicate-route-id.js';
import exitNodeMasquerade from './exit-node-masquerade.js';
import haGroupEmpty from './ha-group-empty.js';
import invalidDomains from './invalid-domains.js';
import invalidFieldType from './invalid-field-type.js';
import invalidPrefix from './invalid-prefix.js';
import metricConflict from './metric-conflict.js';
import metricRange from './metric-range.js';
import networkIdLength from './network-id-length.js';
import networkXorDomains from './network-xor-domains.js';
import overlappingNetworks from './overlapping-networks.js';
import peerXorPeerGroups from './peer-xor-peer-groups.js';
import prefixHostBits from './prefix-host-bits.js';
import unknownGroup from './unknown-group.js';
import unknownPeer from './unknown-peer.js';

export const rules: readonly Rule[] = Object.freeze([
  distributionGroups,
  duplicatePeerRoute,
  duplicateRouteId,
  exitNodeMasquerade,
  haGroupEmpty,
  invalidDomains,
  invalidFieldType,
  invalidPrefix,
  metricConflict,
  metricRange,
  networkIdLength,
  networkXorDomains,
  overlappingNetworks,
  peerXorPeerGroups,
  prefixHostBits,
  unknownGroup,
  unknownPeer,
] as Rule[]);

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));
