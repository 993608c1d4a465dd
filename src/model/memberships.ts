// Group memberships of one model, built once by number in buildModel: who is in which group, from
// the groups' own member lists and the peers' group lists. Rules that count in peers and groups
// read the numbers; `membersOf` makes a group's set of peer ids from them when first asked.
import type { Group, Memberships, Peer } from './types.js';

/** The memberships, and each group's members as a set of ids (made on first use). */
export interface MembershipIndex {
  readonly memberships: Memberships;
  membersOf(groupId: string): ReadonlySet<string>;
}

const NO_MEMBERS: ReadonlySet<string> = new Set();

/**
 * `groupList` and `peerList` are the sections as read (duplicate ids included); `groups` and `peers`
 * the model's maps of them by id. A group's members are its own lists' peers (in the order of the
 * groups section), then the peers that name it (in the order of the peers section), each once.
 */
export function buildMemberships(
  groupList: readonly Group[] | null,
  peerList: readonly Peer[] | null,
  groups: ReadonlyMap<string, Group> | null,
  peers: ReadonlyMap<string, Peer> | null,
): MembershipIndex {
  // Group numbers: the groups export's ids, then the ids the peers (the one kept of each id) name.
  const groupNumbers = new Map<string, number>();
  const ids: string[] = [];
  const number = (g: string): void => {
    if (!groupNumbers.has(g)) {
      groupNumbers.set(g, ids.length);
      ids.push(g);
    }
  };
  // Index loops over the long lists (here and below): a for-of run once allocates an iterator
  // result per element until it is optimized, and an account has tens of thousands of peers.
  if (groups) for (const g of groups.keys()) number(g);
  if (peers) {
    for (const peer of peers.values()) {
      const listed = peer.groupIds;
      for (let i = 0; i < listed.length; i++) number(listed[i]!);
    }
  }
  const numbered = ids.length;

  // Every peer id a member list holds, by a number of its own (the order met here).
  const internNumbers = new Map<string, number>();
  const internIds: string[] = [];
  const intern = (p: string): number => {
    let n = internNumbers.get(p);
    if (n === undefined) {
      internNumbers.set(p, (n = internIds.length));
      internIds.push(p);
    }
    return n;
  };
  // A group named only by a peer whose id a later peer repeats gets a number past `numbered`: it
  // has members (`membersOf`) but is not among the numbered groups, whose peers are the kept ones.
  const extraNumbers = new Map<string, number>();
  const listOf = (g: string): number => {
    let n = groupNumbers.get(g) ?? extraNumbers.get(g);
    if (n === undefined) {
      extraNumbers.set(g, (n = ids.length));
      ids.push(g);
    }
    return n;
  };
  // Additions in the order a set would take them: the groups' own lists, then each peer's groups.
  const own: number[][] = [];
  const groupCount = groupList ? groupList.length : 0;
  for (let k = 0; k < groupCount; k++) {
    const group = groupList![k]!;
    if (group.peerIds.length === 0) continue;
    const g = listOf(group.id);
    const list = (own[g] ??= []);
    const listed = group.peerIds;
    for (let i = 0; i < listed.length; i++) list.push(intern(listed[i]!));
  }
  const named: number[][] = [];
  const peerCount = peerList ? peerList.length : 0;
  for (let k = 0; k < peerCount; k++) {
    const peer = peerList![k]!;
    if (peer.groupIds.length === 0) continue;
    const p = intern(peer.id);
    const listed = peer.groupIds;
    for (let i = 0; i < listed.length; i++) (named[listOf(listed[i]!)] ??= []).push(p);
  }

  // Each group's members once, own list first: a stamp per peer says which group took it last.
  const stamp = new Int32Array(internIds.length).fill(-1);
  const lists: (readonly number[])[] = new Array<readonly number[]>(ids.length);
  for (let g = 0; g < ids.length; g++) {
    const out: number[] = [];
    const add = (part: readonly number[] | undefined): void => {
      if (!part) return;
      for (let i = 0; i < part.length; i++) {
        const p = part[i]!;
        if (stamp[p] === g) continue;
        stamp[p] = g;
        out.push(p);
      }
    };
    add(own[g]);
    add(named[g]);
    lists[g] = out;
  }

  // Peer numbers: in the order first met through the numbered groups' members.
  const peerNumberOf = new Int32Array(internIds.length).fill(-1);
  const peerIds: string[] = [];
  const membersByGroup: number[][] = new Array<number[]>(numbered);
  const groupsByPeer: number[][] = [];
  for (let g = 0; g < numbered; g++) {
    const list = lists[g]!;
    const members = new Array<number>(list.length);
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      let n = peerNumberOf[p]!;
      if (n < 0) {
        peerNumberOf[p] = n = peerIds.length;
        peerIds.push(internIds[p]!);
        groupsByPeer.push([g]);
      } else groupsByPeer[n]!.push(g);
      members[i] = n;
    }
    membersByGroup[g] = members;
  }
  const memberships: Memberships = { groupIds: ids.length === numbered ? ids : ids.slice(0, numbered), groupNumbers, peerIds, membersByGroup, groupsByPeer };

  const sets = new Map<number, ReadonlySet<string>>();
  return {
    memberships,
    membersOf(groupId) {
      const g = groupNumbers.get(groupId) ?? extraNumbers.get(groupId);
      if (g === undefined) return NO_MEMBERS;
      let set = sets.get(g);
      if (!set) {
        const list = lists[g]!;
        if (list.length === 0) return NO_MEMBERS;
        const members = new Set<string>();
        for (let i = 0; i < list.length; i++) members.add(internIds[list[i]!]!);
        sets.set(g, (set = members));
      }
      return set;
    },
  };
}
