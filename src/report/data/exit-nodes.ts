// The exit nodes section: the HA sets for 0.0.0.0/0 or ::/0, and which one each distribution
// group's members get with no selection of their own.
import { exitAutoApplyOf } from '../../analysis/exit-auto-apply.js';
import { targetOfSet } from '../../model/describe.js';
import { compareCodePoints, compareStrings } from '../../order.js';
import { compareRefs, type ReportContext } from './context.js';
import type { ExitNodeReport, ExitNodesReport } from './types.js';

export function exitNodesOf(ctx: ReportContext): ExitNodesReport {
  const { model } = ctx;
  const nodes = model.haSets
    .filter((s) => s.isExit)
    .map((set): ExitNodeReport => {
      const masq = new Set(set.routes.map((r) => r.masquerade));
      const peerIds = new Set(set.routes.flatMap((r) => model.routingPeersOf(r) ?? []));
      return {
        key: set.key,
        networkId: set.networkId,
        target: targetOfSet(set),
        autoApplies: set.routes.some((r) => !r.skipAutoApply),
        masquerade: masq.size > 1 ? 'mixed' : masq.has(true) ? 'on' : 'off',
        peers: [...peerIds].map(ctx.peerRef).sort(compareRefs),
        groups: ctx.groupRefs(set.routes.flatMap((r) => r.groups)),
        severity: ctx.routesSeverity(set.routes),
      };
    })
    .sort((a, b) => compareCodePoints(a.networkId, b.networkId) || compareStrings(a.key, b.key));
  // Who gets which exit node is simulated, and the simulator needs both sections.
  const canSimulate = model.groups !== null && model.peers !== null;
  return { nodes, autoApply: canSimulate ? exitAutoApplyOf(model) : null };
}
