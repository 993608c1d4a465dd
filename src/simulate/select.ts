// Which HA set carries the destination (reference §5). Each HA set picks its peer on its own;
// across sets the longest prefix wins. When the most specific set has no peer, its OS route
// still points into the tunnel and WireGuard's own longest match falls back to the broader
// prefix's peer (a routing peer's own networks are not in WireGuard, so the fallback never lands
// on them). The same prefix in two HA sets is a conflict: the first set to choose keeps it.
import type { TraceStep } from './answer.js';
import type { SimRoute, SimSet } from './distribution.js';
import type { HaChoice } from './score.js';
import { compareStrings } from '../order.js';

/** An HA set the source installs: served by the source itself (`local`), or a client set with its choice. */
export interface InstalledSet {
  readonly set: SimSet;
  /** Prefix length, or a domain pattern's specificity: higher wins. */
  readonly rank: number;
  readonly local: readonly SimRoute[];
  /** The HA choice of a client set; null for a set the source serves. */
  readonly choice: HaChoice<SimRoute> | null;
}

export type Decision =
  | { readonly kind: 'no-route' }
  | { readonly kind: 'local'; readonly via: InstalledSet }
  /** `deciding`: the sets whose chosen peers get the destination (several: identical prefixes). */
  | { readonly kind: 'routed'; readonly deciding: readonly InstalledSet[]; readonly peerIds: readonly string[]; readonly nondeterministic: boolean }
  | { readonly kind: 'no-peer' };

export interface Describe {
  set(set: SimSet): string;
  peer(peerId: string): string;
  score(score: number): string;
  /** What the destination is called in prose: an address or a name. */
  readonly destination: string;
  /** What a rank is called: `prefix` for networks, `pattern` for domains. */
  readonly unit: 'prefix' | 'pattern';
  /** How a set relates to the destination: a prefix covers an address, a pattern matches a name. */
  readonly relation: 'covering' | 'matching';
}

function winnersOf(s: InstalledSet): readonly { item: SimRoute; peerId: string; score: number | null }[] {
  const c = s.choice;
  return c && c.kind !== 'none' ? c.winners : [];
}

/** Peers the set may give the destination to: its winner, or every tied peer. */
export function possiblePeers(s: InstalledSet): string[] {
  return [...new Set(winnersOf(s).map((w) => w.peerId))].sort(compareStrings);
}

function haStep(s: InstalledSet, d: Describe): TraceStep[] {
  const c = s.choice;
  if (!c || c.kind === 'none') return [];
  const peers = possiblePeers(s);
  if (c.kind === 'tied') {
    return [
      {
        step: 'tie',
        detail: `${d.set(s.set)}: ${peers.map(d.peer).join(', ')} tie at score ${d.score(c.best)} and there is no current route to keep: the client takes whichever it meets first in Go map order (nondeterministic)`,
      },
    ];
  }
  const winner = c.winners[0]!;
  const steps: TraceStep[] = [];
  if (c.kept) {
    steps.push({
      step: 'stickiness',
      detail: `${d.set(s.set)}: the current peer ${d.peer(winner.peerId)} scores ${d.score(winner.score!)}; the best score ${d.score(c.best)} is not at least 0.01 higher, so the client keeps the current route`,
    });
  } else {
    steps.push({ step: 'ha-select', detail: `${d.set(s.set)}: ${d.peer(winner.peerId)} has the highest score, ${d.score(winner.score!)}` });
  }
  return steps;
}

/**
 * Decides which installed set carries the destination, with the trace steps that explain it
 * (none without `d`: the decision alone, no prose built).
 */
export function decide(installed: readonly InstalledSet[], d: Describe | null): { decision: Decision; steps: TraceStep[] } {
  const steps: TraceStep[] = [];
  const say = (step: TraceStep['step'], detail: (d: Describe) => string): void => {
    if (d) steps.push({ step, detail: detail(d) });
  };
  if (installed.length === 0) return { decision: { kind: 'no-route' }, steps };
  const sorted = [...installed].sort((a, b) => b.rank - a.rank || compareStrings(a.set.key, b.set.key));
  const groups: InstalledSet[][] = [];
  for (const s of sorted) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.rank === s.rank) last.push(s);
    else groups.push([s]);
  }
  const top = groups[0]!;
  const topLocal = top.find((s) => s.local.length > 0);
  if (topLocal) {
    say('longest-prefix', (d) => {
      const others = top.filter((s) => s !== topLocal);
      const note = others.length > 0 ? `; ${others.map((s) => d.set(s.set)).join(', ')} has the same ${d.unit} but the source's own network is reached directly` : '';
      return `the most specific ${d.unit} ${d.relation} ${d.destination} is ${d.set(topLocal.set)}, which the source serves itself${note}`;
    });
    return { decision: { kind: 'local', via: topLocal }, steps };
  }
  say('longest-prefix', (d) =>
    top.length === 1
      ? `the most specific ${d.unit} ${d.relation} ${d.destination} is ${d.set(top[0]!.set)}`
      : `the most specific ${d.unit} ${d.relation} ${d.destination} is in ${top.length} HA sets: ${top.map((s) => d.set(s.set)).join(', ')}`,
  );

  for (const group of groups) {
    const clients = group.filter((s) => s.local.length === 0);
    const withPeer = clients.filter((s) => s.choice !== null && s.choice.kind !== 'none');
    if (withPeer.length === 0) {
      say('fallback', (d) => {
        const what = clients.length > 0 ? clients.map((s) => d.set(s.set)).join(', ') : group.map((s) => d.set(s.set)).join(', ');
        const why = clients.length > 0 ? 'has no available routing peer' : 'is served by the source itself, which WireGuard cannot fall back to';
        return `${what} ${why}: the OS route still points into the tunnel, and WireGuard's longest match falls back to the next broader ${d.unit} with a peer`;
      });
      continue;
    }
    if (d) for (const s of withPeer) steps.push(...haStep(s, d));
    const peerIds = [...new Set(withPeer.flatMap(possiblePeers))].sort(compareStrings);
    const nondeterministic = peerIds.length > 1;
    if (withPeer.length > 1) {
      say('conflict', (d) =>
        nondeterministic
          ? `${withPeer.map((s) => d.set(s.set)).join(' and ')} have the identical ${d.unit}; WireGuard gives it to one peer only, so the set that chooses first keeps it ("HA routing disabled" in the client log): ${peerIds.map(d.peer).join(' or ')} (nondeterministic)`
          : `${withPeer.map((s) => d.set(s.set)).join(' and ')} have the identical ${d.unit} but choose the same peer, ${d.peer(peerIds[0]!)}: the outcome is the same whichever set chooses first`,
      );
    }
    return { decision: { kind: 'routed', deciding: withPeer, peerIds, nondeterministic }, steps };
  }
  say('dropped', (d) => `no ${d.unit} ${d.relation} ${d.destination} has an available routing peer: the packet enters the tunnel and is dropped`);
  return { decision: { kind: 'no-peer' }, steps };
}
