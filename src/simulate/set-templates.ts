// Large sets every source reads (the exit sets: they cover every address) delivered from a template.
// A row of a route not distributed to the source, nor served by it, is refused for a reason its
// flags alone decide (docs/netbird-behaviour.md §3: login, approval, its own HA set, no client
// routes, no IPv6, or not in the distribution groups): sources with the same flags get the same
// code for it. So those codes are made once per set and flags (the template), and a source's own
// work is the rows of the routes distributed to it and the rows it serves (the patch): a group
// of 50,000 members asking for an exit set of 26,000 rows decides tens of rows each, not 26,000.
import type { Model } from '../model/types.js';
import { RowPatch } from './row-patch.js';
import { delivery, deliverSet, TemplatedDelivery, type Delivery, type SetDelivery, type SimRoute, type SimSet, type SourceView } from './distribution.js';

/**
 * Sets of fewer rows are delivered row by row (`deliverSet`): a template would save nothing.
 * Settable so that tests can deliver the small sets of their accounts from templates.
 */
export const templateTuning = { minRows: 64 };

/** Where a set's rows are, read once per set. */
interface SetRows {
  /** Rows of each route (its rows are adjacent): the first row's index, then the next route's. */
  readonly starts: Int32Array;
  /** Routes (by their index in `starts`) by distribution group, and by a peer a network resource names. */
  readonly byGroup: ReadonlyMap<string, readonly number[]>;
  readonly byResourcePeer: ReadonlyMap<string, readonly number[]>;
  /** Rows by routing peer. */
  readonly byPeer: ReadonlyMap<string, readonly number[]>;
  /** The HA keys of the rows (a set's own, and its twins' base), each once. */
  readonly baseKeys: readonly string[];
  /** The route (its index in `starts`) of each row. */
  readonly routeOf: Int32Array;
  /** Marks of the routes distributed to the source delivered last (`stamp`), by route. */
  readonly marks: Int32Array;
  stamp: number;
}

/** The codes of a set's rows as a source with given flags receives them when no route of them is distributed to it. */
interface Template {
  readonly codes: readonly Delivery[];
  /** The source the codes were made for: its rows' codes are its own (every other source has them patched). */
  readonly maker: string;
  /** Rows whose code is a login that expired. */
  readonly loginExpired: number;
}

function isLoginCode(code: Delivery): boolean {
  return code === 'routing-peer-login-expired' || code === 'source-login-expired';
}

/** Templates of large sets, per model: made when first asked, kept while the model is. */
export class SetTemplates {
  private readonly rows = new Map<SimSet, SetRows>();
  private readonly templates = new Map<SimSet, Map<string, Template>>();

  /** `minRows`: sets of fewer rows are delivered row by row. */
  constructor(
    private readonly model: Model,
    private readonly minRows = templateTuning.minRows,
  ) {}

