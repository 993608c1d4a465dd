// One sentence for each change, saying what NetBird will do differently. Data in, prose out:
// the kinds and fields next to the sentence are what tools read.
import type { PeerRef } from '../simulate/answer.js';
import type { BehaviourChange, Carrier, ExitNodeChange, FieldChange, GroupChange, PeerChange, PolicyChange, RuleChange } from './types.js';
import { listingCeiling } from './selection.js';

/** Why changes were left out when the ceiling on what one diff lists was reached (`summary.listingCeilingReached`). */
export function ceilingReason(): string {
  return `past routelint's ceiling of ${listingCeiling.changes} changes and ${listingCeiling.names} names per diff, which keeps a diff in memory; --max-changes N to list fewer`;
}

/** Up to three names, then how many more (of `total`, when more than the names given). */
export function namesOf(refs: readonly PeerRef[], limit = 3, total = refs.length): string {
  const names = refs.slice(0, limit).map((r) => r.name || r.id);
  return total > names.length ? `${names.join(', ')} and ${total - names.length} more` : names.join(', ');
}

/** Members with a change: those listed and those left out. */
export function sourceCount(c: { sources: readonly PeerRef[]; sourcesLeftOut?: number }): number {
  return c.sources.length + (c.sourcesLeftOut ?? 0);
}

/** Who a change is about: the group, or some of its members. */
export function whoText(c: { group: PeerRef; scope: 'group' | 'members'; sources: readonly PeerRef[]; sourcesLeftOut?: number; members: number }): string {
  if (c.scope === 'group') return `group ${c.group.name}`;
  const n = sourceCount(c);
  return `${n} of ${c.members} members of group ${c.group.name} (${namesOf(c.sources, 3, n)})`;
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
      return `exit node ${c.old} is no longer auto-applied for ${who}: no exit node is applied, so their internet traffic leaves through their own connection`;
    case 'now-auto-applied':
      return `exit node ${c.new} is now auto-applied for ${who} (before: none)`;
    case 'switched':
      return `exit node ${c.old} is no longer auto-applied for ${who}: ${c.new} is, instead`;
  }
}

/** A field value as it reads in the export. */
export function valueText(value: unknown): string {
  return value === null || value === undefined ? 'null' : JSON.stringify(value);
}

/**
 * One field change in a few words: names for groups and peers, values otherwise. `show` is how
 * each name or value is shown (escaped and cut for a terminal, a Markdown cell…).
 */
export function fieldChangeText(f: FieldChange, show: (text: string) => string = (text) => text): string {
  if (f.added || f.removed) {
    const parts = [
      f.added && f.added.length > 0 ? `added ${f.added.map((g) => show(g.name)).join(', ')}` : '',
      f.removed && f.removed.length > 0 ? `removed ${f.removed.map((g) => show(g.name)).join(', ')}` : '',
    ].filter(Boolean);
    return parts.join('; ');
  }
  if (f.field === 'peer') return `${show(f.oldName ?? valueText(f.old))} → ${show(f.newName ?? valueText(f.new))}`;
  return `${show(valueText(f.old))} → ${show(valueText(f.new))}`;
}

function fieldsText(fields: readonly FieldChange[]): string {
  return fields.map((f) => `${f.field} ${fieldChangeText(f)}`).join('; ');
}

export function groupChangeMessage(g: Omit<GroupChange, 'message'>): string {
  const moved = [g.membersAdded.length > 0 ? `${namesOf(g.membersAdded)} joined` : '', g.membersRemoved.length > 0 ? `${namesOf(g.membersRemoved)} left` : ''].filter(Boolean).join('; ');
  if (g.change === 'added') return `group ${g.group.name} added${g.membersAdded.length > 0 ? ` with ${g.membersAdded.length} members (${namesOf(g.membersAdded)})` : ', with no members'}`;
  if (g.change === 'removed') return `group ${g.group.name} removed${g.membersRemoved.length > 0 ? ` with its ${g.membersRemoved.length} members (${namesOf(g.membersRemoved)})` : ''}`;
  const renamed = g.oldName !== undefined ? `renamed from ${g.oldName}` : '';
  return `group ${g.group.name}: ${[renamed, moved].filter(Boolean).join('; ')}`;
}

export function peerChangeMessage(p: Omit<PeerChange, 'message'>): string {
  if (p.change !== 'changed') return `peer ${p.peer.name} ${p.change}`;
  return `peer ${p.peer.name}: ${fieldsText(p.fields)}`;
}

function ruleText(r: RuleChange): string {
  const name = r.rule.name || r.rule.id || 'unnamed';
  return r.change === 'changed' ? `rule ${name}: ${fieldsText(r.fields)}` : `rule ${name} ${r.change}`;
}

export function policyChangeMessage(p: Omit<PolicyChange, 'message'>): string {
  if (p.change !== 'changed') return `policy ${p.policy.name} ${p.change}`;
  return `policy ${p.policy.name}: ${[fieldsText(p.fields), ...p.rules.map(ruleText)].filter(Boolean).join('; ')}`;
}
