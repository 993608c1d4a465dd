// One sentence for each change, saying what NetBird will do differently. Data in, prose out:
// the kinds and fields next to the sentence are what tools read.
import type { PeerRef } from '../simulate/answer.js';
import type { BehaviourChange, Carrier, ExitNodeChange } from './types.js';

/** Up to three names, then how many more. */
export function namesOf(refs: readonly PeerRef[], limit = 3): string {
  const names = refs.map((r) => r.name || r.id);
  return names.length > limit ? `${names.slice(0, limit).join(', ')} and ${names.length - limit} more` : names.join(', ');
}

/** Who a change is about: the group, or some of its members. */
export function whoText(c: { group: PeerRef; scope: 'group' | 'members'; sources: readonly PeerRef[]; members: number }): string {
  if (c.scope === 'group') return `group ${c.group.name}`;
  return `${c.sources.length} of ${c.members} members of group ${c.group.name} (${namesOf(c.sources)})`;
}

/** Who carries the traffic, in a few words. */
export function carrierText(c: Carrier): string {
  switch (c.disposition) {
    case 'ROUTED':
      return c.nondeterministic ? `one of ${namesOf(c.peers, 5)} (by Go map order)` : namesOf(c.peers, 5) || 'an unknown routing peer';
    case 'LOCAL':
      return 'the source itself (it serves the route)';
    case 'NO_ROUTE':
      return 'no route';
    case 'NO_ROUTING_PEER':
      return 'no available routing peer';
    case 'DENIED':
      return `${namesOf(c.peers, 5)}, whose route firewall drops the traffic`;
    case 'BLACKHOLED':
      return `${namesOf(c.peers, 5)}, which forwards nothing (a black hole)`;
  }
}

function notRoutedWhy(c: Carrier, destination: string): string {
  if (c.disposition === 'NO_ROUTING_PEER') return 'routes cover it but no routing peer is available, so its traffic is dropped in the tunnel';
  if (c.disposition === 'DENIED' || c.disposition === 'BLACKHOLED') return `the client sends it to ${carrierText(c)}`;
  // A default route: no exit node is applied on the client.
  if (destination.endsWith('/0')) return 'no exit node is applied, so internet traffic leaves through the member\'s own connection';
  return 'no route covers it, so its traffic does not enter NetBird';
}

function groupList(refs: readonly PeerRef[]): string {
  return refs.map((g) => g.name).join(', ');
}

function accessControlText(o: Carrier, n: Carrier): string {
  if (o.accessControlGroups.length === 0) return `access control is now on: routed traffic is allowed only by policies towards ${groupList(n.accessControlGroups)}`;
  if (n.accessControlGroups.length === 0) return 'access control is now off: all routed traffic is allowed';
  return `routed traffic is now allowed by policies towards ${groupList(n.accessControlGroups)} (before: ${groupList(o.accessControlGroups)})`;
}

function masqueradeText(n: Carrier): string {
  if (n.masquerade === null) return 'whether routed traffic is masqueraded now depends on which of the possible routing peers carries it';
  return n.masquerade
    ? 'the routing peer now masquerades routed traffic (hosts in the network see its address)'
    : 'the routing peer no longer masquerades routed traffic: hosts in the network see overlay source addresses and need a route back';
}

export function behaviourMessage(c: Omit<BehaviourChange, 'message'>): string {
  const dest = c.destination;
  const who = whoText(c);
  switch (c.kind) {
    case 'moved':
      return `${dest} for ${who} moves from ${carrierText(c.old)} to ${carrierText(c.new)}`;
    case 'no-longer-routed':
      return `${dest} is no longer routed for ${who}: ${notRoutedWhy(c.new, dest)} (before: ${carrierText(c.old)})`;
    case 'now-routed':
      return `${dest} is now routed for ${who}, by ${carrierText(c.new)} (before: ${carrierText(c.old)})`;
    case 'nondeterministic':
      return `${dest} for ${who} becomes nondeterministic: ${carrierText(c.new)} carries it (before: ${carrierText(c.old)})`;
    case 'deterministic':
      return `${dest} for ${who} becomes deterministic: ${carrierText(c.new)} carries it (before: ${carrierText(c.old)})`;
    case 'disposition-changed':
      return `${dest} is still not routed for ${who}, now ${c.new.disposition}: ${notRoutedWhy(c.new, dest)} (before, ${c.old.disposition}: ${notRoutedWhy(c.old, dest)})`;
    case 'access-control-changed': {
      const masquerade = c.old.masquerade !== c.new.masquerade ? `; ${masqueradeText(c.new)}` : '';
      return `${dest} for ${who} through ${carrierText(c.new)}: ${accessControlText(c.old, c.new)}${masquerade}`;
    }
    case 'masquerade-changed':
      return `${dest} for ${who} through ${carrierText(c.new)}: ${masqueradeText(c.new)}`;
  }
}

export function exitNodeMessage(c: Omit<ExitNodeChange, 'message'>): string {
  const who = whoText(c);
  switch (c.kind) {
    case 'no-longer-auto-applied':
      return `exit node ${c.old} is no longer auto-applied for ${who}: no exit node is`;
    case 'now-auto-applied':
      return `exit node ${c.new} is now auto-applied for ${who} (before: none)`;
    case 'switched':
      return `exit node ${c.old} is no longer auto-applied for ${who}: ${c.new} is, instead`;
  }
}
