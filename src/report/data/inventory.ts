// The inventory section: every route of the export, one row each, with its routing peers expanded.
import { targetOf } from '../../model/describe.js';
import { compareCodePoints, compareStrings } from '../../order.js';
import { severityOfCounts, sortByPrefix, type ReportContext } from './context.js';
import type { Route } from '../../model/types.js';
import type { InventoryRoute, Ref } from './types.js';

export function inventoryOf(ctx: ReportContext): InventoryRoute[] {
  const rows = ctx.model.routes.map((r) => new InventoryRow(r, ctx));
  return sortByPrefix(rows, (r) => r.prefix, compareInventory);
}

/**
 * One route of the inventory. The page lists the first DISPLAY_LIMITS.inventoryRoutes routes in
 * address order, of a hundred thousand: a row holds what it is sorted by, and reads the rest of
 * its route (its target, findings, peers and groups as refs) when first asked, not for every
 * route before the rows are sorted. A class, so that V8 keeps every row in one shape.
 */
class InventoryRow implements InventoryRoute {
  readonly id: string;
  readonly index: number;
  readonly networkId: string;
  readonly kind: InventoryRoute['kind'];
  readonly prefix: InventoryRoute['prefix'];
  readonly domains: InventoryRoute['domains'];
  readonly #route: Route;
  readonly #ctx: ReportContext;
  #target: string | null = null;
  #peerGroups: readonly Ref[] | null = null;
  #routingPeers: readonly Ref[] | null | undefined = undefined;
  #groups: readonly Ref[] | null = null;
  #accessControlGroups: readonly Ref[] | null = null;

  constructor(r: Route, ctx: ReportContext) {
    this.id = r.id;
    this.index = r.index;
    this.networkId = r.networkId;
    this.kind = r.kind;
    this.prefix = r.kind === 'network' ? r.network : null;
    this.domains = r.kind === 'domain' ? r.domains : null;
    this.#route = r;
    this.#ctx = ctx;
  }

  get target(): string {
    return (this.#target ??= targetOf(this.#route));
  }

  get networkType(): string {
    return this.#route.networkType;
  }

  get metric(): number {
    return this.#route.metric;
  }

  get masquerade(): boolean {
    return this.#route.masquerade;
  }

  get enabled(): boolean {
    return this.#route.enabled;
  }

  get keepRoute(): boolean {
    return this.#route.keepRoute;
  }

  get skipAutoApply(): boolean {
    return this.#route.skipAutoApply;
  }

  get description(): string {
    return this.#route.description;
  }

  get isExit(): boolean {
    return this.#route.kind === 'network' && this.#route.network?.bits === 0;
  }

  get networkResource(): string | null {
    return this.#route.networkResource?.networkId ?? null;
  }

  get findings(): InventoryRoute['findings'] {
    return this.#ctx.routeCounts(this.#route.id);
  }

  get severity(): InventoryRoute['severity'] {
    return severityOfCounts(this.findings);
  }

  get peer(): Ref | null {
    return this.#route.peer === '' ? null : this.#ctx.peerRef(this.#route.peer);
  }

  get peerGroups(): readonly Ref[] {
    return (this.#peerGroups ??= this.#ctx.groupRefs(this.#route.peerGroups));
  }

  get routingPeers(): readonly Ref[] | null {
    if (this.#routingPeers === undefined) {
      const ids = this.#ctx.model.routingPeersOf(this.#route);
      this.#routingPeers = ids === null ? null : this.#ctx.peerRefsOf(ids);
    }
    return this.#routingPeers;
  }

  get groups(): readonly Ref[] {
    return (this.#groups ??= this.#ctx.groupRefs(this.#route.groups));
  }

  get accessControlGroups(): readonly Ref[] {
    return (this.#accessControlGroups ??= this.#ctx.groupRefs(this.#route.accessControlGroups));
  }
}

/** Network routes by prefix, then domain routes by domains, then the rest; ties by network_id, id, position. */
function compareInventory(a: InventoryRoute, b: InventoryRoute, byPrefix: (a: InventoryRoute, b: InventoryRoute) => number): number {
  const rank = (r: InventoryRoute) => (r.prefix ? 0 : r.domains ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const byTarget = a.prefix && b.prefix ? byPrefix(a, b) : compareStrings(a.target, b.target);
  return byTarget || compareCodePoints(a.networkId, b.networkId) || compareStrings(a.id, b.id) || a.index - b.index;
}
