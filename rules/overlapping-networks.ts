import { defineRule } from '../src/engine/rule.js';
import { containsPrefix, isDefaultRoute } from '../src/net/prefix.js';
import { hasGroupBit, meetingUnionOf, reachOf, RecipientIndex, type Reach } from '../src/model/reach.js';
import { compareHaSets, liveSet, livePrefixNodes, type LiveSet, type PrefixNode } from '../src/model/sets.js';
import type { Model, Route } from '../src/model/types.js';
import { forEachBit } from '../src/model/peer-bits.js';
import { FindingLimit } from '../src/engine/limit.js';

type MessageId = 'samePrefix' | 'nested' | 'sameDomain';

interface Options {
  /** network_ids whose prefixes other HA sets may carve more specific ranges out of; `*`: every one. */
  readonly allowNestedIn: readonly string[];
}
type Reporter = (report: { messageId: MessageId; route: Route; field: string | (string | number)[]; data: Record<string, string>; related: readonly Route[]; facts: string[] }) => void;
/** The context's `leftOut`: true (and counted) when a finding about the route would only be counted. */
type LeftOut = (route: Route) => boolean;

/**
 * Whether some route added so far reaches a common recipient with a route (RecipientPresence's
 * `has` without keys), for the same-prefix sweep once findings are only counted. An add sets one
 * bit per distribution group; a question tests each of the route's groups' meeting bitsets against
 * those bits (meets are symmetric: group g meets an added group h iff h's bit is in g's meeting
 * bitset), stopping at the first word they share. A prefix repeated under thousands of network_ids,
 * nested in as many others, then costs its routes, not its groups' meeting lists walked again for
 * every prefix. A route group without a bitset (an account with too many groups, a group past the
 * bitset budget, or one without members) is asked of a RecipientIndex of the routes added so far.
 */
export class AddedGroups {
  /** Bit h: group number h was added (grown as needed). */
  private added = new Uint32Array(0);
  /** Words of `added` set since the last clear. */
  private readonly touched: number[] = [];
  /** The routes added since the last clear, for `slow`. */
  private readonly routes: Route[] = [];
  /** Every added route, made when a question needs it and kept up to date from then on. */
  private slow: RecipientIndex<true> | null = null;

  constructor(private readonly reach: Reach) {}

  add(route: Route): void {
    this.routes.push(route);
    this.slow?.add([route], true);
    const numbers = this.reach.groupNumbersOf(route);
    for (let k = 0; k < numbers.length; k++) {
      const g = numbers[k]!;
      const w = g >>> 5;
      if (w >= this.added.length) {
        const grown = new Uint32Array(Math.max(w + 1, this.added.length * 2));
        grown.set(this.added);
        this.added = grown;
      }
      if (this.added[w] === 0) this.touched.push(w);
      this.added[w]! |= 1 << (g & 31);
    }
  }

  has(route: Route): boolean {
    const numbers = this.reach.groupNumbersOf(route);
    const { added } = this;
    let bitless = false;
    for (let k = 0; k < numbers.length; k++) {
      const bits = this.reach.meetingBitsOf(numbers[k]!);
      if (!bits) {
        bitless = true;
        continue;
      }
      const words = bits.length < added.length ? bits.length : added.length;
      for (let w = 0; w < words; w++) if ((bits[w]! & added[w]!) !== 0) return true;
    }
    if (!bitless) return false;
    if (!this.slow) {
      this.slow = new RecipientIndex<true>(this.reach);
      for (const r of this.routes) this.slow.add([r], true);
    }
    return this.slow.first(route) !== undefined;
  }

  /** Forgets every add. */
  clear(): void {
    for (const w of this.touched) this.added[w] = 0;
    this.touched.length = 0;
    this.routes.length = 0;
    this.slow = null;
  }
}

/**
 * The same prefix in several HA sets: each route of a later set (network_id order) is reported
 * against the first earlier set that reaches a common recipient. Exit nodes are left out: a client
 * activates one exit node only, so two exit sets do not fight over 0.0.0.0/0 (metric-conflict
 * covers which one wins).
 */
