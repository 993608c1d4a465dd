// `routelint diff` as one pure function: two loaded exports in, the Diff out. Lints both with the
// same rules and configuration; compares behaviour only when both exports have their groups and
// peers (the simulator needs them).
import type { ResolvedConfig } from '../engine/config.js';
import { lintExport } from '../engine/lint.js';
import type { Rule } from '../engine/rule.js';
import type { RawExport } from '../load/raw.js';
import type { Model } from '../model/types.js';
import { compareAccount, linkCauses } from './account.js';
import { compareBehaviour, DEFAULT_MAX_CHANGES, DEFAULT_MAX_SOURCES, limitOf, type CompareOptions } from './behaviour.js';
import { compareLintResults } from './findings.js';
import { compareRoutes } from './routes.js';
import { compareSets } from './sets.js';
import type { Diff, DiffSummary } from './types.js';

export interface LoadedExport {
  /** The path the user gave. */
  readonly path: string;
  readonly raw: RawExport;
  readonly model: Model;
}

/** Which export lacks what the simulator needs, or null when both have it. */
function missingSections(before: Model, after: Model): string | null {
  const problems: string[] = [];
  for (const [model, side] of [
    [before, 'old'],
    [after, 'new'],
  ] as const) {
    const missing = [model.groups ? null : 'groups', model.peers ? null : 'peers'].filter((s): s is string => s !== null);
    if (missing.length > 0) problems.push(`the ${side} export has no ${missing.join(' and no ')}`);
  }
  return problems.length === 0 ? null : problems.join(' and ');
}

/** Do the exports share a peer? Without one, no member has a before and an after. */
function sharePeers(before: Model, after: Model): boolean {
  for (const id of before.peers?.keys() ?? []) if (after.peers?.has(id)) return true;
  return false;
}

/** How much of the behaviour changes is listed (see CompareOptions): `--max-changes`, `--max-sources`. */
export type DiffOptions = Pick<CompareOptions, 'maxChanges' | 'maxSources'> & {
  /** Told how far the diff is (0 to 1) and what it does, now and then: comparing routing is most of it. */
  readonly onProgress?: (fraction: number, label: string) => void;
};

/** The share of a diff's time its steps take before comparing routing (lints), and where comparing routing ends. */
const LINTED = 0.15;
const COMPARED = 0.95;

export function diffExports(before: LoadedExport, after: LoadedExport, rules: readonly Rule[], config: ResolvedConfig, options: DiffOptions = {}): Diff {
  const routes = compareRoutes(before.raw, before.model, after.raw, after.model);
  const haSets = compareSets(before.model, after.model);
  const progress = options.onProgress;
  const lintOf = (loaded: LoadedExport, from: number) =>
    lintExport(loaded.raw, rules, config, { model: loaded.model, ...(progress ? { onRule: (done: number, total: number, ruleId: string) => progress(from + (LINTED / 2) * (done / total), ruleId) } : {}) });
  const findings = compareLintResults(lintOf(before, 0), lintOf(after, LINTED / 2));
  const missing = missingSections(before.model, after.model);
  const blocker =
    missing !== null
      ? `${missing}, and the simulator needs the account's groups and peers`
      : !sharePeers(before.model, after.model)
        ? 'the exports have no peer in common, so no member has a before and an after; are they exports of the same account?'
        : null;
  const maxChanges = limitOf(options.maxChanges, DEFAULT_MAX_CHANGES);
  const onProgress = progress ? (done: number, total: number) => progress(LINTED + (COMPARED - LINTED) * (done / total), `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} destinations`) : undefined;
  const compared = blocker === null ? compareBehaviour(before.model, after.model, { maxChanges: options.maxChanges, maxSources: options.maxSources, ...(onProgress ? { onProgress } : {}) }) : { behaviour: [], exitNodes: [], behaviourTotal: 0, exitNodeTotal: 0, notes: [] };
  progress?.(COMPARED, 'comparing the accounts');
  const account = compareAccount(before.model, after.model);
  const behaviour = { notes: compared.notes, ...linkCauses(compared.behaviour, compared.exitNodes, account, routes, before.model, after.model, limitOf(options.maxSources, DEFAULT_MAX_SOURCES)) };

  // Without behaviour, any route edit but a description may change routing: say so.
  const routesMayChangeRouting = routes.added.length > 0 || routes.removed.length > 0 || routes.changed.some((c) => c.fields.some((f) => f.field !== 'description'));
  const routingChanged = blocker === null ? compared.behaviourTotal > 0 || compared.exitNodeTotal > 0 : routesMayChangeRouting;
  const notes = [...behaviour.notes, ...routes.notes];
  if (blocker !== null) notes.unshift('Without routing behaviour, any route added, removed or changed in a field other than description counts as a routing change.');
  if (findings.rulesNotCompared.length > 0) {
    const n = findings.rulesNotCompared.length;
    notes.push(`The findings of ${n === 1 ? 'rule' : 'rules'} ${findings.rulesNotCompared.join(', ')} are not compared: ${n === 1 ? 'it' : 'they'} did not run alike on both exports (one lacks a section ${n === 1 ? 'it needs' : 'they need'}).`);
  }

  const summary: DiffSummary = {
    behaviourCompared: blocker === null,
    behaviourNotCompared: blocker,
    behaviourChanges: compared.behaviourTotal,
    exitNodeChanges: compared.exitNodeTotal,
    behaviourChangesLeftOut: compared.behaviourTotal - behaviour.behaviour.length,
    exitNodeChangesLeftOut: compared.exitNodeTotal - behaviour.exitNodes.length,
    listingCeilingReached: behaviour.behaviour.length < Math.min(compared.behaviourTotal, maxChanges) || behaviour.exitNodes.length < Math.min(compared.exitNodeTotal, maxChanges),
    changesWithSourcesLeftOut: [...behaviour.behaviour, ...behaviour.exitNodes].filter((c) => (c.sourcesLeftOut ?? 0) > 0).length,
    findingsIntroduced: findings.introduced.length,
    findingsFixed: findings.fixed.length,
    routesAdded: routes.added.length,
    routesRemoved: routes.removed.length,
    routesChanged: routes.changed.length,
    haSetsAdded: haSets.added.length,
    haSetsRemoved: haSets.removed.length,
    haSetsRenamed: haSets.renamed.length,
    groupChanges: account.groups.length,
    peerChanges: account.peers.length,
    policyChanges: account.policies.length,
    routingChanged,
    decidedBy: blocker === null ? 'behaviour' : 'routes',
  };
  return {
    old: before.path,
    new: after.path,
    behaviour: behaviour.behaviour,
    exitNodes: behaviour.exitNodes,
    findings: { introduced: findings.introduced, fixed: findings.fixed },
    routes: { added: routes.added, removed: routes.removed, changed: routes.changed },
    haSets,
    account,
    notes,
    summary,
  };
}
