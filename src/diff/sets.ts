// HA sets added, removed and renamed. A set is keyed by network_id and what it routes; when a key
// disappears and another with the same prefix (or domain list) appears, that is a rename rather
// than a removal and an addition if the two share routes (by id), or if they are the only two
// with that target. A rename changes no carrier by itself: the behaviour comparison matches
// destinations by what they route, so it only reports a rename that changes who carries traffic.
import { setRefOf, type SetRef } from '../analysis/reachability.js';
import type { HaSet, Model } from '../model/types.js';
import type { HaSetRename } from './types.js';
import { compareStrings } from '../order.js';

export interface SetsDiff {
  readonly added: SetRef[];
  readonly removed: SetRef[];
  readonly renamed: HaSetRename[];
}

function targetKey(set: HaSet): string {
  return set.network ? `p:${set.network.text}` : `d:${(set.domains ?? []).join(',')}`;
}

export function compareSets(oldModel: Model, newModel: Model): SetsDiff {
  const gone = oldModel.haSets.filter((s) => !newModel.haSetByKey.has(s.key));
  const arrived = newModel.haSets.filter((s) => !oldModel.haSetByKey.has(s.key));
  const arrivedByTarget = new Map<string, HaSet[]>();
  for (const s of arrived) {
    const list = arrivedByTarget.get(targetKey(s));
    if (list) list.push(s);
    else arrivedByTarget.set(targetKey(s), [s]);
  }
  const goneByTarget = new Map<string, HaSet[]>();
  for (const s of gone) {
    const list = goneByTarget.get(targetKey(s));
    if (list) list.push(s);
    else goneByTarget.set(targetKey(s), [s]);
  }

  const renamed: HaSetRename[] = [];
  const paired = new Set<HaSet>();
  for (const [target, olds] of [...goneByTarget].sort(([a], [b]) => compareStrings(a, b))) {
    const news = arrivedByTarget.get(target) ?? [];
    // Pairs sharing the most routes first; a lone pair with no shared route still counts.
    const candidates = olds
      .flatMap((o) => news.map((n) => ({ o, n, shared: sharedRouteIds(o, n) })))
      .filter((c) => c.shared.length > 0 || (olds.length === 1 && news.length === 1))
      .sort((a, b) => b.shared.length - a.shared.length || compareStrings(a.o.key, b.o.key) || compareStrings(a.n.key, b.n.key));
    for (const c of candidates) {
      if (paired.has(c.o) || paired.has(c.n)) continue;
      paired.add(c.o).add(c.n);
      renamed.push({ old: setRefOf(c.o), new: setRefOf(c.n), sharedRouteIds: c.shared });
    }
  }
  renamed.sort((a, b) => compareStrings(a.old.key, b.old.key));
  return {
    added: arrived.filter((s) => !paired.has(s)).map(setRefOf),
    removed: gone.filter((s) => !paired.has(s)).map(setRefOf),
    renamed,
  };
}

function sharedRouteIds(a: HaSet, b: HaSet): string[] {
  const ids = new Set(a.routes.map((r) => r.id));
  return [...new Set(b.routes.map((r) => r.id).filter((id) => ids.has(id)))].sort(compareStrings);
}
