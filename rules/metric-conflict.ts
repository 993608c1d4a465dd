import { defineRule } from '../src/engine/rule.js';
import { isDefaultRoute, type Family } from '../src/net/prefix.js';
import { peersNotAlwaysMasquerading } from '../src/model/peerOs.js';
import { reachOf, RecipientIndex, type Reach } from '../src/model/reach.js';
import { nameList, targetOfSet } from '../src/model/describe.js';
import { compareHaSets, liveSet, livePrefixNodes, type LiveSet } from '../src/model/sets.js';
import type { HaSet, Model, Route } from '../src/model/types.js';
import { FindingLimit } from '../src/engine/limit.js';
import { RecipientPresence } from '../src/model/reach-presence.js';
import { compareStrings } from '../src/order.js';

type MessageId = 'equalMetricNoMasquerade' | 'metricAcrossNetworkIds' | 'exitNodeShadowed';
/** The context's `leftOut`: true (and counted) when a finding about the route would only be counted. */
type LeftOut = (route: Route) => boolean;
type Reporter = (report: { messageId: MessageId; route: Route; field: string; data: Record<string, string | number>; related: readonly Route[]; relatedExcept?: Route; facts: string[] }) => void;

/** At most this many peer names go into a message; the rest are counted. */
const NAMES_SHOWN = 5;

function peerNameList(model: Model, peers: readonly string[]): string {
  return nameList(peers.map((p) => model.peerName(p)).sort(compareStrings), { limit: NAMES_SHOWN, countRest: true });
}

/** The distinct peers of these entries; routes of one peer group share a list, read once. */
function distinctPeers(entries: readonly { peers: readonly string[] }[]): Set<string> {
  const out = new Set<string>();
  const read = new Set<readonly string[]>();
  for (const { peers } of entries) {
    if (read.has(peers)) continue;
    read.add(peers);
    for (const p of peers) out.add(p);
  }
  return out;
}

/**
 * (a) Inside one HA set: distinct routing peers with the same metric and masquerade off, for a
 * common recipient. Such a client ranks them by connection state and latency only. Peers that
 * route in userspace translate anyway and are left out. A peer_groups route expanding to two or
 * more such peers is a tie by itself: every member gets the route's metric.
 */
/** A route's own peers' names, once per routing-peer list (routes of one peer group share it). */
type NamesOf = (peers: readonly string[]) => string;

