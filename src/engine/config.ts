// routelint.config.json / .yaml: per-rule severities and options, and ignore entries with reasons.
// A rule's options are checked against its schema (rule.schema) here, once; rules trust them.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readTextFile } from '../load/read.js';
import { parseSource } from '../load/source.js';
import { isObject } from '../model/validate.js';
import { didYouMean, unknownNamesText } from '../suggest.js';
import { optionProblem, type Rule, type Severity } from './rule.js';

export const CONFIG_NAMES = ['routelint.config.json', 'routelint.config.yaml', 'routelint.config.yml'] as const;

/** The keys of a config file, and of each of its `ignore` entries. */
const CONFIG_KEYS = ['rules', 'ignore'] as const;
const IGNORE_KEYS = ['rule', 'route', 'reason'] as const;

export interface IgnoreEntry {
  readonly rule: string;
  /** A route id, or `*` for every route. */
  readonly route: string;
  readonly reason: string;
}

export interface RuleSetting {
  readonly severity: Severity;
  readonly options: unknown;
}

export interface ResolvedConfig {
  readonly path: string | null;
  readonly settings: ReadonlyMap<string, RuleSetting>;
  readonly ignores: readonly IgnoreEntry[];
}

const SEVERITY_WORDS: Record<string, Severity> = { off: 'off', warn: 'warn', warning: 'warn', error: 'error', '0': 'off', '1': 'warn', '2': 'error' };
/** The severities suggested for a misspelt one. */
const SEVERITY_NAMES = ['off', 'warn', 'error'] as const;

export function parseSeverity(value: unknown): Severity | null {
  return typeof value === 'string' || typeof value === 'number' ? (SEVERITY_WORDS[String(value)] ?? null) : null;
}

/** Looks for a config file from `start` upward; null when there is none. */
export function findConfig(start: string): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Reads and checks a config file; every problem is an InputError naming the file and the key. */
export function loadConfig(path: string | null, rules: ReadonlyMap<string, Rule>): ResolvedConfig {
  const settings = new Map<string, RuleSetting>();
  for (const [id, rule] of rules) settings.set(id, { severity: rule.meta.severity, options: rule.defaultOptions });
  if (!path) return { path: null, settings, ignores: [] };
  const parsed = parseSource(path, readTextFile(path));
  if (!parsed.ok) throw new InputError(`${path}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`);
  const fail = (what: string): never => {
    throw new InputError(`${path}: ${what}`);
  };
  const failAt = (at: readonly (string | number)[], what: string): never => {
    const { line, column } = parsed.file.locate(at);
    throw new InputError(`${path}:${line}:${column}: ${what}`);
  };
  const config = parsed.value;
  if (!isObject(config)) fail('the config must be an object with `rules` and `ignore`');
  const root = config as Record<string, unknown>;
  const unknownKeys = Object.keys(root).filter((key) => !(CONFIG_KEYS as readonly string[]).includes(key) && key !== '$schema');
  if (unknownKeys.length > 0) failAt([unknownKeys.sort()[0]!], unknownNamesText('key', unknownKeys, CONFIG_KEYS));

  const ruleSettings = root.rules ?? {};
  if (!isObject(ruleSettings)) fail('`rules` must be an object of rule id → severity');
  for (const [id, value] of Object.entries(ruleSettings as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rule = rules.get(id);
    if (!rule) failAt(['rules', id], `rules.${id}: unknown rule${didYouMean(id, rules.keys())}`);
    if (Array.isArray(value) && (value.length < 1 || value.length > 2)) failAt(['rules', id], `rules.${id}: expected a severity or [severity, options]`);
    const [sevValue, options] = Array.isArray(value) ? [value[0], value[1]] : [value, undefined];
    const severity = parseSeverity(sevValue);
    if (!severity) fail(`rules.${id}: severity must be off, warn or error${typeof sevValue === 'string' ? didYouMean(sevValue, SEVERITY_NAMES) : ''}`);
    if (options !== undefined) {
      const wrong = optionProblem(rule!.schema, options);
      if (wrong) failAt(['rules', id, 1, ...wrong.path], `rules.${id}[1]${wrong.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}: ${wrong.message}`);
    }
    // Validated above: options are an object, merged over the defaults key by key.
    const merged = options === undefined ? rule!.defaultOptions : { ...(rule!.defaultOptions as object), ...(options as object) };
    settings.set(id, { severity: severity!, options: Object.freeze(merged) });
  }

  const ignores: IgnoreEntry[] = [];
  const ignoreList = root.ignore ?? [];
  if (!Array.isArray(ignoreList)) fail('`ignore` must be a list of {rule, route, reason}');
  (ignoreList as unknown[]).forEach((entry, i) => {
    if (!isObject(entry)) return fail(`ignore[${i}]: must be an object {rule, route, reason}`);
    const extra = Object.keys(entry).filter((key) => !(IGNORE_KEYS as readonly string[]).includes(key));
    if (extra.length > 0) failAt(['ignore', i, extra.sort()[0]!], `ignore[${i}]: ${unknownNamesText('key', extra, IGNORE_KEYS)}`);
    const { rule, route, reason } = entry;
    if (typeof rule !== 'string' || !rules.has(rule)) fail(`ignore[${i}].rule: unknown rule ${JSON.stringify(rule)}${typeof rule === 'string' ? didYouMean(rule, rules.keys()) : ''}`);
    if (typeof route !== 'string' || route === '') fail(`ignore[${i}].route: must be a route id or "*"`);
    if (typeof reason !== 'string' || reason.trim() === '') fail(`ignore[${i}].reason: a reason is required`);
    ignores.push({ rule: rule as string, route: route as string, reason: (reason as string).trim() });
  });
  return { path, settings, ignores };
}

/** Applies `--rule id:severity` flags on top of a config. */
export function applyRuleFlags(config: ResolvedConfig, flags: readonly string[], rules: ReadonlyMap<string, Rule>): ResolvedConfig {
  const settings = new Map(config.settings);
  for (const flag of flags) {
    const m = /^([^:]+):(.+)$/.exec(flag);
    if (!m) throw new InputError(`--rule ${flag}: expected id:severity, e.g. metric-conflict:off`);
    const [, id, sev] = m as unknown as [string, string, string];
    const rule = rules.get(id);
    if (!rule) throw new InputError(`--rule ${flag}: unknown rule "${id}"${didYouMean(id, rules.keys()) || ' (routelint rules lists them)'}`);
    const severity = parseSeverity(sev);
    if (!severity) throw new InputError(`--rule ${flag}: severity must be off, warn or error${didYouMean(sev, SEVERITY_NAMES)}`);
    settings.set(id, { severity, options: settings.get(id)?.options ?? rule.defaultOptions });
  }
  return { ...config, settings };
}
