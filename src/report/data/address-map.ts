// The address map section: one entry per distinct routed prefix, whatever HA sets route it.
import type { Route } from '../../model/types.js';
import { comparePrefix, type Prefix } from '../../net/prefix.js';
import { compareCodePoints, compareStrings } from '../../order.js';
import type { ReportContext } from './context.js';
import type { MapPrefix } from './types.js';

export function addressMapOf(ctx: ReportContext): MapPrefix[] {
  const byPrefix = new Map<string, { prefix: Prefix; networkIds: Set<string>; routes: Route[] }>();
  for (const set of ctx.model.haSets) {
    if (!set.network) continue;
    let entry = byPrefix.get(set.network.text);
    if (!entry) byPrefix.set(set.network.text, (entry = { prefix: set.network, networkIds: new Set(), routes: [] }));
    entry.networkIds.add(set.networkId);
    entry.routes.push(...set.routes);
  }
  return [...byPrefix.values()]
    .map((e) => ({
      prefix: e.prefix,
      networkIds: [...e.networkIds].sort(compareCodePoints),
      routeIds: [...new Set(e.routes.map((r) => r.id))].sort(compareStrings),
      severity: ctx.routesSeverity(e.routes),
      enabled: e.routes.some((r) => r.enabled),
    }))
    .sort((a, b) => comparePrefix(a.prefix, b.prefix));
}
