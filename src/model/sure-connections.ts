// Which peers policies connect to a set of routing peers (§3), asked by
// access-control-drops-distribution for every route with access control groups. Two ways to ask,
// one answer:
//   - `of(routingPeers)`: every connected peer as a bitset, the union of the far sides of the rules
//     the routing peers take part in; its cost is those rules' sides, whoever receives the route;
//   - `connects(member, probe)`: one member at a time, through the member's "links" (the groups and
//     directly named peers on the far side of its own rules, worked out once per member) tested
//     against the routing peers' marks. Its cost is the route's recipients, so a route distributed
//     to a few dozen peers no longer pays for every rule of a routing peer in a big group.
import { policyPosture } from './route-access.js';
import { hasBit, orInto, type PeerBits, type PeerBitsIndex } from './peer-bits.js';
import { membershipsOf, type Memberships } from './reach.js';
import type { Model, Policy, PolicyRule } from './types.js';

/**
 * Per policy, the peers whose posture verdict is `pass`, and those whose verdict is not `fail`;
 * null for a policy without checks (everyone). The verdict depends on the policy's checks only, so
 * policies naming the same checks share one pass over the peers.
 */
export class PostureBits {
  private readonly known = new Map<string, { pass: PeerBits; notFail: PeerBits }>();
  private readonly byPolicy = new Map<Policy, { pass: PeerBits; notFail: PeerBits }>();

  constructor(
    private readonly model: Model,
    private readonly bits: PeerBitsIndex,
  ) {}

  of(policy: Policy): { pass: PeerBits; notFail: PeerBits } | null {
    if (policy.sourcePostureCheckIds.length === 0) return null;
    const own = this.byPolicy.get(policy);
    if (own) return own;
    const key = [...new Set(policy.sourcePostureCheckIds)].sort().join('\u0000');
    let verdicts = this.known.get(key);
    if (!verdicts) {
      const pass = this.bits.empty();
      const notFail = this.bits.empty();
      for (let n = 0; n < this.bits.size; n++) {
        const verdict = policyPosture(this.model, policy, this.bits.idOf(n));
        if (verdict === 'pass') pass[n >>> 5]! |= 1 << (n & 31);
        if (verdict !== 'fail') notFail[n >>> 5]! |= 1 << (n & 31);
      }
      this.known.set(key, (verdicts = { pass, notFail }));
    }
    this.byPolicy.set(policy, verdicts);
    return verdicts;
  }
}

/** The peers of a rule side that pass (or do not fail) the policy's posture checks. */
export function sourcesUnder(sources: PeerBits, verdicts: PeerBits | null): PeerBits {
  if (!verdicts) return sources;
  const kept = sources.slice();
  for (let i = 0; i < kept.length; i++) kept[i]! &= verdicts[i]!;
  return kept;
}

/** One set of routing peers marked over link numbers, for member-by-member questions (`SureConnections.probe`). */
export interface RoutingPeerProbe {
  readonly routingPeers: readonly string[];
  /** Per link number, `stamp` when a routing peer is that group's member or that named peer. */
  readonly marks: Int32Array;
  readonly stamp: number;
  /** Per rule behind a posture check: does a routing peer that passes it stand on the rule's source side? Made on first use. */
  passingSource: Map<number, boolean> | null;
}

interface MemberLinks {
  readonly links: Int32Array;
  /** Rules behind a posture check with the member as a destination: they connect only through a routing peer that passes. */
  readonly conditional: Int32Array;
}

/**
 * Peers that an enabled rule of an enabled policy surely connects to one of a set of routing peers
 * (§3): a source that fails the policy's posture checks is no source; one the export cannot decide
 * is not counted either, so that only peers sure to receive the route are reported. Without
 * `underPosture` every enabled rule counts whatever its posture checks (PolicyReach's counterpart).
 */
export class SureConnections {
  private readonly rules: { readonly policy: Policy; readonly rule: PolicyRule }[] = [];
  private readonly passingSources: (PeerBits | undefined)[] = [];
  private readonly known = new Map<string, PeerBits>();
  private everyone: PeerBits | null = null;

