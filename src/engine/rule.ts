// The one factory every rule goes through, after typescript-eslint's RuleCreator: the rule states
// data (meta, messages) and a pure check; the docs URL, defaults and message filling live here.
import type { Loc, Model, Route, Section } from '../model/types.js';
import { didYouMean } from '../suggest.js';

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
  /**
   * Routes the finding relates to. The message lists their ids, each once and sorted, up to
   * RELATED_IDS_SHOWN, and counts them all in `relatedRoutesTotal` past that. Pass the same array
   * to many findings (a set's routes, with `relatedExcept`) rather than a copy per finding: its ids
   * are sorted once.
   */
  readonly related?: readonly Route[];
  /** A route of `related` the finding leaves out (the reported route among its HA set's routes). */
  readonly relatedExcept?: Route;
  /** Key facts that identify this finding apart from its route (for baselines and dedup). */
  readonly facts?: readonly string[];
}

export interface RuleContext<M extends string, O> {
  readonly model: Model;
  readonly options: O;
  report(report: Report<M>): void;
  /**
   * For findings past the limit of findings per file: when the file of `route` already holds as many
   * findings as the limit allows, counts one more finding about `route` as left out and returns true;
   * otherwise counts nothing and returns false, and the rule reports the finding as usual. A rule
   * with many findings asks first (`if (leftOut(route)) continue;`) so that a finding that would
   * only be counted costs no message data. Only for findings located at `route` (no `at`).
   */
  leftOut(route: Route): boolean;
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
  /** One short sentence per messageId: what is wrong and where (≤ ~100 characters once filled). */
  readonly messages: Readonly<Record<M, string>>;
  /** Per messageId, why it matters and what to do: the longer text verbose output and reports show. */
  readonly explanations: Readonly<Record<M, string>>;
  /** The rule's documentation page, relative to the package root (docs/rules/<id>.md). */
  readonly docsUrl: string;
}

/**
 * The JSON Schema (draft-07) subset rule options are written in: an object of named options, each a
 * boolean, an integer in a range, a string, or an array of these. The config loader checks user
 * options against it (src/engine/config.ts); it is data, so it can be shown or exported as it is.
 */
export type OptionSchema =
  | { readonly type: 'boolean'; readonly description?: string }
  | { readonly type: 'integer'; readonly minimum?: number; readonly maximum?: number; readonly description?: string }
  | { readonly type: 'string'; readonly minLength?: number; readonly description?: string }
  | { readonly type: 'array'; readonly items: OptionSchema; readonly uniqueItems?: boolean; readonly description?: string }
  | ObjectSchema;

export interface ObjectSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, OptionSchema>>;
  readonly additionalProperties: false;
  readonly description?: string;
}

/** The schema of a rule without options: only `{}` is accepted. */
export const NO_OPTIONS: ObjectSchema = Object.freeze({ type: 'object', properties: Object.freeze({}), additionalProperties: false });

export interface Rule<M extends string = string, O = unknown> {
  readonly meta: RuleMeta<M>;
  /** What the rule's options may hold; NO_OPTIONS for a rule that takes none. */
  readonly schema: ObjectSchema;
  /** The options a rule runs with when the config gives none; user options are merged over them key by key. */
  readonly defaultOptions: O;
  check(context: RuleContext<M, O>): void;
}

export interface RuleDefinition<M extends string, O> {
  readonly id: string;
  readonly type: RuleType;
  readonly description: string;
  readonly severity: Exclude<Severity, 'off'>;
  readonly requires?: readonly Section[];
  readonly messages: Readonly<Record<M, string>>;
  /** The explanation of each message; it may use the same `{{placeholders}}`. */
  readonly explanations: Readonly<Record<M, string>>;
  /** Options need both: the schema the config is checked against, and the defaults. */
  readonly schema?: ObjectSchema;
  readonly defaultOptions?: O;
  readonly check: (context: RuleContext<M, O>) => void;
}

export const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function docsPathOf(id: string): string {
  return `docs/rules/${id}.md`;
}

/**
 * Where a reader outside this repository finds a rule's documentation: the page under the
 * package's homepage when it has one (a GitHub repository page gets the blob path of its default
 * branch), or null: a relative path leads nowhere once the output leaves the checkout.
 */