function reportEqualMetrics(model: Model, set: HaSet, reach: Reach, report: Reporter, leftOut: LeftOut, namesOf: NamesOf, needsGroups: () => void): void {
  if (set.routes.length === 1) {
    const route = set.routes[0]!;
    // Most HA sets are one route to one peer: nothing can tie.
    if (route.peer !== '' || !route.enabled || route.masquerade) return;
    // One route alone: its own untranslating peers (a distinct list) tie with each other for every client it has.
    const expanded = model.routingPeersOf(route);
    if (expanded === null) {
      needsGroups();
      return;
    }
    const peers = peersNotAlwaysMasquerading(model, expanded);
    if (peers.length < 2 || route.groups.length === 0 || leftOut(route)) return;
    report({ messageId: 'equalMetricNoMasquerade', route, field: 'metric', data: { networkId: set.networkId, network: targetOfSet(set), metric: route.metric, peers: namesOf(peers) }, related: [], facts: [String(route.metric)] });
    return;
  }
  const byMetric = new Map<number, { route: Route; peers: readonly string[] }[]>();
  for (const route of set.routes) {
    if (!route.enabled || route.masquerade) continue;
    const expanded = model.routingPeersOf(route);
    if (expanded === null) {
      needsGroups();
      continue;
    }
    const peers = peersNotAlwaysMasquerading(model, expanded);
    if (peers.length === 0) continue;
    const list = byMetric.get(route.metric);
    if (list) list.push({ route, peers });
    else byMetric.set(route.metric, [{ route, peers }]);
  }
  for (const [metric, entries] of [...byMetric].sort((a, b) => a[0] - b[0])) {
    if (distinctPeers(entries).size < 2) continue;
    // One route alone: its own peers tie with each other for every client it has (the index below would find its second peer).
    if (entries.length === 1) {
      const { route } = entries[0]!;
      if (route.groups.length > 0 && !leftOut(route)) report({ messageId: 'equalMetricNoMasquerade', route, field: 'metric', data: { networkId: set.networkId, network: targetOfSet(set), metric, peers: namesOf(entries[0]!.peers) }, related: [], facts: [String(metric)] });
      continue;
    }
    const byPeer = new RecipientIndex<string>(reach);
    // A route's first two peers decide every answer below (each group keeps its earliest entry and
    // the earliest with another key): a route of a peer group of thousands adds two entries, not thousands.
    for (const { route, peers } of entries) for (let i = 0; i < peers.length && i < 2; i++) byPeer.add([route], peers[i]!, peers[i]!);
    // Each route looks for a peer other than its first one that shares a client with it; a
    // peer_groups route with two members finds its own second member. The answer depends on the
    // route's audience only: per audience, the earliest peer meeting it and the earliest other
    // one answer every first peer (a tie of thousands of routes asks twice per audience, not once per route).
    const byAudience = new Map<number, { first: string | undefined; other: string | undefined }>();
    const tiedWithOther = (route: Route, own: string): boolean => {
      const audience = reach.audienceOf(route).id;
      let known = byAudience.get(audience);
      if (!known) {
        const first = byPeer.first(route);
        byAudience.set(audience, (known = { first, other: first === undefined ? undefined : byPeer.first(route, first) }));
      }
      return known.first !== undefined && (known.first !== own || known.other !== undefined);
    };
    const tied = entries.filter(({ route, peers }) => tiedWithOther(route, peers[0]!));
    if (tied.length === 0) continue;
    const peerNames = peerNameList(model, [...distinctPeers(tied)]);
    // One array for every finding of the tie, each leaving its own route out: a tie of many routes costs no copy per finding.
    const tiedRoutes = tied.map((e) => e.route);
    for (const { route } of tied) {
      report({
        messageId: 'equalMetricNoMasquerade',
        route,
        field: 'metric',
        data: { networkId: set.networkId, network: targetOfSet(set), metric, peers: peerNames },
        related: tiedRoutes,
        relatedExcept: route,
        facts: [String(metric)],
      });
    }
  }
}

/** Do all routes of these sets have one metric? Loops, not closures: it is asked of every shared prefix. */
function oneMetric(sets: readonly LiveSet[]): boolean {
  const metric = sets[0]!.routes[0]!.metric;
  for (const live of sets) for (const r of live.routes) if (r.metric !== metric) return false;
  return true;
}

/**
 * (b) The same prefix under different network_ids with different metrics, for a common
 * recipient: each route of a later set is reported against the first earlier set holding a route
 * with another metric. Exit nodes are left to (c).
 */
function reportMetricsAcrossNetworkIds(model: Model, reach: Reach, report: Reporter, limit: FindingLimit): void {
  // Once every finding left is only counted, a presence of the routes so far says whether there is
  // an earlier one with another metric, without looking for the first such set.
  let presence: RecipientPresence | null = null;
  for (const node of livePrefixNodes(model)) {
    if (node.sets.length < 2 || isDefaultRoute(node.prefix)) continue;
    // Only a different metric is reported: with one metric throughout there is nothing to find.
    if (oneMetric(node.sets)) continue;
    const { sets } = node;
    let earlier: RecipientIndex<{ live: LiveSet; route: Route }> | null = null;
    if (limit.onlyCounting) (presence ??= new RecipientPresence(reach)).clear();
    else earlier = new RecipientIndex<{ live: LiveSet; route: Route }>(reach);
    for (let i = 0; i < sets.length; i++) {
      const live = sets[i]!;
      if (!earlier) {
        for (const route of live.routes) if (presence!.has(route, String(route.metric))) limit.leftOut(route);
        for (const route of live.routes) presence!.add(route, String(route.metric));
        continue;
      }
      for (const route of live.routes) {
        const other = earlier.first(route, String(route.metric));
        if (!other || limit.leftOut(route)) continue;
        report({
          messageId: 'metricAcrossNetworkIds',
          route,
          field: 'metric',
          data: { prefix: node.prefix.text, networkId: live.set.networkId, metric: route.metric, otherNetworkId: other.live.set.networkId, otherMetric: other.route.metric },
          related: other.live.routes,
          facts: [other.live.set.networkId, node.prefix.text],
        });
      }
      if (!limit.onlyCounting) {
        for (const route of live.routes) earlier.add([route], { live, route }, String(route.metric));
        continue;
      }
      earlier = null;
      (presence ??= new RecipientPresence(reach)).clear();
      for (let j = 0; j <= i; j++) for (const route of sets[j]!.routes) presence.add(route, String(route.metric));
    }
  }
}

