// Runs the rules over one export and collects ESLint-shaped results, one per source file.
import { buildModel } from '../model/build.js';
import type { RawExport } from '../load/raw.js';
import { locateAll, type JsonPath, type SourceFile } from '../load/source.js';
import type { Loc, Model, Route, Section } from '../model/types.js';
import type { ResolvedConfig } from './config.js';
import { fillMessage, type Rule } from './rule.js';
import { compareStrings } from '../order.js';

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  /** One short sentence: what is wrong and where. */
  message: string;
  messageId?: string;
  /** Why it matters and what to do (the rule's explanation of this messageId, filled in). */
  explanation?: string;
  line: number;
  column: number;
  fatal?: true;
  routeId?: string;
  /** Ids of the related routes, sorted, at most RELATED_IDS_SHOWN of them. */
  relatedRouteIds?: string[];
  /** How many distinct related route ids there are, when relatedRouteIds lists only the first of them. */
  relatedRoutesTotal?: number;
  /** JSON path of the offending value inside its file, e.g. `routes[3].network`. */
  path?: string;
  data?: Record<string, string | number>;
  /** Key facts identifying the finding (rule, route and these), for baselines. */
  facts?: string[];
  /** Terraform input: the address of the resource the finding is about. */
  resourceAddress?: string;
}

export interface SuppressedMessage extends LintMessage {
  suppressions: { kind: 'config'; justification: string }[];
}

export interface SkippedRule {
  ruleId: string;
  /** Sections of the export the rule needs and did not get. */
  missing: Section[];
  /** Set when only part of the rule was skipped. */
  partial?: string;
  /** Why the sections are missing, when the input says more than their absence (Terraform plans). */
  reason?: string;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: SuppressedMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: 0;
  fixableWarningCount: 0;
  /** Rules that did not run (or ran in part) on this export: routelint's own addition. */
  skippedRules: SkippedRule[];
  /** Findings past the limit of findings per file (`maxFindings`), counted but not collected. */
  findingsLeftOut?: number;
  /** With `--baseline`: entries of the baseline for this file that no longer match any finding. */
  staleBaselineEntries?: { ruleId: string; routeId: string | null; message: string; fingerprint: string }[];
}

/** Recomputes a result's counts from its messages. */
export function recount(r: LintResult): void {
  r.errorCount = r.messages.filter((m) => m.severity === 2).length;
  r.warningCount = r.messages.length - r.errorCount;
  r.fatalErrorCount = r.messages.filter((m) => m.fatal).length;
}

export function formatJsonPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId ?? '', b.ruleId ?? '') ||
    compareStrings(a.messageId ?? '', b.messageId ?? '') ||
    compareStrings(a.routeId ?? '', b.routeId ?? '') ||
    compareStrings(a.message, b.message)
  );
}

/**
 * `messages` sorted by compareMessages, in place. Line, column and index are packed into one number
 * and sorted natively; only messages at the same line and column go through compareMessages. The
 * order is the one a stable sort by compareMessages gives.
 */