function reportSamePrefix(node: PrefixNode, reach: Reach, report: Reporter, limit: FindingLimit, presence: AddedGroups): void {
  if (node.sets.length < 2 || isDefaultRoute(node.prefix)) return;
  const { sets } = node;
  // Once every finding left is only counted, whether an earlier set reaches the route is all a
  // route needs: a presence of the sets so far answers it, without looking for the earliest.
  let earlier: RecipientIndex<LiveSet> | null = null;
  if (limit.onlyCounting) presence.clear();
  else earlier = new RecipientIndex<LiveSet>(reach);
  for (let i = 0; i < sets.length; i++) {
    const live = sets[i]!;
    if (!earlier) {
      for (const route of live.routes) if (presence.has(route)) limit.leftOut(route);
      for (const route of live.routes) presence.add(route);
      continue;
    }
    for (const route of live.routes) {
      const other = earlier.first(route);
      if (!other || limit.leftOut(route)) continue;
      report({
        messageId: 'samePrefix',
        route,
        field: 'network',
        data: { prefix: node.prefix.text, networkId: live.set.networkId, otherNetworkId: other.set.networkId },
        related: other.routes,
        facts: [other.set.networkId, node.prefix.text],
      });
    }
    if (!limit.onlyCounting) {
      earlier.add(live.routes, live);
      continue;
    }
    earlier = null;
    presence.clear();
    for (let j = 0; j <= i; j++) for (const route of sets[j]!.routes) presence.add(route);
  }
}

/** Up to this many distribution groups in its enclosing sets, an ancestor is asked pair by pair (bit tests), without a RecipientIndex. */
const SMALL_FRAME_GROUPS = 16;

/** An open ancestor of the sweep: its enclosing sets with their groups, made when first asked. */
interface Frame {
  readonly node: PrefixNode;
  /** The enclosing sets in network_id order and the distribution group numbers of each; null until asked. */
  sets: { readonly live: LiveSet; readonly groups: readonly number[] }[] | null;
  /** Set when the frame holds more than SMALL_FRAME_GROUPS groups: asked through an index. */
  index: RecipientIndex<LiveSet> | null;
  /** Queries so far, and (from the second on) the union of its groups' meeting bitsets (null: some group has none). */
  asked: number;
  reachable: Uint32Array | null | undefined;
  /**
   * Once findings are only counted: the distribution groups of all its enclosing sets as a bitset
   * over group numbers (null: some group has no meeting bitset), and, asked only for a route group
   * without a bitset, the union of their meeting bitsets.
   */
  groupSet: Uint32Array | null | undefined;
  everyone: Uint32Array | null | undefined;
}

/**
 * Nesting, in one sweep over the prefixes sorted parents-first: a stack holds the open ancestors
 * of the current prefix, and each route is reported against its nearest ancestor holding a set
 * that reaches a common recipient. Prefixes at /0 (exit nodes) are no ancestors: specific routes
 * are expected to override an exit node; nor are the sets the user allows to be overridden
 * (`enclosing` false), so a route is reported against the nearest set that is not one of them.
 */
