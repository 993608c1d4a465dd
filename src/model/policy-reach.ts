// Who an enabled policy connects to a set of routing peers (docs/netbird-behaviour.md §3: a peer receives a
// route only when an enabled rule of an enabled policy has it on one side and a routing peer on
// the other, either way round, whatever the rule's direction or action).
//
// Rules are stated over groups, so instead of testing every (member, routing peer) pair this
// computes, once per distinct set of routing peers, the groups and peers on the far side of every
// rule a routing peer takes part in ("counterparts"); a member is connected when it is one of
// those peers or belongs to one of those groups. Accounts reuse a few routing peer sets and a few
// policies, so the work stays near one pass over the routes plus one pass over the memberships.
import { groupsByPeer } from './reach.js';
import type { Model, PolicySide } from './types.js';

export interface Counterparts {
  /** Equal ids mean equal reach (the same groups and peers below): a short key for caches. */
  readonly id: number;
  /** Groups whose members some enabled rule connects to one of the routing peers. */
  readonly groups: ReadonlySet<string>;
  /** Peers named directly (peer resources) opposite one of the routing peers. */
  readonly peers: ReadonlySet<string>;
}

interface SideRef {
  /** Index into `sides` of the side opposite the one that mentions the peer or group. */
  readonly opposite: number;
}

export class PolicyReach {
  /** Both sides of every enabled rule of every enabled policy: rule i has sides 2i and 2i+1. */
  private readonly sides: PolicySide[] = [];
  private readonly byGroup = new Map<string, SideRef[]>();
  private readonly byPeer = new Map<string, SideRef[]>();
  private readonly groupsOfPeer: ReadonlyMap<string, readonly string[]>;
  private readonly cache = new Map<string, Counterparts>();
  /** One Counterparts per distinct reach, by the canonical text of its groups and peers. */
  private readonly interned = new Map<string, Counterparts>();

  constructor(model: Model) {
    for (const policy of model.policies ?? []) {
      if (!policy.enabled) continue;
      for (const rule of policy.rules) {
        if (!rule.enabled) continue;
        const src = this.sides.length;
        this.sides.push(rule.sources, rule.destinations);
        this.index(rule.sources, src + 1);
        this.index(rule.destinations, src);
      }
    }
    // Groups a peer names that are missing from the groups export still count (membersOf does the same).
    this.groupsOfPeer = groupsByPeer(model);
  }

  private index(side: PolicySide, opposite: number): void {
    const push = (map: Map<string, SideRef[]>, key: string): void => {
      const list = map.get(key);
      if (list) list.push({ opposite });
      else map.set(key, [{ opposite }]);
    };
    for (const g of new Set(side.groupIds)) push(this.byGroup, g);
    for (const p of new Set(side.peerIds)) push(this.byPeer, p);
  }

  /** The groups a peer belongs to, from both the groups' member lists and the peer's own list. */
  groupsOf(peer: string): readonly string[] {
    return this.groupsOfPeer.get(peer) ?? [];
  }

  /** Everything an enabled rule connects to at least one of `routingPeers` (given sorted, without duplicates). */
  counterpartsOf(routingPeers: readonly string[]): Counterparts {
    const cacheKey = routingPeers.join('\u0000');
    const known = this.cache.get(cacheKey);
    if (known) return known;
    const opposite = new Set<number>();
    for (const p of routingPeers) {
      for (const ref of this.byPeer.get(p) ?? []) opposite.add(ref.opposite);
      for (const g of this.groupsOf(p)) for (const ref of this.byGroup.get(g) ?? []) opposite.add(ref.opposite);
    }
    const groups = new Set<string>();
    const peers = new Set<string>();
    for (const i of opposite) {
      const side = this.sides[i]!;
      for (const g of side.groupIds) groups.add(g);
      for (const p of side.peerIds) peers.add(p);
    }
    const canonical = `${[...groups].sort().join(',')}|${[...peers].sort().join(',')}`;
    let result = this.interned.get(canonical);
    if (!result) {
      result = Object.freeze({ id: this.interned.size, groups, peers });
      this.interned.set(canonical, result);
    }
    this.cache.set(cacheKey, result);
    return result;
  }

  /** Does some enabled rule connect `peer` to one of the routing peers `counterparts` were computed for? */
  connects(peer: string, counterparts: Counterparts): boolean {
    if (counterparts.peers.has(peer)) return true;
    for (const g of this.groupsOf(peer)) if (counterparts.groups.has(g)) return true;
    return false;
  }
}

const instances = new WeakMap<Model, PolicyReach>();

/** The policy reach index of a model, built once and shared by the rules that need it. */
export function policyReachOf(model: Model): PolicyReach {
  let reach = instances.get(model);
  if (!reach) {
    reach = new PolicyReach(model);
    instances.set(model, reach);
  }
  return reach;
}