export function sortMessages<T extends LintMessage>(messages: T[]): void {
  const n = messages.length;
  let maxLine = 0;
  let maxColumn = 0;
  for (const m of messages) {
    if (!Number.isInteger(m.line) || !Number.isInteger(m.column) || m.line < 0 || m.column < 0) {
      messages.sort(compareMessages);
      return;
    }
    if (m.line > maxLine) maxLine = m.line;
    if (m.column > maxColumn) maxColumn = m.column;
  }
  const columnSpan = maxColumn + 1;
  const indexSpan = n + 1;
  if ((maxLine + 1) * columnSpan * indexSpan > Number.MAX_SAFE_INTEGER) {
    messages.sort(compareMessages);
    return;
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (messages[i]!.line * columnSpan + messages[i]!.column) * indexSpan + i;
  keys.sort();
  const sorted = new Array<T>(n);
  // `%` on these whole numbers is exact; key minus index stands for the line and column.
  const placeOf = (key: number): number => key - (key % indexSpan);
  for (let k = 0; k < n; ) {
    const place = placeOf(keys[k]!);
    let end = k + 1;
    while (end < n && placeOf(keys[end]!) === place) end++;
    if (end - k === 1) sorted[k] = messages[keys[k]! % indexSpan]!;
    else {
      const same: T[] = [];
      for (let j = k; j < end; j++) same.push(messages[keys[j]! % indexSpan]!);
      same.sort(compareMessages);
      for (let j = k; j < end; j++) sorted[j] = same[j - k]!;
    }
    k = end;
  }
  for (let i = 0; i < n; i++) messages[i] = sorted[i]!;
}

function emptyResult(filePath: string): LintResult {
  return { filePath, messages: [], suppressedMessages: [], errorCount: 0, warningCount: 0, fatalErrorCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, skippedRules: [] };
}

/** Where a finding about `route` points: the route, or its `field` (a key, or keys and indexes below it). */
function fieldLoc(route: Route, field: string | readonly (string | number)[] | undefined): Loc {
  if (field === undefined) return route.loc;
  return { file: route.loc.file, path: typeof field === 'string' ? [...route.loc.path, field] : [...route.loc.path, ...field] };
}

/** At most this many related route ids are listed per finding (the first by id); `relatedRoutesTotal` counts them all. */
export const RELATED_IDS_SHOWN = 100;

/** Past this many related routes, their sorted ids are kept per array for the next finding that passes the same one. */
const RELATED_CACHED_FROM = 16;

/** The distinct ids of an array of related routes, sorted; the routes; and the ids held by one route only. */
interface RelatedIds {
  readonly sorted: readonly string[];
  readonly routes: ReadonlySet<Route>;
  readonly once: ReadonlySet<string>;
}

const relatedIdsCache = new WeakMap<readonly Route[], RelatedIds>();

function relatedIdsOf(related: readonly Route[]): RelatedIds {
  let known = relatedIdsCache.get(related);
  if (known) return known;
  const seen = new Map<string, number>();
  for (const r of related) seen.set(r.id, (seen.get(r.id) ?? 0) + 1);
  const once = new Set<string>();
  for (const [id, n] of seen) if (n === 1) once.add(id);
  known = { sorted: [...seen.keys()].sort(compareStrings), routes: new Set(related), once };
  relatedIdsCache.set(related, known);
  return known;
}

/** Lists of related routes passed once and not indexed (yet). */
const relatedSeen = new WeakSet<readonly Route[]>();

/** What `relatedIds` answers from the index of `related`, without making one: its ids sorted, each once. */
function ownRelatedIds(related: readonly Route[], except: Route | undefined): { ids: string[]; total: number } {
  const ids = new Array<string>(related.length);
  let included = false;
  let sameId = 0;
  for (let i = 0; i < related.length; i++) {
    const r = related[i]!;
    ids[i] = r.id;
    if (r === except) included = true;
    if (except !== undefined && r.id === except.id) sameId++;
  }
  // As in the index: the excepted route's id goes only when no other related route has it.
  const skip = included && sameId === 1 ? except!.id : null;
  // The default order of strings is compareStrings' (UTF-16 code units).
  ids.sort();
  let shown = 0;
  let total = 0;
  let previous: string | null = null;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === previous) continue;
    previous = id;
    if (id === skip) continue;
    total++;
    if (shown < RELATED_IDS_SHOWN) ids[shown++] = id;
  }
  ids.length = shown;
  return { ids, total };
}

/**
 * The related route ids of a finding: `related` but `except`, each id once, sorted, the first
 * RELATED_IDS_SHOWN of them, and how many there are in all.
 */