function reportNested(nodes: readonly PrefixNode[], reach: Reach, enclosing: (set: LiveSet) => boolean, report: Reporter, limit: FindingLimit): void {
  const stack: Frame[] = [];
  // Most ancestors hold one set of one route: asking them costs a bit test or two per route group,
  // and an index (arrays, slots, caches) per ancestor would cost more than the answers. Larger
  // ones (a /16 holding dozens of sets, a prefix repeated in thousands) get a RecipientIndex.
  const setsOf = (frame: Frame): NonNullable<Frame['sets']> => {
    if (frame.sets) return frame.sets;
    const sets: NonNullable<Frame['sets']> = [];
    let count = 0;
    for (const live of frame.node.sets) {
      if (!enclosing(live)) continue;
      const groups: number[] = [];
      for (const route of live.routes) for (const g of reach.groupNumbersOf(route)) if (!groups.includes(g)) groups.push(g);
      sets.push({ live, groups });
      count += groups.length;
      if (count > SMALL_FRAME_GROUPS) break;
    }
    if (count > SMALL_FRAME_GROUPS) {
      frame.index = new RecipientIndex<LiveSet>(reach);
      for (const live of frame.node.sets) if (enclosing(live)) frame.index.add(live.routes, live);
    }
    return (frame.sets = sets);
  };
  /** The union of the meeting bitsets of the frame's groups: a route group meets one of them iff its bit is set; null when a group has no bitset. */
  const reachableOf = (frame: Frame): Uint32Array | null => {
    if (frame.reachable === undefined) frame.reachable = meetingUnionOf(reach, frame.sets!.flatMap((s) => s.groups));
    return frame.reachable;
  };
  /** The earliest enclosing set of the frame reaching a common recipient with `route` (as RecipientIndex.first answers). */
  const firstIn = (frame: Frame, route: Route): LiveSet | undefined => {
    const sets = setsOf(frame);
    if (frame.index) return frame.index.first(route);
    if (sets.length === 0) return undefined;
    const numbers = reach.groupNumbersOf(route);
    if (numbers.length === 0) return undefined;
    // An ancestor asked again (it is open over many prefixes): most routes reach none of its groups.
    // (A route group without members meets no group with a bitset.)
    if (++frame.asked > 1) {
      const reachable = reachableOf(frame);
      if (reachable) {
        let any = false;
        for (let k = 0; k < numbers.length && !any; k++) any = hasGroupBit(reachable, numbers[k]!);
        if (!any) return undefined;
      }
    }
    // One distribution group with a bitset, the usual route: a bit test per group of the ancestor.
    const single = numbers.length === 1 ? reach.meetingBitsOf(numbers[0]!) : null;
    if (single) {
      for (const { live, groups } of sets) for (const h of groups) if (hasGroupBit(single, h)) return live;
      return undefined;
    }
    for (const { live, groups } of sets) for (const h of groups) for (const g of numbers) if (reach.meetsNumbered(g, h)) return live;
    return undefined;
  };
  // Routes with the same distribution get the same answer: look each audience up once per prefix.
  const nearestByAudience = new Map<number, { ancestor: PrefixNode; other: LiveSet } | null>();
  const nearest = (route: Route): { ancestor: PrefixNode; other: LiveSet } | null => {
    const audience = reach.audienceOf(route).id;
    let found = nearestByAudience.get(audience);
    if (found !== undefined) return found;
    found = null;
    for (let i = stack.length - 1; i >= 0 && !found; i--) {
      const frame = stack[i]!;
      const other = firstIn(frame, route);
      if (other) found = { ancestor: frame.node, other };
    }
    nearestByAudience.set(audience, found);
    return found;
  };
  /** Does an enclosing set of the frame reach a common recipient with `route`? (firstIn's yes or no, without looking for the earliest.) */
  const reachedIn = (frame: Frame, route: Route): boolean => {
    if (frame.groupSet === undefined) {
      const groups = new Set<number>();
      for (const live of frame.node.sets) if (enclosing(live)) for (const r of live.routes) for (const g of reach.groupNumbersOf(r)) groups.add(g);
      // A route group meets one of these iff its meeting bitset holds one of their bits (meets are
      // symmetric): a bit per group here, not the union of their meeting bitsets.
      let set: Uint32Array | null = new Uint32Array(0);
      for (const g of groups) {
        const bits = reach.meetingBitsOf(g);
        if (!bits) {
          set = null;
          break;
        }
        if (set.length < bits.length) set = new Uint32Array(bits.length);
        set[g >>> 5]! |= 1 << (g & 31);
      }
      frame.groupSet = set;
    }
    const set = frame.groupSet;
    if (!set) return firstIn(frame, route) !== undefined;
    for (const g of reach.groupNumbersOf(route)) {
      const bits = reach.meetingBitsOf(g);
      if (bits) {
        const words = bits.length < set.length ? bits.length : set.length;
        for (let w = 0; w < words; w++) if ((bits[w]! & set[w]!) !== 0) return true;
        continue;
      }
      if (frame.everyone === undefined) {
        const groups: number[] = [];
        forEachBit(set, (h) => groups.push(h));
        frame.everyone = groups.length === 0 ? new Uint32Array(0) : meetingUnionOf(reach, groups);
      }
      if (hasGroupBit(frame.everyone!, g)) return true;
    }
    return false;
  };
  // Whether any open ancestor reaches an audience, once every finding left is only counted.
  const reachedByAudience = new Map<number, boolean>();
  const reachedAbove = (route: Route): boolean => {
    const audience = reach.audienceOf(route).id;
    let found = reachedByAudience.get(audience);
    if (found !== undefined) return found;
    found = false;
    for (let i = stack.length - 1; i >= 0 && !found; i--) found = reachedIn(stack[i]!, route);
    reachedByAudience.set(audience, found);
    return found;
  };
  for (const node of nodes) {
    // A /0 is never an ancestor here, and it would make every prefix of its family look nested.
    if (isDefaultRoute(node.prefix)) continue;
    while (stack.length > 0 && !containsPrefix(stack[stack.length - 1]!.node.prefix, node.prefix)) stack.pop();
    if (stack.length === 0) {
      stack.push({ node, sets: null, index: null, asked: 0, reachable: undefined, groupSet: undefined, everyone: undefined });
      continue;
    }
    nearestByAudience.clear();
    reachedByAudience.clear();
    for (const live of node.sets) {
      for (const route of live.routes) {
        if (limit.onlyCounting) {
          if (reachedAbove(route)) limit.leftOut(route);
          continue;
        }
        const hit = nearest(route);
        if (!hit || limit.leftOut(route)) continue;
        report({
          messageId: 'nested',
          route,
          field: 'network',
          data: { prefix: node.prefix.text, networkId: live.set.networkId, otherPrefix: hit.ancestor.prefix.text, otherNetworkId: hit.other.set.networkId },
          related: hit.other.routes,
          facts: [hit.other.set.networkId, hit.ancestor.prefix.text],
        });
      }
    }
    stack.push({ node, sets: null, index: null, asked: 0, reachable: undefined, groupSet: undefined, everyone: undefined });
  }
}