  // The member-by-member view. A link is a group, by its membership number, or a peer a rule names
  // directly, numbered after the groups.
  private readonly memberships: Memberships;
  private readonly peerLinks = new Map<string, number>();
  private readonly sourceLinks: Int32Array[] = [];
  private readonly destinationLinks: Int32Array[] = [];
  private readonly rulesWithSourceLink: number[][] = [];
  private readonly rulesWithDestinationLink: number[][] = [];
  private readonly memberLinks: [(MemberLinks | undefined)[], (MemberLinks | undefined)[]];
  private linkStamps = new Int32Array(0);
  private ruleStamps = new Int32Array(0);
  private stamp = 0;
  private readonly probes: [Int32Array, Int32Array];

  constructor(
    private readonly model: Model,
    private readonly bits: PeerBitsIndex,
    private readonly posture: PostureBits,
  ) {
    this.memberships = membershipsOf(model);
    const groupCount = this.memberships.groupIds.length;
    const linksOf = (side: PolicyRule['sources']): Int32Array => {
      const links: number[] = [];
      for (const g of side.groupIds) {
        const n = this.memberships.groupNumbers.get(g);
        // A group no member list holds has no members: no peer stands on the side through it.
        if (n !== undefined && !links.includes(n)) links.push(n);
      }
      for (const p of side.peerIds) {
        let n = this.peerLinks.get(p);
        if (n === undefined) this.peerLinks.set(p, (n = groupCount + this.peerLinks.size));
        if (!links.includes(n)) links.push(n);
      }
      return Int32Array.from(links);
    };
    for (const policy of model.policies ?? []) {
      if (!policy.enabled) continue;
      for (const rule of policy.rules) {
        if (!rule.enabled) continue;
        this.rules.push({ policy, rule });
        this.sourceLinks.push(linksOf(rule.sources));
        this.destinationLinks.push(linksOf(rule.destinations));
      }
    }
    const linkCount = groupCount + this.peerLinks.size;
    for (let l = 0; l < linkCount; l++) {
      this.rulesWithSourceLink.push([]);
      this.rulesWithDestinationLink.push([]);
    }
    for (let i = 0; i < this.rules.length; i++) {
      for (const l of this.sourceLinks[i]!) this.rulesWithSourceLink[l]!.push(i);
      for (const l of this.destinationLinks[i]!) this.rulesWithDestinationLink[l]!.push(i);
    }
    // Filled up front: members are asked about in any order, and an array written far past its end
    // turns into a slow dictionary.
    this.memberLinks = [new Array<MemberLinks | undefined>(bits.size).fill(undefined), new Array<MemberLinks | undefined>(bits.size).fill(undefined)];
    this.linkStamps = new Int32Array(linkCount);
    this.ruleStamps = new Int32Array(this.rules.length);
    this.probes = [new Int32Array(linkCount), new Int32Array(linkCount)];
  }

  /** Rules with `peer` on the side whose links `byLink` indexes. */
  private rulesWith(byLink: readonly (readonly number[])[], peer: string, into: Set<number>): void {
    this.ownLinks(peer, (l) => {
      for (const i of byLink[l]!) into.add(i);
    });
  }

  /** With `underPosture`, the peers surely connected to one of `routingPeers`; without, every peer an enabled rule connects to one of them. */
  of(routingPeers: readonly string[], underPosture: boolean): PeerBits {
    const key = `${underPosture}|${routingPeers.join(',')}`;
    let connected = this.known.get(key);
    if (connected) return connected;
    // A bounded cache: routes of one HA set ask the same, most other routes ask once.
    if (this.known.size >= 256) this.known.clear();
    const toward = new Set<number>();
    for (const r of routingPeers) this.rulesWith(this.rulesWithDestinationLink, r, toward);
    // Rules from a routing peer that passes the policy's posture checks.
    const from = new Set<number>();
    const asSource = new Set<number>();
    for (const r of routingPeers) {
      asSource.clear();
      this.rulesWith(this.rulesWithSourceLink, r, asSource);
      for (const i of asSource) if (!from.has(i) && (!underPosture || policyPosture(this.model, this.rules[i]!.policy, r) === 'pass')) from.add(i);
    }
    // A rule between the routing peers and a group of every peer (NetBird's Default policy) connects everyone.
    const everyone = [...toward].some((i) => (!underPosture || !this.posture.of(this.rules[i]!.policy)) && this.bits.sideHoldsEveryone(this.rules[i]!.rule.sources)) || [...from].some((i) => this.bits.sideHoldsEveryone(this.rules[i]!.rule.destinations));
    if (everyone) {
      this.known.set(key, (connected = (this.everyone ??= this.bits.everyone())));
      return connected;
    }
    connected = this.bits.empty();
    // Sources of a rule toward a routing peer, if they pass its posture checks.
    for (const i of toward) {
      const { policy, rule } = this.rules[i]!;
      const verdicts = underPosture ? this.posture.of(policy) : null;
      if (!verdicts) this.bits.addSide(connected, rule.sources);
      else orInto(connected, (this.passingSources[i] ??= sourcesUnder(this.bits.side(rule.sources), verdicts.pass)));
    }
    // Destinations of those rules.
    for (const i of from) this.bits.addSide(connected, this.rules[i]!.rule.destinations);
    this.known.set(key, connected);
    return connected;
  }