/**
 * (c) Auto-applied exit nodes for a common recipient: the client activates the exit set with the
 * smallest network_id among those with an enabled route not marked skip_auto_apply, whatever the
 * metric. Each family is selected on its own.
 */
function reportShadowedExitNodes(model: Model, reach: Reach, report: Reporter): void {
  const byFamily = new Map<Family, LiveSet[]>();
  for (const set of model.haSets) {
    if (!set.isExit || !set.network) continue;
    const live = liveSet(set, (r) => !r.skipAutoApply);
    if (!live) continue;
    const list = byFamily.get(set.network.family);
    if (list) list.push(live);
    else byFamily.set(set.network.family, [live]);
  }
  for (const family of [4, 6] as const) {
    const sets = (byFamily.get(family) ?? []).sort((a, b) => compareHaSets(a.set, b.set));
    const earlier = new RecipientIndex<LiveSet>(reach);
    for (const live of sets) {
      for (const route of live.routes) {
        const winner = earlier.first(route);
        if (!winner) continue;
        report({
          messageId: 'exitNodeShadowed',
          route,
          field: 'network_id',
          data: { winner: winner.set.networkId, networkId: live.set.networkId, network: live.set.network!.text },
          related: winner.routes,
          facts: [winner.set.networkId],
        });
      }
      earlier.add(live.routes, live);
    }
  }
}

export default defineRule({
  id: 'metric-conflict',
  type: 'problem',
  description: 'Metrics that do not decide what the user meant: equal metrics without masquerade in one HA set, metrics across network_ids, several auto-applied exit nodes.',
  severity: 'warn',
  messages: {
    equalMetricNoMasquerade: 'Routing peers {{peers}} tie at metric {{metric}} with masquerade off in {{networkId}}',
    metricAcrossNetworkIds: 'Metric {{metric}} does not rank this route against {{otherNetworkId}} (metric {{otherMetric}})',
    exitNodeShadowed: 'Exit node {{networkId}} is shadowed by {{winner}} for the same clients, whatever the metric',
  },
  explanations: {
    equalMetricNoMasquerade:
      'Each client picks one of them by connection state and latency, so clients split across peers, and replies from {{network}}, addressed to overlay IPs, can return through the wrong peer and be lost. Give the peers distinct metrics, or turn masquerade on.',
    metricAcrossNetworkIds:
      'NetBird ranks metrics only inside one network_id: this route ({{networkId}}) and {{otherNetworkId}} are two HA sets for {{prefix}}, so the metrics do not make one the primary and the other the backup (overlapping-networks says which set takes {{prefix}}). For a primary and a backup, put both routes under one network_id.',
    exitNodeShadowed:
      'Both are auto-applied to some of the same clients, and NetBird activates one exit node per client: the lexicographically smallest network_id ({{winner}}), whatever the metric. {{networkId}} ({{network}}) stays off for them unless a user selects it.',
  },
  check({ model, report, note, leftOut }) {
    const reach = reachOf(model);
    let noted = false;
    const needsGroups = (): void => {
      if (noted) return;
      noted = true;
      note('groups', 'equal metrics of peer_groups routes');
    };
    const names = new Map<readonly string[], string>();
    const namesOf: NamesOf = (peers) => {
      let known = names.get(peers);
      if (known === undefined) names.set(peers, (known = peerNameList(model, peers)));
      return known;
    };
    for (const set of model.haSets) reportEqualMetrics(model, set, reach, report, leftOut, namesOf, needsGroups);
    reportMetricsAcrossNetworkIds(model, reach, report, new FindingLimit(model, leftOut));
    reportShadowedExitNodes(model, reach, report);
  },
});
