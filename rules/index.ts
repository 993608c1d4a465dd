// The explicit, sorted registry of rules. A test checks that each has a docs page and a README row.
import type { Rule } from '../src/engine/rule.js';
import invalidFieldType from './invalid-field-type.js';
import metricRange from './metric-range.js';
import terraformUnknownValue from './terraform-unknown-value.js';

export const rules: readonly Rule[] = Object.freeze([invalidFieldType, metricRange, terraformUnknownValue] as Rule[]);

export const rulesById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.meta.id, r]));