/** Domain HA sets listing the same domain (NetBird stores domains lower-case; compare them so). */
function reportSameDomain(model: Model, reach: Reach, report: Reporter, leftOut: LeftOut): void {
  const setsByDomain = new Map<string, LiveSet[]>();
  for (const set of model.haSets) {
    if (!set.domains) continue;
    const live = liveSet(set);
    if (!live) continue;
    for (const domain of new Set(set.domains.map((d) => d.toLowerCase()))) {
      const list = setsByDomain.get(domain);
      if (list) list.push(live);
      else setsByDomain.set(domain, [live]);
    }
  }
  const domains = [...setsByDomain.keys()].sort();
  for (const domain of domains) {
    const sets = setsByDomain.get(domain)!;
    if (sets.length < 2) continue;
    sets.sort((a, b) => compareHaSets(a.set, b.set));
    const earlier = new RecipientIndex<LiveSet>(reach);
    for (const live of sets) {
      for (const route of live.routes) {
        const other = earlier.first(route);
        if (!other || leftOut(route)) continue;
        const at = (route.domains ?? []).findIndex((d) => d.toLowerCase() === domain);
        report({
          messageId: 'sameDomain',
          route,
          field: ['domains', at],
          data: { domain, networkId: live.set.networkId, otherNetworkId: other.set.networkId },
          related: other.routes,
          facts: [other.set.networkId, domain],
        });
      }
      earlier.add(live.routes, live);
    }
  }
}

export default defineRule<MessageId, Options>({
  id: 'overlapping-networks',
  type: 'problem',
  description: 'Enabled routes of different HA sets with the same prefix, nested prefixes or the same domain, given to the same clients.',
  severity: 'warn',
  schema: {
    type: 'object',
    properties: {
      allowNestedIn: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        uniqueItems: true,
        description: 'network_ids whose prefixes more specific routes of other HA sets may override without a nested finding; "*" for every network_id',
      },
    },
    additionalProperties: false,
  },
  defaultOptions: { allowNestedIn: [] },
  messages: {
    samePrefix: '{{prefix}} is also routed by network {{otherNetworkId}}: the two HA sets race for it',
    nested: '{{prefix}} overrides part of {{otherPrefix}} (network {{otherNetworkId}}) for the same clients',
    sameDomain: 'Domain {{domain}} is also routed by network {{otherNetworkId}}: the two HA sets race for it',
  },
  explanations: {
    samePrefix:
      'Both reach some of the same clients. NetBird keeps the two network_ids as separate HA sets and WireGuard gives a prefix to one peer only, so whichever set picks its peer first takes {{prefix}} (nondeterministic) and HA routing of the other is disabled.',
    nested:
      'The longest prefix wins, so clients that receive both send {{prefix}} through network {{networkId}} and only the rest of {{otherPrefix}} through {{otherNetworkId}}.',
    sameDomain:
      'Both reach some of the same clients. Every address {{domain}} resolves to becomes a /32 or /128 route in both HA sets, and WireGuard gives each address to one peer only, so whichever set picks its peer first takes it (nondeterministic).',
  },
  check({ model, options, report, leftOut }) {
    const reach = reachOf(model);
    const nodes = livePrefixNodes(model);
    const limit = new FindingLimit(model, leftOut);
    const presence = new AddedGroups(reach);
    for (const node of nodes) reportSamePrefix(node, reach, report, limit, presence);
    const allowed = new Set(options.allowNestedIn);
    if (!allowed.has('*')) reportNested(nodes, reach, (live) => !allowed.has(live.set.networkId), report, limit);
    reportSameDomain(model, reach, report, limit.leftOut);
  },
});
