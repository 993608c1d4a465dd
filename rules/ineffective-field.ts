import { defineRule } from '../src/engine/rule.js';
import { targetOf } from '../src/model/describe.js';
import type { Route } from '../src/model/types.js';

/** The suffix NetBird appends to an exit node's network_id for its IPv6 twin (docs/netbird-behaviour.md §3). */
const V6_TWIN_SUFFIX = '-v6';

function isExitRoute(route: Route): boolean {
  return route.kind === 'network' && route.network !== null && route.network.bits === 0;
}

export default defineRule({
  id: 'ineffective-field',
  type: 'problem',
  description: 'A route field that does nothing where it is set: keep_route on a network route, skip_auto_apply on a non-exit route, a disabled route in an HA set with enabled routes, a network_id that takes the name of an exit node\'s IPv6 twin.',
  severity: 'warn',
  messages: {
    keepRouteOnNetwork: 'keep_route has no effect on network route {{target}}',
    skipAutoApplyOnNonExit: 'skip_auto_apply has no effect on {{target}}, which is not an exit node',
    disabledInHaSet: 'This disabled route adds no failover to HA set {{networkId}} ({{enabled}} routes enabled)',
    v6TwinName: 'network_id {{networkId}} is the name of the IPv6 twin of exit node {{exitNetworkId}}',
  },
  explanations: {
    keepRouteOnNetwork:
      'keep_route only affects domain routes (it keeps addresses that stop resolving); NetBird ignores it on a network route.',
    skipAutoApplyOnNonExit:
      'skip_auto_apply only affects exit nodes (0.0.0.0/0, ::/0), so NetBird ignores it here and the route is on by default like any other.',
    disabledInHaSet:
      'NetBird delivers a disabled route to nobody, so it adds no failover, and its routing peers still do not receive the set\'s routes from other peers.',
    v6TwinName:
      'NetBird gives the IPv6 twin (::/0) of exit node {{exitNetworkId}} this name on peers with an overlay IPv6: clients see one network_id for both, so selecting or deselecting one also selects or deselects the other.',
  },
  check({ model, report }) {
    const exitRoutesById = new Map<string, Route[]>();
    for (const route of model.routes) {
      if (!isExitRoute(route) || route.network!.family !== 4) continue;
      const list = exitRoutesById.get(route.networkId);
      if (list) list.push(route);
      else exitRoutesById.set(route.networkId, [route]);
    }

    for (const route of model.routes) {
      // Set by NetBird itself, not by the user: on every route it makes from a Networks API
      // resource, and by the Terraform provider's default (true) on every netbird_route.
      if (route.kind === 'network' && route.keepRoute && !route.networkResource && route.address === undefined) {
        report({ messageId: 'keepRouteOnNetwork', route, field: 'keep_route', data: { target: targetOf(route) } });
      }
      if ((route.kind === 'network' || route.kind === 'domain') && route.skipAutoApply && !isExitRoute(route)) {
        report({ messageId: 'skipAutoApplyOnNonExit', route, field: 'skip_auto_apply', data: { target: targetOf(route) } });
      }
      if (route.networkId.endsWith(V6_TWIN_SUFFIX)) {
        const exitNetworkId = route.networkId.slice(0, -V6_TWIN_SUFFIX.length);
        const exits = exitRoutesById.get(exitNetworkId);
        if (exits) report({ messageId: 'v6TwinName', route, field: 'network_id', related: exits, data: { networkId: route.networkId, exitNetworkId }, facts: [exitNetworkId] });
      }
    }

    for (const set of model.haSets) {
      // One route alone is enabled or not: it is never a disabled route beside enabled ones.
      if (set.routes.length < 2) continue;
      const enabledRoutes = set.routes.filter((r) => r.enabled);
      const enabled = enabledRoutes.length;
      if (enabled === 0) continue;
      for (const route of set.routes) {
        if (!route.enabled) report({ messageId: 'disabledInHaSet', route, field: 'enabled', related: enabledRoutes, data: { networkId: set.networkId, enabled } });
      }
    }
  },
});
