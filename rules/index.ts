// The explicit, sorted registry of rules. A test checks that each has a docs page and a README row.
import type { Rule } from '../src/engine/rule.js';
import accessControlWithoutPolicy from './access-control-without-policy.js';
import domainWildcardApex from './domain-wildcard-apex.js';
import exitNodeScope from './exit-node-scope.js';
import haMixedSettings from './ha-mixed-settings.js';
import haSinglePeer from './ha-single-peer.js';
import ineffectiveField from './ineffective-field.js';
import invalidFieldType from './invalid-field-type.js';
import masqueradeOffNeedsReturn from './masquerade-off-needs-return.js';
import metricRange from './metric-range.js';
import overlayOverlap from './overlay-overlap.js';
import routeWithoutPolicy from './route-without-policy.js';
import routingPeerUnavailable from './routing-peer-unavailable.js';
import unroutablePrefix from './unroutable-prefix.js';

export const rules: readonly Rule[] = Object.freeze([
  accessControlWithoutPolicy,
  domainWildcardApex,
  exitNodeScope,
  haMixedSettings,
  haSinglePeer,
  ineffectiveField,
  invalidFieldType,
  masqueradeOffNeedsReturn,
  metricRange,
  overlayOverlap,
  routeWithoutPolicy,
  routingPeerUnavailable,
  unroutablePrefix,
] as Rule[]);

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));
