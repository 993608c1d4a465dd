// The explicit, sorted registry of rules. A test checks that each has a docs page and a README row.
import type { Rule } from '../src/engine/rule.js';
import exitNodeMasquerade from './exit-node-masquerade.js';
import haGroupEmpty from './ha-group-empty.js';
import invalidFieldType from './invalid-field-type.js';
import metricConflict from './metric-conflict.js';
import metricRange from './metric-range.js';
import overlappingNetworks from './overlapping-networks.js';

export const rules: readonly Rule[] = Object.freeze([exitNodeMasquerade, haGroupEmpty, invalidFieldType, metricConflict, metricRange, overlappingNetworks] as Rule[]);

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));
