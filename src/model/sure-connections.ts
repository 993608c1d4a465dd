// Which peers policies connect to a set of routing peers (§3), asked by
// access-control-drops-distribution for every route with access control groups. Two ways to ask,
// one answer:
//   - `of(routingPeers)`: every connected peer as a bitset, the union of the far sides of the rules
//     the routing peers take part in; its cost is those rules' sides, whoever receives the route;
//   - `connects(member, probe)`: one member at a time. The routing peers' "far side" (the groups and
//     directly named peers on the other side of their rules, as links) is worked out once per set
//     of routing peers and marked; a member connects when one of its own links (its groups, and
//     itself when a rule names it) is marked. Its cost is the route's recipients times their few
//     groups, so a route distributed to a few dozen peers pays for neither every member of a big
//     far-side group nor every rule of its members.
import { policyPostureOf, postureInputsOf, type CheckVerdict } from './posture.js';
import { policyPosture } from './route-access.js';
import { hasBit, orInto, type PeerBits, type PeerBitsIndex } from './peer-bits.js';
import { membershipsOf, type Memberships } from './reach.js';
import type { Model, Policy, PolicyRule } from './types.js';

const NO_LINKS: readonly number[] = [];

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
      // Peers equal on what the checks read share a verdict: an account's peers run a few versions.
      const inputs = postureInputsOf(this.model.postureChecks, policy);
      const byInputs = new Map<string, CheckVerdict>();
      const withoutPeer = policyPostureOf(this.model.postureChecks, policy, undefined);
      for (let n = 0; n < this.bits.size; n++) {
        const peer = this.model.peers?.get(this.bits.idOf(n));
        let verdict = withoutPeer;
        if (peer) {
          const key = inputs.length === 1 ? peer[inputs[0]!] : inputs.map((f) => peer[f]).join('\u0000');
          const known = byInputs.get(key);
          if (known !== undefined) verdict = known;
          else byInputs.set(key, (verdict = policyPostureOf(this.model.postureChecks, policy, peer)));
        }
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

/**
 * What a set of routing peers is connected to, as links: `links` connect any peer standing on them;
 * `conditional` are rules behind posture checks toward a routing peer, whose sources connect only
 * when they pass the checks. Worked out once per set of routing peers (`SureConnections.farSide`).
 */
export interface FarSide {
  readonly links: Int32Array;
  readonly conditional: Int32Array;
}

/**
 * Appends the numbers of `from` not yet stamped with `stamp` to `into` (from position `count`),
 * stamping them; returns the new count.
 */
function takeNew(from: Int32Array, into: Int32Array, count: number, stamps: Int32Array, stamp: number): number {
  for (let k = 0; k < from.length; k++) {
    const x = from[k]!;
    if (stamps[x] !== stamp) {
      stamps[x] = stamp;
      into[count++] = x;
    }
  }
  return count;
}

/** What standing on one link brings to a far side (`SureConnections.nearOf`). */
interface NearSide {
  readonly far: Int32Array;
  readonly checkedToward: Int32Array;
  readonly checkedFrom: Int32Array;
  /** `far` holds a group of every peer: whoever stands on the link connects everyone. */
  readonly everyone: boolean;
}

/** A far side marked over link numbers, for `connects`; good until the next `probe` on its slot. */
export interface RoutingPeerProbe {
  readonly far: FarSide;
  readonly marks: Int32Array;
  readonly stamp: number;
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
  private everyone: PeerBits | null = null;

  // The member-by-member view. A link is a group, by its membership number, or a peer a rule names
  // directly, numbered after the groups.
  private readonly memberships: Memberships;
  private readonly peerLinks = new Map<string, number>();
  private readonly sourceLinks: Int32Array[] = [];
  private readonly destinationLinks: Int32Array[] = [];
  private readonly rulesWithSourceLink: number[][] = [];
  private readonly rulesWithDestinationLink: number[][] = [];
  /** Per peer number, its own link when a rule names it directly (-1: none). */
  private readonly peerLinkOfNumber: Int32Array;
  private readonly linkStamps: Int32Array;
  private readonly ruleStamps: Int32Array;
  /** Per link, the stamp of the `farSide` call that took what it brings. */
  private readonly visited: Int32Array;
  private readonly nearLinkStamps: Int32Array;
  private nearStamp = 0;
  /** Per rule, the stamp of the `farSide` call that counted it from a routing peer that passes its checks. */
  private readonly fromStamps: Int32Array;
  /** Per link, what standing on it brings (`nearOf`), without and under posture. */
  private readonly nearPlain: (NearSide | undefined)[];
  private readonly nearUnderPosture: (NearSide | undefined)[];
  private readonly linkScratch: Int32Array;
  private readonly conditionalScratch: Int32Array;
  private stamp = 0;
  private readonly probes: [Int32Array, Int32Array];
  /** Per rule, 1 when its policy has posture checks. */
  private readonly checked: Uint8Array;
  /** Per link, 1 for a group of every peer (NetBird's All); per rule, 1 when its destinations name one. */
  private readonly universal: Uint8Array;
  private readonly toEveryone: Uint8Array;
  /** The far side of routing peers that connect everyone: a group of every peer, null when there is none. */
  private readonly everyoneFar: FarSide | null;

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
    // A member's own links are its groups (by the same numbers) and, when a rule names it, its peer link.
    this.peerLinkOfNumber = new Int32Array(bits.size).fill(-1);
    for (const [peer, l] of this.peerLinks) {
      const n = bits.numberOf(peer);
      if (n !== undefined) this.peerLinkOfNumber[n] = l;
    }
    this.linkStamps = new Int32Array(linkCount);
    this.ruleStamps = new Int32Array(this.rules.length);
    this.visited = new Int32Array(linkCount);
    this.nearLinkStamps = new Int32Array(linkCount);
    this.fromStamps = new Int32Array(this.rules.length);
    this.nearPlain = new Array<NearSide | undefined>(linkCount).fill(undefined);
    this.nearUnderPosture = new Array<NearSide | undefined>(linkCount).fill(undefined);
    this.linkScratch = new Int32Array(linkCount);
    this.conditionalScratch = new Int32Array(this.rules.length);
    this.checked = Uint8Array.from(this.rules, ({ policy }) => (policy.sourcePostureCheckIds.length > 0 ? 1 : 0));
    this.probes = [new Int32Array(linkCount), new Int32Array(linkCount)];
    this.universal = new Uint8Array(linkCount);
    let anyUniversal = -1;
    for (let g = 0; g < groupCount; g++) {
      if (bits.size > 0 && this.memberships.membersByGroup[g]!.length === bits.size) {
        this.universal[g] = 1;
        if (anyUniversal < 0) anyUniversal = g;
      }
    }
    this.toEveryone = Uint8Array.from(this.destinationLinks, (links) => (links.some((l) => this.universal[l] === 1) ? 1 : 0));
    this.everyoneFar = anyUniversal < 0 ? null : { links: Int32Array.of(anyUniversal), conditional: new Int32Array(0) };
  }

  /** Rules with `peer` on the side whose links `byLink` indexes. */
  private rulesWith(byLink: readonly (readonly number[])[], peer: string, into: Set<number>): void {
    this.ownLinks(peer, (l) => {
      for (const i of byLink[l]!) into.add(i);
    });
  }

  /**
   * With `underPosture`, the peers surely connected to one of `routingPeers`; without, every peer an
   * enabled rule connects to one of them. Not cached: the caller keeps it per list of routing peers.
   */
  of(routingPeers: readonly string[], underPosture: boolean): PeerBits {
    // A rule that counts whoever stands on a routing peer's link, toward or from a group of every peer, connects everyone.
    if (this.everyoneFar && routingPeers.some((r) => this.nearEveryone(r, underPosture))) return (this.everyone ??= this.bits.everyone());
    const toward = new Set<number>();
    for (const r of routingPeers) this.rulesWith(this.rulesWithDestinationLink, r, toward);
    // Rules from a routing peer that passes the policy's posture checks.
    const from = new Set<number>();
    const asSource = new Set<number>();
    for (const r of routingPeers) {
      asSource.clear();
      this.rulesWith(this.rulesWithSourceLink, r, asSource);
      const n = this.bits.numberOf(r);
      for (const i of asSource) if (!from.has(i) && (!underPosture || this.checked[i] === 0 || this.routingPeerPasses(i, r, n))) from.add(i);
    }
    // A rule between the routing peers and a group of every peer (NetBird's Default policy) connects everyone.
    const everyone = [...toward].some((i) => (!underPosture || !this.posture.of(this.rules[i]!.policy)) && this.bits.sideHoldsEveryone(this.rules[i]!.rule.sources)) || [...from].some((i) => this.bits.sideHoldsEveryone(this.rules[i]!.rule.destinations));
    if (everyone) return (this.everyone ??= this.bits.everyone());
    const connected = this.bits.empty();
    // Sources of a rule toward a routing peer, if they pass its posture checks.
    for (const i of toward) {
      const { policy, rule } = this.rules[i]!;
      const verdicts = underPosture ? this.posture.of(policy) : null;
      if (!verdicts) this.bits.addSide(connected, rule.sources);
      else orInto(connected, (this.passingSources[i] ??= sourcesUnder(this.bits.side(rule.sources), verdicts.pass)));
    }
    // Destinations of those rules.
    for (const i of from) this.bits.addSide(connected, this.rules[i]!.rule.destinations);
    return connected;
  }

  /** Does a link of routing peer `r` bring a group of every peer to its far side (`nearOf`)? */
  private nearEveryone(r: string, underPosture: boolean): boolean {
    const n = this.bits.numberOf(r);
    const groups = n === undefined ? NO_LINKS : this.memberships.groupsByPeer[n]!;
    for (let k = 0; k < groups.length; k++) if (this.nearOf(groups[k]!, underPosture).everyone) return true;
    const own = this.peerLinks.get(r);
    return own !== undefined && this.nearOf(own, underPosture).everyone;
  }

  /** The links of a routing peer or member: its groups and, when a rule names it, itself. */
  private ownLinks(peer: string, visit: (link: number) => void): void {
    const n = this.bits.numberOf(peer);
    if (n !== undefined) for (const g of this.memberships.groupsByPeer[n]!) visit(g);
    const own = this.peerLinks.get(peer);
    if (own !== undefined) visit(own);
  }

  /**
   * The far side of `routingPeers`' rules (`underPosture` as in `of`): sources of the rules toward
   * one of them (under posture, a rule behind checks is `conditional`: its sources must pass them),
   * and destinations of the rules from one of them (under posture, of a rule behind checks only
   * when a routing peer on its source side passes them).
   */
  farSide(routingPeers: readonly string[], underPosture: boolean): FarSide {
    const { linkStamps, ruleStamps, destinationLinks, everyoneFar } = this;
    const stamp = ++this.stamp;
    // Gathered in scratch arrays sized for every link and rule, then copied out at their length.
    const links = this.linkScratch;
    const conditional = this.conditionalScratch;
    let linkCount = 0;
    let conditionalCount = 0;
    for (const r of routingPeers) {
      const n = this.bits.numberOf(r);
      const groups = n === undefined ? NO_LINKS : this.memberships.groupsByPeer[n]!;
      const ownLink = this.peerLinks.get(r);
      for (let k = 0; k <= groups.length; k++) {
        const own = k < groups.length ? groups[k]! : ownLink;
        if (own === undefined) continue;
        const near = this.nearOf(own, underPosture);
        // What a link brings whoever stands on it is taken once; routing peers of one peer group share most links.
        if (this.visited[own] !== stamp) {
          this.visited[own] = stamp;
          // A group of every peer on the far side connects every member: the rest adds nothing.
          if (near.everyone) return everyoneFar!;
          linkCount = takeNew(near.far, links, linkCount, linkStamps, stamp);
          conditionalCount = takeNew(near.checkedToward, conditional, conditionalCount, ruleStamps, stamp);
        }
        // A rule from the link behind checks counts once a routing peer standing on it passes them.
        const from = near.checkedFrom;
        for (let j = 0; j < from.length; j++) {
          const i = from[j]!;
          if (this.fromStamps[i] === stamp || !this.routingPeerPasses(i, r, n)) continue;
          this.fromStamps[i] = stamp;
          if (this.toEveryone[i] === 1) return everyoneFar!;
          linkCount = takeNew(destinationLinks[i]!, links, linkCount, linkStamps, stamp);
        }
      }
    }
    return { links: links.slice(0, linkCount), conditional: conditional.slice(0, conditionalCount) };
  }

  /**
   * What standing on link `l` brings, made once per link and way of asking: the far links of its
   * rules that count whoever stands there (the sources of rules toward it, the destinations of
   * rules from it; under posture, only rules without checks), and under posture the rules behind
   * checks toward it and from it.
   */
  private nearOf(l: number, underPosture: boolean): NearSide {
    const known = (underPosture ? this.nearUnderPosture : this.nearPlain)[l];
    if (known) return known;
    // Its own stamps: it runs in the middle of a farSide call, whose link stamps it must not touch.
    const stamp = ++this.nearStamp;
    const far: number[] = [];
    const checkedToward: number[] = [];
    const checkedFrom: number[] = [];
    const add = (links: Int32Array): void => {
      for (const f of links) {
        if (this.nearLinkStamps[f] !== stamp) {
          this.nearLinkStamps[f] = stamp;
          far.push(f);
        }
      }
    };
    for (const i of this.rulesWithDestinationLink[l]!) {
      if (underPosture && this.checked[i] === 1) checkedToward.push(i);
      else add(this.sourceLinks[i]!);
    }
    for (const i of this.rulesWithSourceLink[l]!) {
      if (underPosture && this.checked[i] === 1) checkedFrom.push(i);
      else add(this.destinationLinks[i]!);
    }
    const near: NearSide = { far: Int32Array.from(far), checkedToward: Int32Array.from(checkedToward), checkedFrom: Int32Array.from(checkedFrom), everyone: far.some((f) => this.universal[f] === 1) };
    (underPosture ? this.nearUnderPosture : this.nearPlain)[l] = near;
    return near;
  }

  /** Does routing peer `r` (number `n`, if it has one) pass the posture checks of rule `i`'s policy? */
  private routingPeerPasses(i: number, r: string, n: number | undefined): boolean {
    const policy = this.rules[i]!.policy;
    return n === undefined ? policyPosture(this.model, policy, r) === 'pass' : hasBit(this.posture.of(policy)!.pass, n);
  }

  /** Marks a far side for `connects`; `slot` 0 or 1 lets two be asked about side by side. */
  probe(far: FarSide, slot: 0 | 1): RoutingPeerProbe {
    const marks = this.probes[slot];
    const stamp = ++this.stamp;
    for (let k = 0; k < far.links.length; k++) marks[far.links[k]!] = stamp;
    return { far, marks, stamp };
  }

  /** Is member number `n` connected to one of the probe's routing peers? */
  connects(n: number, probe: RoutingPeerProbe): boolean {
    const { marks, stamp } = probe;
    const groups = this.memberships.groupsByPeer[n]!;
    for (let k = 0; k < groups.length; k++) if (marks[groups[k]!] === stamp) return true;
    const own = this.peerLinkOfNumber[n]!;
    if (own >= 0 && marks[own] === stamp) return true;
    const conditional = probe.far.conditional;
    for (let k = 0; k < conditional.length; k++) {
      const i = conditional[k]!;
      if (!hasBit(this.posture.of(this.rules[i]!.policy)!.pass, n)) continue;
      const sources = this.sourceLinks[i]!;
      for (let g = 0; g < groups.length; g++) if (sources.includes(groups[g]!)) return true;
      if (own >= 0 && sources.includes(own)) return true;
    }
    return false;
  }
}
