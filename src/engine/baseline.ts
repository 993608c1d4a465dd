// Baselines: accept today's findings, report only new ones. An entry is fingerprinted by rule,
// route and the finding's key facts, never by position or by a count per file, so fixing one
// finding and adding another never cancel out, and moving a route in the file changes nothing.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { readTextFile } from '../load/read.js';
import { isObject } from '../model/validate.js';
import { recount, type LintMessage, type LintResult } from './lint.js';
import { compareStrings } from '../order.js';

export interface BaselineEntry {
  readonly fingerprint: string;
  readonly ruleId: string;
  readonly messageId: string;
  readonly routeId: string | null;
  readonly facts: readonly string[];
  readonly filePath: string;
  /** For people reading the file; not part of the fingerprint. */
  readonly message: string;
}

export interface Baseline {
  readonly version: 1;
  readonly entries: readonly BaselineEntry[];
}

/** The identity of a finding: rule, message, route (or the value's path when no route) and key facts. */
export function fingerprintOf(m: LintMessage): string {
  const identity = JSON.stringify([m.ruleId, m.messageId ?? '', m.routeId ?? `@${m.path ?? ''}`, m.facts ?? []]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

function entryOf(filePath: string, m: LintMessage): BaselineEntry {
  return { fingerprint: fingerprintOf(m), ruleId: m.ruleId ?? '', messageId: m.messageId ?? '', routeId: m.routeId ?? null, facts: m.facts ?? [], filePath, message: m.message };
}

/** The baseline that accepts every current finding (parse errors are never baselined). */
export function baselineOf(results: readonly LintResult[]): Baseline {
  const entries = results.flatMap((r) => r.messages.filter((m) => !m.fatal).map((m) => entryOf(r.filePath, m)));
  entries.sort((a, b) => compareStrings(a.filePath, b.filePath) || compareStrings(a.fingerprint, b.fingerprint) || compareStrings(a.message, b.message));
  return { version: 1, entries };
}

export function serializeBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

export function readBaseline(path: string): Baseline {
  const text = readTextFile(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${path}: baseline is not valid JSON`);
  }
  if (!isObject(value) || value.version !== 1 || !Array.isArray(value.entries)) throw new InputError(`${path}: not a routelint baseline (expected {"version": 1, "entries": [...]})`);
  const entries = value.entries.map((e, i) => {
    if (!isObject(e) || typeof e.fingerprint !== 'string' || typeof e.ruleId !== 'string') throw new InputError(`${path}: entries[${i}] is not a baseline entry`);
    return e as unknown as BaselineEntry;
  });
  return { version: 1, entries };
}

/**
 * Removes findings the baseline accepts. Each entry accepts one finding (two identical findings
 * need two entries); entries left over are stale and listed on the result of their file.
 */
export function applyBaseline(results: readonly LintResult[], baseline: Baseline): LintResult[] {
  const remaining = new Map<string, BaselineEntry[]>();
  for (const e of baseline.entries) {
    const list = remaining.get(e.fingerprint);
    if (list) list.push(e);
    else remaining.set(e.fingerprint, [e]);
  }
  const out = results.map((r) => {
    const messages = r.messages.filter((m) => {
      if (m.fatal) return true;
      const list = remaining.get(fingerprintOf(m));
      if (!list || list.length === 0) return true;
      list.shift();
      return false;
    });
    const next: LintResult = { ...r, messages };
    recount(next);
    return next;
  });
  const stale = [...remaining.values()].flat().sort((a, b) => compareStrings(a.filePath, b.filePath) || compareStrings(a.fingerprint, b.fingerprint));
  for (const e of stale) {
    const target = out.find((r) => r.filePath === e.filePath) ?? out[0];
    if (!target) continue;
    (target.staleBaselineEntries ??= []).push({ ruleId: e.ruleId, routeId: e.routeId, message: e.message, fingerprint: e.fingerprint });
  }
  return out;
}