function relatedIds(related: readonly Route[], except: Route | undefined): { ids: string[]; total: number } {
  if (related.length < RELATED_CACHED_FROM) {
    const ids = [...new Set((except ? related.filter((r) => r !== except) : related).map((r) => r.id))].sort(compareStrings);
    return { ids, total: ids.length };
  }
  if (!relatedIdsCache.has(related) && !relatedSeen.has(related)) {
    // A list passed once (a finding's own) is sorted as it is; one passed again (a set's routes,
    // shared by its findings) is indexed for the next finding.
    relatedSeen.add(related);
    return ownRelatedIds(related, except);
  }
  const { sorted, routes, once } = relatedIdsOf(related);
  // The excepted route's id goes only when no other related route has it.
  const skip = except && routes.has(except) && once.has(except.id) ? except.id : null;
  const total = sorted.length - (skip === null ? 0 : 1);
  if (total <= RELATED_IDS_SHOWN && skip === null) return { ids: [...sorted], total };
  const ids: string[] = [];
  for (let i = 0; i < sorted.length && ids.length < RELATED_IDS_SHOWN; i++) if (sorted[i] !== skip) ids.push(sorted[i]!);
  return { ids, total };
}

/**
 * Messages waiting for their line and column: resolved per file in one batch once every rule has
 * run, so the export text is walked once however many findings there are.
 */
class PendingPositions {
  private readonly byFile = new Map<SourceFile, { paths: JsonPath[]; messages: LintMessage[] }>();

  add(loc: Loc, message: LintMessage): void {
    let entry = this.byFile.get(loc.file);
    if (!entry) this.byFile.set(loc.file, (entry = { paths: [], messages: [] }));
    entry.paths.push(loc.path);
    entry.messages.push(message);
  }

  resolve(): void {
    for (const [file, { paths, messages }] of this.byFile) {
      const positions = locateAll(file, paths);
      messages.forEach((m, i) => {
        m.line = positions[i]!.line;
        m.column = positions[i]!.column;
      });
    }
    this.byFile.clear();
  }
}

/** Lints one export. `rules` is the registry; `config` says which run and how loud. */
export interface LintOptions {
  /** Called before each rule, for progress. */
  readonly onRule?: (done: number, total: number, ruleId: string) => void;
  /** The model of `raw` when the caller built it already (report, diff): it is not built again. */
  readonly model?: Model;
  /**
   * Findings collected per file, at most (0: no limit; DEFAULT_MAX_FINDINGS unless given). Past it,
   * as a compiler past its error limit, findings are only counted (`findingsLeftOut`), so that a
   * degenerate input costs no more memory and output than a limit's worth of findings.
   */
  readonly maxFindings?: number;
}

/** The default limit of findings per file: above any real account's (the bench's 100,000 routes give about 20,000), far below what exhausts memory. */
export const DEFAULT_MAX_FINDINGS = 50_000;

/**
 * Findings collected per file at most, whatever `maxFindings` asks (0 included): a million empty
 * routes give six million findings, more than fits in memory. Settable for tests.
 */
export const findingsCeiling = { perFile: 1_000_000 };

/** The limit of findings per file that `maxFindings` (0: none asked) comes to under the ceiling. */
export function findingsLimit(maxFindings: number): number {
  return Math.min(maxFindings > 0 ? maxFindings : Infinity, findingsCeiling.perFile);
}

