// Which groups share a member with one of a route's distribution groups (its audience, reach.ts),
// asked by group number. Rules that ask "is a source of these policies among the route's
// recipients" ask it of every route with access control groups, each with its own sources: the
// union of the audience's meeting bitsets, made once per audience, answers each source group with
// one bit test.
import { hasGroupBit, meetingUnionOf, reachOf, type Reach } from './reach.js';
import type { Model, Route } from './types.js';

export interface AudienceMeeting {
  /** The audience's group numbers (reach.ts numbers). */
  readonly groups: ReadonlySet<number>;
  /** Does group number `g` share a member with one of the audience's groups? A group without members meets none. */
  meets(g: number): boolean;
}

class Meeting implements AudienceMeeting {
  readonly groups: ReadonlySet<number>;
  /** The union of the meeting bitsets of the audience's groups that have one. */
  private readonly union: Uint32Array | null;
  /** Audience groups with members but no bitset (too many memberships to list): asked pair by pair. */
  private readonly unlisted: readonly number[];

  constructor(
    private readonly reach: Reach,
    model: Model,
    numbers: readonly number[],
    ids: readonly string[],
  ) {
    this.groups = new Set(numbers);
    const listed: number[] = [];
    const unlisted: number[] = [];
    numbers.forEach((d, k) => {
      // Only groups with members have a bitset; a group without members meets no group.
      if (reach.meetingBitsOf(d)) listed.push(d);
      else if (model.membersOf(ids[k]!).size > 0) unlisted.push(d);
    });
    this.union = meetingUnionOf(reach, listed);
    this.unlisted = unlisted;
  }

  meets(g: number): boolean {
    if (this.union !== null && hasGroupBit(this.union, g)) return true;
    for (const d of this.unlisted) if (this.reach.meetsNumbered(g, d)) return true;
    return false;
  }
}

const cache = new WeakMap<Model, (AudienceMeeting | undefined)[]>();

/** The meeting answers of the route's audience (cached per model and audience). */
export function audienceMeetingOf(model: Model, route: Route): AudienceMeeting {
  let byAudience = cache.get(model);
  if (!byAudience) cache.set(model, (byAudience = []));
  const reach = reachOf(model);
  const audience = reach.audienceOf(route);
  return (byAudience[audience.id] ??= new Meeting(reach, model, reach.groupNumbersOf(route), audience.groupIds));
}