  /**
   * The set as the source receives it: `deliverSet`'s delivery, its codes the same row by row.
   * `classCodes`: codes of rows of routes distributed to the source, by row, as every source of its
   * delivery class receives them (member-deliveries.ts `classDelivery`, for sources serving none of
   * the set): read there first, and what is worked out here is added.
   */
  deliver(view: SourceView, set: SimSet, classCodes?: Map<number, Delivery>): SetDelivery {
    const routes = set.routes;
    if (routes.length < this.minRows) return deliverSet(this.model, view, set);
    const at = this.rowsOf(set);
    const peerId = view.peer.id;
    const own = at.byPeer.get(peerId) ?? NO_ROWS;
    // As `deliverRoutes`: does the source serve the set (then it ignores the set's other routes)?
    let served = false;
    for (const i of own) if (delivery(this.model, view, routes[i]!, false) === 'local') served = true;
    // The routes distributed to the source (`distributedTo`), marked with a stamp of this call.
    const stamp = ++at.stamp;
    const distributed: number[] = [];
    let distributedRows = 0;
    const mark = (list: readonly number[]): void => {
      for (const k of list) {
        if (at.marks[k] === stamp) continue;
        at.marks[k] = stamp;
        distributed.push(k);
        distributedRows += at.starts[k + 1]! - at.starts[k]!;
      }
    };
    // A source serving the set receives none of its other rows, distributed or not (§3), and a
    // source serving every HA key of its rows refuses each as its own HA set before its
    // distribution is read (an exit node whose own route is disabled, or of IPv6 it lacks): the
    // template holds their codes, and only its own rows and the maker's are patched.
    if (!served && !at.baseKeys.every((k) => view.servedKeys.has(k))) {
      for (const g of view.groups) mark(at.byGroup.get(g) ?? NO_ROWS);
      mark(at.byResourcePeer.get(peerId) ?? NO_ROWS);
    }
    // Most rows reach the source: row by row is as cheap, and its codes are an array, not a patch.
    if (distributedRows * 2 > routes.length) return deliverSet(this.model, view, set);
    const template = this.templateFor(view, set, at, served);
    // The rows patched, each once: those of the distributed routes, the source's own and the template maker's.
    const rows: number[] = [];
    for (const k of distributed) for (let i = at.starts[k]!; i < at.starts[k + 1]!; i++) rows.push(i);
    const outside = (i: number): boolean => at.marks[at.routeOf[i]!] !== stamp;
    for (const i of own) if (outside(i)) rows.push(i);
    if (template.maker !== peerId) for (const i of at.byPeer.get(template.maker) ?? NO_ROWS) if (outside(i)) rows.push(i);
    rows.sort((a, b) => a - b);
    const codes = new Array<Delivery>(rows.length);
    let local = NO_ROUTES as SimRoute[];
    let received = NO_ROUTES as SimRoute[];
    let logins = template.loginExpired;
    // A distributed row of another routing peer, for a source serving none of the set: its code rests on the source's class alone.
    const shared = classCodes !== undefined && !served && own.length === 0 ? classCodes : null;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const r = routes[i]!;
      const distributedRow = !outside(i);
      let code = shared && distributedRow ? shared.get(i) : undefined;
      if (code === undefined) {
        code = delivery(this.model, view, r, served && r.peerId !== peerId, distributedRow);
        if (shared && distributedRow) shared.set(i, code);
      }
      codes[k] = code;
      if (r.peerId !== template.maker && isLoginCode(template.codes[i]!)) logins--;
      if (code === 'local') (local === NO_ROUTES ? (local = []) : local).push(r);
      else if (code === 'received') (received === NO_ROUTES ? (received = []) : received).push(r);
      else if (isLoginCode(code)) logins++;
    }
    return new TemplatedDelivery(set, template.codes, RowPatch.of(rows, codes), local, logins > 0, received);
  }

  /**
   * The template of the set for the source's flags: what decides a row of a route not
   * distributed to it (its login, approval, client routes, IPv6, and which of the rows' HA keys it
   * serves, `served`: whether it serves the set itself).
   */
  private templateFor(view: SourceView, set: SimSet, at: SetRows, served: boolean): Template {
    const peer = view.peer;
    let key = `${Number(peer.loginExpired)}${Number(peer.approvalRequired)}${Number(peer.disableClientRoutes)}${Number(view.hasIpv6)}${Number(served)}`;
    for (const k of at.baseKeys) key += Number(view.servedKeys.has(k));
    let bySet = this.templates.get(set);
    if (!bySet) this.templates.set(set, (bySet = new Map()));
    let template = bySet.get(key);
    if (template) return template;
    let loginExpired = 0;
    // The maker's own rows hold a stand-in: they are patched for every source (its own, or the maker's).
    const codes = set.routes.map((r): Delivery => {
      if (r.peerId === peer.id) return 'own-ha-set';
      const code = delivery(this.model, view, r, served, false);
      if (isLoginCode(code)) loginExpired++;
      return code;
    });
    bySet.set(key, (template = { codes, maker: peer.id, loginExpired }));
    return template;
  }

  private rowsOf(set: SimSet): SetRows {
    let at = this.rows.get(set);
    if (at) return at;
    const starts: number[] = [];
    const byGroup = new Map<string, number[]>();
    const byResourcePeer = new Map<string, number[]>();
    const byPeer = new Map<string, number[]>();
    const baseKeys = new Set<string>();
    const add = (map: Map<string, number[]>, key: string, value: number): void => {
      const list = map.get(key);
      if (!list) map.set(key, [value]);
      else if (list[list.length - 1] !== value) list.push(value);
    };
    const routeOf = new Int32Array(set.routes.length);
    set.routes.forEach((r, i) => {
      baseKeys.add(r.baseKey);
      if (r.peerId !== null) add(byPeer, r.peerId, i);
      if (i === 0 || set.routes[i - 1]!.route !== r.route) {
        const k = starts.length;
        starts.push(i);
        for (const g of r.route.groups) add(byGroup, g, k);
        for (const p of r.route.networkResource?.sourcePeerIds ?? []) add(byResourcePeer, p, k);
      }
      routeOf[i] = starts.length - 1;
    });
    starts.push(set.routes.length);
    const marks = new Int32Array(starts.length);
    this.rows.set(set, (at = { starts: Int32Array.from(starts), byGroup, byResourcePeer, byPeer, baseKeys: [...baseKeys], routeOf, marks, stamp: 0 }));
    return at;
  }
}

const NO_ROWS: readonly number[] = Object.freeze([]);
const NO_ROUTES: readonly SimRoute[] = Object.freeze([]);
