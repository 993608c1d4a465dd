// The one factory every rule goes through, after typescript-eslint's RuleCreator: the rule states
// data (meta, messages) and a pure check; the docs URL, defaults and message filling live here.
import type { Loc, Model, Route, Section } from '../model/types.js';

export type Severity = 'off' | 'warn' | 'error';
export type RuleType = 'problem' | 'suggestion';
export type ReportData = Readonly<Record<string, string | number>>;

export interface Report<M extends string> {
  readonly messageId: M;
  readonly data?: ReportData;
  /** The route the finding is about; its position is used unless `field` or `at` says more. */
  readonly route?: Route;
  /** A field of `route` (`network`, `metric`, `groups`, …): the finding points at its value. */
  readonly field?: string | readonly (string | number)[];
  /** An explicit location, for findings not about one route. */
  readonly at?: Loc;
  readonly related?: readonly Route[];
  /** Key facts that identify this finding apart from its route (for baselines and dedup). */
  readonly facts?: readonly string[];
}

export interface RuleContext<M extends string, O> {
  readonly model: Model;
  readonly options: O;
  report(report: Report<M>): void;
  /** Tells the user that part of the rule did not run because a section of the export is missing. */
  note(missing: Section, what: string): void;
}

export interface RuleMeta<M extends string> {
  readonly id: string;
  readonly type: RuleType;
  readonly description: string;
  readonly severity: Exclude<Severity, 'off'>;
  /** The rule is skipped when one of these sections is not in the export. */
  readonly requires: readonly Section[];
  readonly messages: Readonly<Record<M, string>>;
  readonly docsUrl: string;
}

export interface Rule<M extends string = string, O = unknown> {
  readonly meta: RuleMeta<M>;
  readonly defaultOptions: O;
  /** Validates user options (from the config file); returns an error text or null. */
  validateOptions(options: unknown): string | null;
  check(context: RuleContext<M, O>): void;
}

export interface RuleDefinition<M extends string, O> {
  readonly id: string;
  readonly type: RuleType;
  readonly description: string;
  readonly severity: Exclude<Severity, 'off'>;
  readonly requires?: readonly Section[];
  readonly messages: Readonly<Record<M, string>>;
  readonly defaultOptions?: O;
  readonly validateOptions?: (options: unknown) => string | null;
  readonly check: (context: RuleContext<M, O>) => void;
}

export const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function docsPathOf(id: string): string {
  return `docs/rules/${id}.md`;
}

export function defineRule<M extends string, O = Record<string, never>>(def: RuleDefinition<M, O>): Rule<M, O> {
  if (!RULE_ID.test(def.id)) throw new Error(`rule id "${def.id}" is not kebab-case`);
  return Object.freeze({
    meta: Object.freeze({
      id: def.id,
      type: def.type,
      description: def.description,
      severity: def.severity,
      requires: Object.freeze([...(def.requires ?? [])]),
      messages: Object.freeze({ ...def.messages }),
      docsUrl: docsPathOf(def.id),
    }),
    defaultOptions: (def.defaultOptions ?? {}) as O,
    validateOptions: def.validateOptions ?? ((options: unknown) => (options === undefined || (typeof options === 'object' && options !== null && Object.keys(options).length === 0) ? null : 'this rule takes no options')),
    check: def.check,
  });
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

/** Templates split once: text at even positions, placeholder names at odd ones. */
const templateParts = new Map<string, readonly string[]>();

/** Fills `{{name}}` placeholders; an unknown placeholder is a bug in the rule, not in the input. */
export function fillMessage(template: string, data: ReportData | undefined, ruleId: string): string {
  // A big account has tens of thousands of findings from a few dozen templates.
  let parts = templateParts.get(template);
  if (!parts) templateParts.set(template, (parts = template.split(PLACEHOLDER)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = data?.[name];
    if (value === undefined) throw new Error(`rule ${ruleId}: message placeholder {{${name}}} has no data`);
    out += String(value) + parts[i + 1]!;
  }
  return out;
}