export function lintExport(raw: RawExport, rules: readonly Rule[], config: ResolvedConfig, { onRule, model: built, maxFindings = DEFAULT_MAX_FINDINGS }: LintOptions = {}): LintResult[] {
  const limit = findingsLimit(maxFindings);
  const results = new Map<string, LintResult>();
  const resultFor = (path: string): LintResult => {
    let r = results.get(path);
    if (!r) results.set(path, (r = emptyResult(path)));
    return r;
  };
  const main = resultFor(raw.mainFile);
  const pending = new PendingPositions();

  for (const { path, problem } of raw.syntaxProblems) {
    resultFor(path).messages.push({ ruleId: null, severity: 2, fatal: true, message: problem.message, line: problem.line, column: problem.column });
  }
  const model = built ?? buildModel(raw);
  const reasonFor = (missing: readonly Section[]): { reason?: string } => {
    const reasons = missing.flatMap((s) => raw.sectionNotes?.[s] ?? []);
    return reasons.length > 0 ? { reason: reasons.join('; ') } : {};
  };
  if (model) {
    for (const [done, rule] of rules.entries()) {
      onRule?.(done, rules.length, rule.meta.id);
      const setting = config.settings.get(rule.meta.id);
      if (!setting || setting.severity === 'off') continue;
      const missing = rule.meta.requires.filter((s) => !model.has(s));
      if (missing.length > 0) {
        main.skippedRules.push({ ruleId: rule.meta.id, missing, ...reasonFor(missing) });
        continue;
      }
      const severity = setting.severity === 'error' ? 2 : 1;
      const { id: ruleId, messages, explanations } = rule.meta;
      rule.check({
        model,
        options: setting.options,
        note(section, what) {
          main.skippedRules.push({ ruleId: rule.meta.id, missing: [section], partial: what, ...reasonFor([section]) });
        },
        leftOut(route) {
          const target = resultFor(route.loc.file.path);
          if (target.messages.length + target.suppressedMessages.length < limit) return false;
          target.findingsLeftOut = (target.findingsLeftOut ?? 0) + 1;
          return true;
        },
        report(report) {
          const { messageId, route, at, related } = report;
          const template = messages[messageId];
          if (template === undefined) throw new Error(`rule ${ruleId} reported unknown messageId "${messageId}"`);
          // A finding past the limit is only counted: its file is all it needs.
          const target = resultFor(at ? at.file.path : route ? route.loc.file.path : model.routesLoc.file.path);
          if (target.messages.length + target.suppressedMessages.length >= limit) {
            target.findingsLeftOut = (target.findingsLeftOut ?? 0) + 1;
            return;
          }
          const loc = at ?? (route ? fieldLoc(route, report.field) : model.routesLoc);
          // The report's data and facts are the rule's own, made for this finding: kept, not copied.
          const data = report.data as Record<string, string | number> | undefined;
          let relatedRouteIds: string[] | undefined;
          let relatedRoutesTotal: number | undefined;
          // Most findings name one related route: no set and no sort for it.
          if (related && related.length === 1 && report.relatedExcept === undefined) relatedRouteIds = [related[0]!.id];
          else if (related && related.length > 0) {
            const { ids, total } = relatedIds(related, report.relatedExcept);
            if (ids.length > 0) relatedRouteIds = ids;
            if (total > ids.length) relatedRoutesTotal = total;
          }
          // Every member in one literal, in the order JSON output writes them (an absent one is
          // undefined, which JSON leaves out): all findings share one shape, none grows later.
          const message: LintMessage = {
            ruleId,
            severity,
            message: fillMessage(template, data, ruleId),
            messageId,
            explanation: fillMessage(explanations[messageId]!, data, ruleId),
            line: 0,
            column: 0,
            path: formatJsonPath(loc.path),
            routeId: route?.id,
            relatedRouteIds,
            relatedRoutesTotal,
            data,
            facts: report.facts as string[] | undefined,
            resourceAddress: (route?.address ?? raw.resourceAddressAt?.(loc.path)) || undefined,
          };
          const ignore = config.ignores.length === 0 ? undefined : config.ignores.find((i) => i.rule === ruleId && (i.route === '*' || i.route === route?.id));
          if (ignore) {
            const suppressed: SuppressedMessage = { ...message, suppressions: [{ kind: 'config', justification: ignore.reason }] };
            pending.add(loc, suppressed);
            target.suppressedMessages.push(suppressed);
          } else {
            pending.add(loc, message);
            target.messages.push(message);
          }
        },
      });
    }
  }

  pending.resolve();
  const out = [...results.values()].sort((a, b) => compareStrings(a.filePath, b.filePath));
  for (const r of out) {
    sortMessages(r.messages);
    sortMessages(r.suppressedMessages);
    r.skippedRules.sort((a, b) => compareStrings(a.ruleId, b.ruleId) || compareStrings(a.partial ?? '', b.partial ?? ''));
    recount(r);
  }
  return out;
}