export function docsUrlOf(id: string, homepage: string | undefined): string | null {
  if (!homepage) return null;
  let base: URL;
  try {
    base = new URL(homepage);
  } catch {
    return null;
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') return null;
  base.hash = '';
  base.search = '';
  // A GitHub repository page: its files live under blob/HEAD/ (the default branch, whatever its name).
  if (base.hostname === 'github.com' && /^\/[^/]+\/[^/]+\/?$/.test(base.pathname)) base.pathname = `${base.pathname.replace(/\/$/, '')}/blob/HEAD/`;
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(docsPathOf(id), base).href;
}

export function defineRule<M extends string, O = Record<string, never>>(def: RuleDefinition<M, O>): Rule<M, O> {
  if (!RULE_ID.test(def.id)) throw new Error(`rule id "${def.id}" is not kebab-case`);
  if ((def.schema === undefined) !== (def.defaultOptions === undefined)) throw new Error(`rule ${def.id}: options need both a schema and defaults`);
  const wrong = def.schema ? optionProblem(def.schema, def.defaultOptions) : null;
  if (wrong) throw new Error(`rule ${def.id}: default option ${wrong.path.join('.')}: ${wrong.message}`);
  for (const id of Object.keys(def.messages)) if (!(def.explanations as Record<string, string | undefined>)[id]) throw new Error(`rule ${def.id}: message ${id} has no explanation`);
  return Object.freeze({
    meta: Object.freeze({
      id: def.id,
      type: def.type,
      description: def.description,
      severity: def.severity,
      requires: Object.freeze([...(def.requires ?? [])]),
      messages: Object.freeze({ ...def.messages }),
      explanations: Object.freeze({ ...def.explanations }),
      docsUrl: docsPathOf(def.id),
    }),
    schema: def.schema ?? NO_OPTIONS,
    defaultOptions: Object.freeze(def.defaultOptions ?? {}) as O,
    check: def.check,
  });
}

/** Where a value breaks its schema (keys and indexes below the options) and what is wrong, quoting the value. */
export interface OptionProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Checks a value against an option schema; the first problem in document order, or null. */
export function optionProblem(schema: OptionSchema, value: unknown, path: readonly (string | number)[] = []): OptionProblem | null {
  const problem = (expected: string): OptionProblem => ({ path, message: `expected ${expected}, got ${quote(value)}` });
  switch (schema.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : problem('true or false');
    case 'integer': {
      const range = `${schema.minimum ?? '…'}..${schema.maximum ?? '…'}`;
      if (typeof value !== 'number' || !Number.isInteger(value)) return problem(schema.minimum === undefined && schema.maximum === undefined ? 'an integer' : `an integer in ${range}`);
      return (schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum) ? problem(`an integer in ${range}`) : null;
    }
    case 'string':
      if (typeof value !== 'string') return problem('a string');
      return schema.minLength !== undefined && [...value].length < schema.minLength ? problem(schema.minLength === 1 ? 'a non-empty string' : `a string of at least ${schema.minLength} characters`) : null;
    case 'array': {
      if (!Array.isArray(value)) return problem('a list');
      for (const [i, item] of value.entries()) {
        const inner = optionProblem(schema.items, item, [...path, i]);
        if (inner) return inner;
        if (schema.uniqueItems && value.findIndex((other) => JSON.stringify(other) === JSON.stringify(item)) < i) return { path: [...path, i], message: `${quote(item)} is listed twice` };
      }
      return null;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('an object');
      const known = Object.keys(schema.properties);
      for (const key of Object.keys(value).sort()) {
        const inner = schema.properties[key];
        const at = [...path, key];
        if (!Object.hasOwn(schema.properties, key) || !inner) return { path: at, message: known.length === 0 ? 'unknown option: this rule takes no options' : `unknown option${didYouMean(key, known)}; known: ${known.join(', ')}` };
        const found = optionProblem(inner, (value as Record<string, unknown>)[key], at);
        if (found) return found;
      }
      return null;
    }
  }
}

function quote(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

/** Templates split once: text at even positions, placeholder names at odd ones. */
const templateParts = new Map<string, readonly string[]>();

/**
 * Fills `{{name}}` placeholders; an unknown placeholder is a bug in the rule, not in the input. An
 * empty value (a route whose network_id is "", say) is written `""` unless the template quotes the
 * placeholder already: "Route  has no routing peer" reads as a typo, not as the input's value.
 */
export function fillMessage(template: string, data: ReportData | undefined, ruleId: string): string {
  // A big account has tens of thousands of findings from a few dozen templates.
  let parts = templateParts.get(template);
  if (!parts) templateParts.set(template, (parts = template.split(PLACEHOLDER)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = data?.[name];
    if (value === undefined) throw new Error(`rule ${ruleId}: message placeholder {{${name}}} has no data`);
    const after = parts[i + 1]!;
    const text = String(value);
    out += (text === '' && !(parts[i - 1]!.endsWith('"') && after.startsWith('"')) ? '""' : text) + after;
  }
  return out;
}