  /** The links of a routing peer or member: its groups and, when a rule names it, itself. */
  private ownLinks(peer: string, visit: (link: number) => void): void {
    const n = this.bits.numberOf(peer);
    if (n !== undefined) for (const g of this.memberships.groupsByPeer[n]!) visit(g);
    const own = this.peerLinks.get(peer);
    if (own !== undefined) visit(own);
  }

  /**
   * Marks the routing peers for `connects`; `slot` 0 or 1 lets two sets be asked about side by side.
   * A probe is good until the next `probe` call on its slot.
   */
  probe(routingPeers: readonly string[], slot: 0 | 1): RoutingPeerProbe {
    const marks = this.probes[slot];
    const stamp = ++this.stamp;
    for (const r of routingPeers) this.ownLinks(r, (l) => (marks[l] = stamp));
    return { routingPeers, marks, stamp, passingSource: null };
  }

  /** Is member number `n` connected to one of the probe's routing peers? `underPosture` as in `of`. */
  connects(n: number, probe: RoutingPeerProbe, underPosture: boolean): boolean {
    const { links, conditional } = this.linksOfMember(n, underPosture);
    const { marks, stamp } = probe;
    for (let k = 0; k < links.length; k++) if (marks[links[k]!] === stamp) return true;
    for (let k = 0; k < conditional.length; k++) {
      const i = conditional[k]!;
      let passing = (probe.passingSource ??= new Map()).get(i);
      if (passing === undefined) {
        const sources = this.sourceLinks[i]!;
        passing = probe.routingPeers.some((r) => {
          let onSide = false;
          this.ownLinks(r, (l) => (onSide ||= sources.includes(l)));
          return onSide && policyPosture(this.model, this.rules[i]!.policy, r) === 'pass';
        });
        probe.passingSource!.set(i, passing);
      }
      if (passing) return true;
    }
    return false;
  }

  /**
   * The far sides of member `n`'s rules, as links: destinations of the rules it is a source of
   * (under posture, only those whose checks it passes), sources of the rules it is a destination
   * of (under posture, a rule behind checks is `conditional`: it counts only through a routing
   * peer on its source side that passes them). Worked out once per member.
   */
  private linksOfMember(n: number, underPosture: boolean): MemberLinks {
    const cache = this.memberLinks[underPosture ? 1 : 0];
    const known = cache[n];
    if (known) return known;
    const linkStamp = ++this.stamp;
    const links: number[] = [];
    const conditional: number[] = [];
    const link = (l: number) => {
      if (this.linkStamps[l] !== linkStamp) {
        this.linkStamps[l] = linkStamp;
        links.push(l);
      }
    };
    const id = this.bits.idOf(n);
    const asSource = ++this.stamp;
    this.ownLinks(id, (own) => {
      for (const i of this.rulesWithSourceLink[own]!) {
        if (this.ruleStamps[i] === asSource) continue;
        this.ruleStamps[i] = asSource;
        const verdicts = underPosture ? this.posture.of(this.rules[i]!.policy) : null;
        if (!verdicts || hasBit(verdicts.pass, n)) for (const l of this.destinationLinks[i]!) link(l);
      }
    });
    const asDestination = ++this.stamp;
    this.ownLinks(id, (own) => {
      for (const i of this.rulesWithDestinationLink[own]!) {
        if (this.ruleStamps[i] === asDestination) continue;
        this.ruleStamps[i] = asDestination;
        if (underPosture && this.rules[i]!.policy.sourcePostureCheckIds.length > 0) conditional.push(i);
        else for (const l of this.sourceLinks[i]!) link(l);
      }
    });
    const made = { links: Int32Array.from(links), conditional: Int32Array.from(conditional) };
    cache[n] = made;
    return made;
  }
}
