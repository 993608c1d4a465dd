// A set outcome's usable routes, their states and their scores (decision.ts `setOutcome`) as
// arrays in the routes' order, read through the ReadonlySet and ReadonlyMap interfaces: a group
// question over a covering account keeps tens of thousands of set outcomes for the whole question
// (decision.ts `DecisionMemo`), and a Set and two Maps each, a hash table per outcome, made half
// of what survived each young generation. Readers walk the routes in the set's order (verdicts),
// so a lookup tries where the last one ended first.
import type { SimRoute } from './distribution.js';
import { compareStrings } from '../order.js';

/** A lookup that misses the walk looks this far ahead, then (unless that is the end) by a search in the set's order, or through an index made once where the routes are not in it. */
const SCANNED = 16;

/** Where each route stands in one outcome's list of usable routes, shared by its set, states and scores. */
export class RouteIndex {
  /** After the last route found: a walk in order finds the next one there, or the same one again just before. */
  #next = 0;
  #byRoute: Map<SimRoute, number> | null = null;
  #ordered: boolean | null = null;

  constructor(readonly routes: readonly SimRoute[]) {}

  /** The route's place in `routes`, or -1. */
  indexOf(route: SimRoute): number {
    const routes = this.routes;
    const next = this.#next;
    if (routes[next] === route) {
      this.#next = next + 1;
      return next;
    }
    if (next > 0 && routes[next - 1] === route) return next - 1;
    // A walk in order again, from the first route.
    if (routes[0] === route) {
      this.#next = 1;
      return 0;
    }
    let i = -1;
    // A walk that skips routes (a set's marked routes, state-summary.ts) finds them a little further on.
    const ahead = Math.min(routes.length, next + SCANNED);
    for (let k = next + 1; k < ahead; k++) {
      if (routes[k] !== route) continue;
      i = k;
      break;
    }
    if (i < 0) i = routes.length <= SCANNED ? routes.indexOf(route) : this.#indexed(route);
    if (i >= 0) this.#next = i + 1;
    return i;
  }

  #indexed(route: SimRoute): number {
    // Routes in their set's order (by id, then routing peer), as every outcome lists them: found by
    // a binary search, with no index to build (a member's part of an exit set, read out of order by
    // the few candidates its answer details, for every member).
    this.#ordered ??= byIdThenPeer(this.routes);
    if (this.#ordered) return searchOrdered(this.routes, route);
    if (!this.#byRoute) {
      const byRoute = new Map<SimRoute, number>();
      for (let k = 0; k < this.routes.length; k++) byRoute.set(this.routes[k]!, k);
      this.#byRoute = byRoute;
    }
    return this.#byRoute.get(route) ?? -1;
  }
}

/** Are the routes ordered by id, then routing peer (ties allowed)? */
function byIdThenPeer(routes: readonly SimRoute[]): boolean {
  for (let k = 1; k < routes.length; k++) if (compareIdThenPeer(routes[k - 1]!, routes[k]!) > 0) return false;
  return true;
}

function compareIdThenPeer(a: SimRoute, b: SimRoute): number {
  return compareStrings(a.id, b.id) || compareStrings(a.peerId ?? '', b.peerId ?? '');
}

/** The place of `route` among `routes` ordered by id, then routing peer: the first of its equals by search, then the one that is it. */
function searchOrdered(routes: readonly SimRoute[], route: SimRoute): number {
  let lo = 0;
  let hi = routes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIdThenPeer(routes[mid]!, route) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < routes.length && compareIdThenPeer(routes[k]!, route) === 0; k++) if (routes[k] === route) return k;
  return -1;
}

/** The usable routes as a set. */
export class RouteSet implements ReadonlySet<SimRoute> {
  constructor(private readonly index: RouteIndex) {}

  get size(): number {
    return this.index.routes.length;
  }

  has(route: SimRoute): boolean {
    return this.index.indexOf(route) >= 0;
  }

  forEach(fn: (value: SimRoute, key: SimRoute, set: ReadonlySet<SimRoute>) => void, thisArg?: unknown): void {
    for (const r of this.index.routes) fn.call(thisArg, r, r, this);
  }

  *entries(): SetIterator<[SimRoute, SimRoute]> {
    for (const r of this.index.routes) yield [r, r];
  }

  keys(): SetIterator<SimRoute> {
    return this.values();
  }

  *values(): SetIterator<SimRoute> {
    yield* this.index.routes;
  }

  [Symbol.iterator](): SetIterator<SimRoute> {
    return this.values();
  }
}

/** A value per usable route, in the routes' order, as a map. */
export class RouteValues<V> implements ReadonlyMap<SimRoute, V> {
  constructor(
    private readonly index: RouteIndex,
    private readonly list: readonly V[],
  ) {}

  get size(): number {
    return this.list.length;
  }

  get(route: SimRoute): V | undefined {
    const i = this.index.indexOf(route);
    return i < 0 ? undefined : this.list[i];
  }

  has(route: SimRoute): boolean {
    return this.index.indexOf(route) >= 0;
  }

  forEach(fn: (value: V, key: SimRoute, map: ReadonlyMap<SimRoute, V>) => void, thisArg?: unknown): void {
    const routes = this.index.routes;
    for (let i = 0; i < routes.length; i++) fn.call(thisArg, this.list[i]!, routes[i]!, this);
  }

  *entries(): MapIterator<[SimRoute, V]> {
    const routes = this.index.routes;
    for (let i = 0; i < routes.length; i++) yield [routes[i]!, this.list[i]!];
  }

  keys(): MapIterator<SimRoute> {
    return this.index.routes.values();
  }

  values(): MapIterator<V> {
    return this.list.values();
  }

  [Symbol.iterator](): MapIterator<[SimRoute, V]> {
    return this.entries();
  }
}
