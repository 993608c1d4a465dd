// What a routing peer serves among the covering sets of a group question (`Simulator.memberAnswers`):
// members that serve the sets alike share one answer, computed for the first of them (serving.ts
// swaps each member's own rows in), and a member serving sets no other member serves is answered
// alone at once.
import { PerServedPart, type SimRoute, type SimSet, type SourceView } from './distribution.js';
import type { RouteRef } from './answer.js';
import type { CoveringSplit } from './split.js';
import { compareStrings } from '../order.js';

/** A row a routing peer serves, and its set. */
export interface ServedRow {
  readonly set: SimSet;
  readonly row: SimRoute;
}

/** What a routing peer serves among the sets a question weighs (see `servingRole`). */
export interface ServingRole {
  readonly key: string;
  readonly refs: RouteRef[];
  readonly rows: ServedRow[];
  readonly sets: number;
}

/**
 * The rows of `sets` by routing peer, set by set in the order given, indexed when first asked:
 * a peer's rows as `ServedRow`s (made for the peers asked about only).
 */
export function rowsByPeer(sets: readonly SimSet[]): (peerId: string) => ServedRow[] {
  // Pairs of numbers, not objects: a covering account's sets have a million rows or more.
  let index: Map<string, number[]> | null = null;
  return (peerId) => {
    if (!index) {
      index = new Map();
      for (let s = 0; s < sets.length; s++) {
        const rows = sets[s]!.routes;
        for (let i = 0; i < rows.length; i++) {
          const id = rows[i]!.peerId;
          if (id === null) continue;
          const list = index.get(id);
          if (list) list.push(s, i);
          else index.set(id, [s, i]);
        }
      }
    }
    const pairs = index.get(peerId);
    const out: ServedRow[] = [];
    if (pairs) for (let k = 0; k < pairs.length; k += 2) out.push({ set: sets[pairs[k]!]!, row: sets[pairs[k]!]!.routes[pairs[k + 1]!]! });
    return out;
  };
}

/** The HA keys a source serves among those `isBaseKey` accepts, sorted; each part of its served keys filtered once per question. */
export type ServedBaseKeys = (servedKeys: ReadonlySet<string>) => string[];

export function servedBaseKeys(isBaseKey: (key: string) => boolean): ServedBaseKeys {
  const perPart = new PerServedPart((part) => [...part].filter(isBaseKey));
  return (servedKeys) => {
    const keys = new Set<string>();
    perPart.forEach(servedKeys, (list) => {
      for (const key of list) keys.add(key);
    });
    return [...keys].sort(compareStrings);
  };
}

/**
 * What a routing peer serves among the sets a question weighs (`served`: its rows there, set by
 * set in the sets' order), as a key (equal for peers that serve them alike: as many rows in the
 * same sets, enabled alike, and the same HA keys among those of the rows, `baseKeys`), its rows,
 * and how many of the sets it serves.
 */
export function servingRole(source: { readonly view: SourceView }, served: ServedRow[], baseKeys: ServedBaseKeys): ServingRole {
  const parts: unknown[] = [baseKeys(source.view.servedKeys)];
  const refs: RouteRef[] = [];
  let last: SimSet | null = null;
  let sets = 0;
  for (const { set, row } of served) {
    if (set !== last) sets++;
    last = set;
    // A route the source serves is never scored, filtered or chosen among others (its set is
    // LOCAL for it): whether it is enabled is all the answer reads of it.
    parts.push([set.index, row.twin, row.baseKey, row.route.enabled]);
    refs.push(row.ref);
  }
  return { key: JSON.stringify(parts), refs, rows: served, sets };
}

/**
 * The peers among `ids` with rows in sets (or a resource naming them) where no other of `ids` has
 * the same (`CoveringSplit.servedAt`): peers that serve the sets alike (`servingRole`) have rows in
 * the same sets, so none of these shares its serving key with another of `ids`.
 */
export function loneServers(split: CoveringSplit, ids: readonly string[]): ReadonlySet<string> {
  // The one peer of each signature, or null once a second has it.
  const bySignature = new Map<string, string | null>();
  for (const id of ids) {
    const signature = split.servedAt(id).join(',');
    bySignature.set(signature, bySignature.has(signature) ? null : id);
  }
  const lone = new Set<string>();
  for (const id of bySignature.values()) if (id !== null) lone.add(id);
  return lone;
}

