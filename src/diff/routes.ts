// Routes added, removed and changed between two exports, field by field in the API's names.
// Routes are matched by id (repeated ids in the order they appear). Values are compared as
// NetBird reads them: distribution groups, peer_groups and access_control_groups as sets (their
// order means nothing; the API omits them when empty), domains as a list (its order is part of
// the HA set), everything else as JSON.
import type { RawExport } from '../load/raw.js';
import { networkResourceRoutes } from '../model/networks.js';
import type { Model } from '../model/types.js';
import { isObject } from '../model/validate.js';
import type { PeerRef } from '../simulate/answer.js';
import type { FieldChange, RouteChange, RouteRefSummary } from './types.js';
import { compareStrings } from '../order.js';

const SET_FIELDS = new Set(['access_control_groups', 'groups', 'peer_groups']);
const LIST_FIELDS = new Set(['domains']);

interface RawRoute {
  readonly id: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** The export's route objects with an id, then the routes its Networks API resources stand for. */
function rawRoutesOf(raw: RawExport, model: Model): { routes: RawRoute[]; withoutId: number } {
  const routes: RawRoute[] = [];
  let withoutId = 0;
  const section = raw.sections.routes?.value;
  for (const item of Array.isArray(section) ? section : []) {
    if (isObject(item) && typeof item.id === 'string') routes.push({ id: item.id, value: item });
    else withoutId++;
  }
  for (const generated of networkResourceRoutes(raw, model.policies, [])) routes.push({ id: String(generated.value.id), value: generated.value });
  return { routes, withoutId };
}

/** JSON with object keys sorted, so key order in the file never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort(compareStrings)
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function asStringSet(value: unknown): string[] | null {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return null;
  return [...new Set(value as string[])].sort(compareStrings);
}

/** The value as NetBird reads it, as comparable text. */
function comparable(field: string, value: unknown): string {
  if (SET_FIELDS.has(field)) {
    const set = asStringSet(value);
    if (set) return canonical(set);
  }
  if (LIST_FIELDS.has(field) && (value === undefined || value === null)) return canonical([]);
  return value === undefined ? '\u0000absent' : canonical(value);
}

function summaryOf(r: RawRoute): RouteRefSummary {
  const v = r.value;
  const domains = Array.isArray(v.domains) && v.domains.length > 0 ? v.domains.map(String) : null;
  return {
    id: r.id,
    network_id: typeof v.network_id === 'string' ? v.network_id : '',
    target: domains ? domains.join(', ') : typeof v.network === 'string' ? v.network : '',
    description: typeof v.description === 'string' ? v.description : '',
  };
}

function fieldChanges(a: RawRoute, b: RawRoute, oldModel: Model, newModel: Model): FieldChange[] {
  const fields = [...new Set([...Object.keys(a.value), ...Object.keys(b.value)])].filter((f) => f !== 'id').sort(compareStrings);
  const out: FieldChange[] = [];
  for (const field of fields) {
    const before = a.value[field];
    const after = b.value[field];
    // The same value (a string, number, boolean or null most often) reads the same.
    if (before === after || comparable(field, before) === comparable(field, after)) continue;
    const change: { -readonly [K in keyof FieldChange]: FieldChange[K] } = { field, old: before ?? null, new: after ?? null };
    const oldSet = SET_FIELDS.has(field) ? asStringSet(before) : null;
    const newSet = SET_FIELDS.has(field) ? asStringSet(after) : null;
    if (oldSet && newSet) {
      const ref = (model: Model) => (id: string): PeerRef => ({ id, name: model.groupName(id) });
      change.added = newSet.filter((g) => !oldSet.includes(g)).map(ref(newModel));
      change.removed = oldSet.filter((g) => !newSet.includes(g)).map(ref(oldModel));
    }
    if (field === 'peer') {
      if (typeof before === 'string' && before !== '') change.oldName = oldModel.peerName(before);
      if (typeof after === 'string' && after !== '') change.newName = newModel.peerName(after);
    }
    out.push(change);
  }
  return out;
}

export interface RoutesDiff {
  readonly added: RouteRefSummary[];
  readonly removed: RouteRefSummary[];
  readonly changed: RouteChange[];
  readonly notes: string[];
}

export function compareRoutes(oldRaw: RawExport, oldModel: Model, newRaw: RawExport, newModel: Model): RoutesDiff {
  const before = rawRoutesOf(oldRaw, oldModel);
  const after = rawRoutesOf(newRaw, newModel);
  const byId = (routes: readonly RawRoute[]) => {
    const map = new Map<string, RawRoute[]>();
    for (const r of routes) {
      const list = map.get(r.id);
      if (list) list.push(r);
      else map.set(r.id, [r]);
    }
    return map;
  };
  const oldById = byId(before.routes);
  const newById = byId(after.routes);
  const added: RouteRefSummary[] = [];
  const removed: RouteRefSummary[] = [];
  const changed: RouteChange[] = [];
  for (const id of [...new Set([...oldById.keys(), ...newById.keys()])].sort(compareStrings)) {
    const olds = oldById.get(id) ?? [];
    const news = newById.get(id) ?? [];
    for (let i = 0; i < Math.max(olds.length, news.length); i++) {
      const a = olds[i];
      const b = news[i];
      if (a && b) {
        const fields = fieldChanges(a, b, oldModel, newModel);
        if (fields.length > 0) changed.push({ ...summaryOf(b), fields });
      } else if (b) added.push(summaryOf(b));
      else if (a) removed.push(summaryOf(a));
    }
  }
  const notes: string[] = [];
  for (const [n, side] of [
    [before.withoutId, 'old'],
    [after.withoutId, 'new'],
  ] as const) {
    if (n > 0) notes.push(`${n} entr${n === 1 ? 'y' : 'ies'} of the ${side} export's routes ${n === 1 ? 'is not an object with' : 'are not objects with'} a string id: ${n === 1 ? 'it is' : 'they are'} not compared route by route (see routelint lint).`);
  }
  return { added, removed, changed, notes };
}
