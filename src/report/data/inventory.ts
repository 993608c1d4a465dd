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
 * address order, of a hundred thousand: a row's peers and groups become refs when first read, not
 * for every route before the rows are sorted. A class, so that V8 keeps every row in one shape.
 */
class InventoryRow implements InventoryRoute {
  readonly id: string;
  readonly index: number;
  readonly networkId: string;
  readonly kind: InventoryRoute['kind'];
  readonly networkType: string;
  readonly target: string;
  readonly prefix: InventoryRoute['prefix'];
  readonly domains: InventoryRoute['domains'];
  readonly metric: number;
  readonly masquerade: boolean;
  readonly enabled: boolean;
  readonly keepRoute: boolean;
  readonly skipAutoApply: boolean;
  readonly description: string;
  readonly isExit: boolean;
  readonly networkResource: string | null;
  readonly findings: InventoryRoute['findings'];
  readonly severity: InventoryRoute['severity'];
  readonly #route: Route;
  readonly #ctx: ReportContext;
  #peerGroups: readonly Ref[] | null = null;
  #routingPeers: readonly Ref[] | null | undefined = undefined;
  #groups: readonly Ref[] | null = null;
  #accessControlGroups: readonly Ref[] | null = null;

  constructor(r: Route, ctx: ReportContext) {
    const counts = ctx.routeCounts(r.id);
    this.id = r.id;
    this.index = r.index;
    this.networkId = r.networkId;
    this.kind = r.kind;
    this.networkType = r.networkType;
    this.target = targetOf(r);
    this.prefix = r.kind === 'network' ? r.network : null;
    this.domains = r.kind === 'domain' ? r.domains : null;
    this.metric = r.metric;
    this.masquerade = r.masquerade;
    this.enabled = r.enabled;
    this.keepRoute = r.keepRoute;
    this.skipAutoApply = r.skipAutoApply;
    this.description = r.description;
    this.isExit = r.kind === 'network' && r.network?.bits === 0;
    this.networkResource = r.networkResource?.networkId ?? null;
    this.findings = counts;
    this.severity = severityOfCounts(counts);
    this.#route = r;
    this.#ctx = ctx;
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
