import { defineRule } from '../src/engine/rule.js';
import { targetOfSet } from '../src/model/describe.js';
import { peersNotAlwaysMasquerading } from '../src/model/peerOs.js';
import { overlayOf } from '../src/model/overlay.js';
import { CGNAT_RANGE } from '../src/net/prefix.js';
import type { HaSet, Model, Route } from '../src/model/types.js';

const NO_PEERS: readonly string[] = Object.freeze([]);

/** Metrics at which two or more distinct untranslating routing peers of these routes serve. */
function tiedMetrics(model: Model, routes: readonly Route[]): Set<number> {
  const peersAt = new Map<number, Set<string>>();
  // Routes of one peer group share a list: each list is read once per metric.
  const read = new Map<number, Set<readonly string[]>>();
  for (const route of routes) {
    let peers = peersAt.get(route.metric);
    if (!peers) {
      peersAt.set(route.metric, (peers = new Set()));
      read.set(route.metric, new Set());
    }
    const list = model.routingPeersOf(route) ?? NO_PEERS;
    const seen = read.get(route.metric)!;
    if (seen.has(list)) continue;
    seen.add(list);
    for (const p of peersNotAlwaysMasquerading(model, list)) peers.add(p);
  }
  return new Set([...peersAt].filter(([, peers]) => peers.size > 1).map(([metric]) => metric));
}

export default defineRule({
  id: 'masquerade-off-needs-return',
  type: 'suggestion',
  description: 'Masquerade off on a route served by several routing peers at distinct metrics, or on a domain route, whose hosts cannot know overlay addresses; explains the return route that is needed.',
  severity: 'warn',
  messages: {
    internetHosts: 'Masquerade is off on {{networkId}}, whose hosts are on the internet: replies are lost',
    severalPeers: 'Masquerade is off on {{networkId}} with {{count}} routing peers: replies may return to the wrong one',
  },
  explanations: {
    internetHosts:
      'The hosts {{target}} reaches are on the internet and see overlay source addresses ({{overlay}}) they cannot route back to the routing peer, so replies are lost unless something upstream translates them. Turn masquerade on.',
    severalPeers:
      'Hosts in {{target}} see overlay source addresses and need a route for {{overlay}} back to the routing peer a client uses, but clients may use different peers (and move on failover), so replies to some of them go to the wrong peer. Route {{overlay}} back to the preferred peer (the lowest metric), or turn masquerade on.',
  },
  check({ model, report, note }) {
    const overlay = overlayOf(model);
    let noted = false;
    // Routing peers that route in userspace translate whatever the flag says (docs/netbird-behaviour.md §8).
    const overlayFor = (set: HaSet): string | null => {
      if (set.network?.family === 6) return overlay.v6?.text ?? (model.has('peers') ? null : 'the overlay IPv6 /64');
      return overlay.v4?.text ?? CGNAT_RANGE.text;
    };

    for (const set of model.haSets) {
      // Exit nodes with masquerade off are exit-node-masquerade's finding.
      if (set.isExit) continue;
      let anyOff = false;
      for (const r of set.routes) if (r.enabled && !r.masquerade) anyOff = true;
      if (!anyOff) continue;
      // A network route alone in its set is never reported: its untranslating peers, when two or
      // more, all serve at its one metric (a tie, metric-conflict's finding). Only whether its
      // peer groups expand is asked of it.
      if (set.routes.length === 1 && set.domains === null) {
        if (model.routingPeersOf(set.routes[0]!) === null && !noted) {
          note('groups', 'routes whose peer groups cannot be expanded');
          noted = true;
        }
        continue;
      }
      const off = set.routes.filter((r) => r.enabled && !r.masquerade);
      const untranslated = new Set<string>();
      let expandable = true;
      // Routes of one peer group share a list: each list is read once per set.
      const read = new Set<readonly string[]>();
      for (const route of off) {
        const peers = model.routingPeersOf(route);
        if (peers === null) expandable = false;
        else if (!read.has(peers)) {
          read.add(peers);
          for (const p of peersNotAlwaysMasquerading(model, peers)) untranslated.add(p);
        }
      }
      if (!expandable) {
        if (!noted) note('groups', 'routes whose peer groups cannot be expanded');
        noted = true;
        continue;
      }
      if (untranslated.size === 0) continue;
      // With peers known and none holding an overlay IPv6, nobody receives an IPv6 route.
      const overlayText = overlayFor(set);
      if (overlayText === null) continue;
      const internet = set.domains !== null;
      if (!internet && untranslated.size < 2) continue;
      const data = { networkId: set.networkId, target: targetOfSet(set), overlay: overlayText, count: untranslated.size };
      // Untranslating peers that tie at one metric split the clients between them: metric-conflict's
      // equalMetricNoMasquerade says so for their routes, and this rule speaks of the other routes.
      const tied = internet ? new Set<number>() : tiedMetrics(model, off);
      // Whether a list holds an untranslating peer, once per list.
      const holds = new Map<readonly string[], boolean>();
      for (const route of off) {
        const list = model.routingPeersOf(route) ?? NO_PEERS;
        let any = holds.get(list);
        if (any === undefined) holds.set(list, (any = list.some((p) => untranslated.has(p))));
        if (!any) continue;
        if (tied.has(route.metric)) continue;
        report({ messageId: internet ? 'internetHosts' : 'severalPeers', route, field: 'masquerade', data });
      }
    }
  },
});
