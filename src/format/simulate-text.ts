// The simulator's answer as a readable explanation: the result, the steps NetBird takes, every
// candidate considered and the assumptions made. A pure function of the answer. Every value from
// the export (names, ids, network ids, domains, and the prose built from them) is shown through
// `terminalText` (escape.ts): control characters as visible escapes, long values cut; each line
// then goes through it once more, uncut, as a net.
import { terminalLines, terminalText as v } from '../escape.js';
import { cutCandidates, type Candidate, type GroupAnswer, type Outcome, type PeerAnswer, type PeerRef, type Query, type RouteRef, type ShownGroupOutcome } from '../simulate/answer.js';
import { summarizeGroupAnswer, type AssumptionShare, type CarrierSummary } from '../simulate/group-summary.js';
import { scoreText } from '../simulate/score.js';
import { compareByNameThenId } from '../order.js';

function peerText(p: PeerRef): string {
  return p.name === p.id ? v(p.id) : `${v(p.name)} (${v(p.id)})`;
}

function routeText(r: RouteRef): string {
  const what = 'network' in r ? `${v(r.network_id)} ${v(r.network)}` : `${v(r.network_id)} (${r.domains.map((d) => v(d)).join(', ')})`;
  return `${what}, route ${v(r.id)}`;
}

function destinationText(q: Query): string {
  return v(q.ip ?? q.domain ?? '');
}

function resultLines(o: Outcome, q: Query): string[] {
  const dest = destinationText(q);
  switch (o.disposition) {
    case 'ROUTED': {
      if (o.nondeterministic || !o.peer) {
        const byId = new Map(o.candidates.filter((c) => (c.reason === 'tied' || c.reason === 'conflict') && c.peer).map((c) => [c.peer!.id, c.peer!]));
        const possible = [...byId.values()].sort(compareByNameThenId);
        const sameNames = new Set(possible.map((p) => p.name)).size < possible.length;
        const names = possible.map((p) => (sameNames ? peerText(p) : v(p.name)));
        return [`ROUTED, nondeterministic: one of ${names.join(', ')} carries the traffic; which one depends on Go map order in the client`];
      }
      return [`ROUTED via ${peerText(o.peer)}`, `  ${routeText(o.route!)}`, ...accessLines(o)];
    }
    case 'LOCAL':
      // Merged serving members (own_routes): each through its own route.
      if (!o.route) return [`LOCAL: each member serves this network itself and reaches ${dest} directly, through its own route`];
      return [`LOCAL: the source serves this network itself and reaches ${dest} directly`, `  ${routeText(o.route)}`];
    case 'NO_ROUTE':
      return [`NO_ROUTE: no route the source has covers ${dest}; the traffic does not enter NetBird`];
    case 'NO_ROUTING_PEER':
      return [`NO_ROUTING_PEER: routes cover ${dest} but no routing peer is available; the traffic is dropped in the tunnel`];
    case 'DENIED':
      return [`DENIED at ${peerText(o.peer!)}: its route firewall drops the traffic (${v(o.drop_reason ?? '')})`, `  ${routeText(o.route!)}`, ...accessLines(o)];
    case 'BLACKHOLED':
      return [`BLACKHOLED at ${peerText(o.peer!)}: the client sends the traffic there and it is dropped (${v(o.drop_reason ?? '')})`, `  ${routeText(o.route!)}`];
  }
}

/** The route firewall's rules that let the source in (or none). */
function accessLines(o: Outcome): string[] {
  if (!o.access?.applies) return [];
  const groups = o.access.groups.map((g) => v(g.name)).join(', ');
  if (o.access.allowed_by.length === 0) return [`  access control groups ${groups}: no rule lets the source in`];
  return [`  access control groups ${groups}, allowed by:`, ...o.access.allowed_by.map((r) => `    ${v(r.policy.name)} / ${v(r.rule.name)}: ${v(r.protocol)}${r.ports.length > 0 ? ` ${r.ports.map((p) => v(p)).join(',')}` : ''}${r.posture === 'unknown' ? ' (posture assumed passed)' : ''}`)];
}

function candidateLines(c: Candidate): string[] {
  const who = c.peer ? v(c.peer.name) : '(no routing peer)';
  const score = c.score === null ? '' : `, score ${scoreText(c.score)}`;
  return [`  ${c.eligible ? '+' : '-'} ${c.reason}: ${who} via ${routeText(c.route)}${score}`, `      ${v(c.detail)}`];
}

/** How NetBird decides, and the candidates it weighs. */
function decisionLines(o: ShownGroupOutcome | Outcome): string[] {
  const lines: string[] = [];
  if (o.trace.length > 0) {
    const width = Math.max(...o.trace.map((t) => t.step.length));
    lines.push('', 'How NetBird decides');
    o.trace.forEach((t, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${t.step.padEnd(width)}  ${v(t.detail)}`));
  }
  if (o.candidates.length > 0) {
    const total = 'candidates_total' in o && o.candidates_total !== undefined ? `${o.candidates.length} of ${o.candidates_total} shown` : String(o.candidates.length);
    lines.push('', `Candidates (${total}; + usable by the client, - not)`);
    for (const c of o.candidates) lines.push(...candidateLines(c));
  }
  return lines;
}

function outcomeBody(o: Outcome): string[] {
  const lines = decisionLines(o);
  if (o.assumptions.length > 0) {
    lines.push('', 'Assumptions');
    for (const a of o.assumptions) lines.push(`  - ${v(a)}`);
  }
  return lines;
}

function queryLine(q: Query): string {
  const from = q.from_peer ? `peer ${peerText(q.from_peer)}` : `group ${peerText(q.from_group!)}`;
  const extras = [q.current ? `current routing peer ${v(q.current.name)}` : '', q.exit_node ? `exit node ${v(q.exit_node)}` : ''].filter(Boolean);
  return `${destinationText(q)} from ${from}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
}

export function formatPeerAnswerText(a: PeerAnswer): string {
  return terminalLines([queryLine(a.query), '', ...resultLines(a, a.query), ...outcomeBody(a), '']);
}

/** Up to `limit` names, then how many more. */
function namesText(refs: readonly PeerRef[], limit = 10): string {
  const names = refs.map((r) => v(r.name));
  return names.length > limit ? `${names.slice(0, limit).join(', ')} and ${names.length - limit} more` : names.join(', ');
}

/** Members merged with their own routes (own_routes): the first few, the rest counted; the explanation below is the first member's. */
function ownRoutesLines(o: ShownGroupOutcome, limit = 10): string[] {
  const own = o.own_routes;
  if (!own) return [];
  const lines = [`  ${own.length} serving members, each with its own route; the explanation below is ${v(own[0]!.source.name)}'s, the others' differ only by their own routes:`];
  for (const m of own.slice(0, limit)) lines.push(`    ${v(m.source.name)}: ${m.routes.map((r) => `route ${v(r.id)}`).join(', ')}`);
  if (own.length > limit) lines.push(`    and ${own.length - limit} more`);
  return lines;
}

/** A carrier in a few words, for the summary table. */
function carrierCell(c: CarrierSummary): string {
  const via = c.route ? ` (${routeText(c.route)})` : '';
  switch (c.disposition) {
    case 'ROUTED':
      return c.nondeterministic || !c.peer ? `ROUTED, nondeterministic: one of ${namesText(c.possible_peers)}` : `ROUTED via ${v(c.peer.name)}${via}`;
    case 'LOCAL':
      return `LOCAL: served by the source itself${via}`;
    case 'DENIED':
    case 'BLACKHOLED':
      return `${c.disposition} at ${v(c.peer?.name ?? '?')} (${v(c.drop_reason ?? '')})${via}`;
    default:
      return c.disposition;
  }
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Who an assumption is made for, when not for every member of the line. */
function assumptionLine(a: AssumptionShare, members: number): string {
  return a.sources ? `  - (${a.members} of ${members}: ${namesText(a.sources)}) ${v(a.text)}` : `  - ${v(a.text)}`;
}

const MORE_OUTCOMES = '--max-outcomes N to list more, 0 for all';

/**
 * A group answer: the summary table (one line per carrier and disposition, the largest share
 * first), then each line's explanation once, with its assumptions listed per share of members.
 */
export function formatGroupAnswerText(a: GroupAnswer): string {
  const summary = summarizeGroupAnswer(a);
  // Outcomes here are the summary's lines; `--max-outcomes` lists the largest and counts the rest.
  const n = summary.carriers.length + summary.carriersLeftOut;
  const lines = [queryLine(a.query), `${summary.members} member${summary.members === 1 ? '' : 's'}, ${n} outcome${n === 1 ? '' : 's'}`];
  if (summary.members === 0) lines.push('', 'The group has no peers: there is nothing to simulate.');
  else {
    const width = Math.max('members'.length, ...summary.carriers.map((c) => String(c.members).length));
    lines.push('', `  ${'members'.padStart(width)}  share  outcome`);
    for (const c of summary.carriers) lines.push(`  ${String(c.members).padStart(width)}  ${percent(c.share).padStart(5)}  ${carrierCell(c)}`);
  }
  summary.carriers.forEach((c, i) => {
    lines.push('', `=== Outcome ${i + 1} of ${n}: ${c.members} member${c.members === 1 ? '' : 's'} (${percent(c.share)}): ${namesText(c.sources)}`);
    // Merged outcomes share a carrier; their explanations usually agree, and are shown once when they do.
    const bodies = new Map<string, { sources: PeerRef[] }>();
    for (const index of c.outcomes) {
      const o = cutCandidates(a.outcomes[index]!);
      const body = [...resultLines(o, a.query), ...ownRoutesLines(o), ...decisionLines(o)].join('\n');
      const entry = bodies.get(body);
      if (entry) entry.sources.push(...o.sources);
      else bodies.set(body, { sources: [...o.sources] });
    }
    for (const [body, { sources }] of bodies) {
      if (bodies.size > 1) lines.push('', `--- for ${sources.length} of ${c.members}: ${namesText(sources)}`);
      lines.push(...body.split('\n'));
    }
    if (c.outcomes.length === 0) lines.push(`  (explained among the outcomes not listed: ${MORE_OUTCOMES})`);
    if (c.assumptions.length > 0) {
      lines.push('', 'Assumptions');
      for (const share of c.assumptions) lines.push(assumptionLine(share, c.members));
    }
  });
  if (summary.carriersLeftOut > 0) {
    const listed = summary.carriers.reduce((k, c) => k + c.members, 0);
    const left = summary.members - listed;
    lines.push('', `… ${summary.carriersLeftOut} more outcome${summary.carriersLeftOut === 1 ? '' : 's'} (${left} member${left === 1 ? '' : 's'}) not listed (${MORE_OUTCOMES}); the largest are listed first`);
  }
  return `${terminalLines(lines)}\n`;
}

/** An answer, for a peer or a group, as `simulate -f text` prints it. */
export function formatAnswerText(a: PeerAnswer | GroupAnswer): string {
  return 'outcomes' in a ? formatGroupAnswerText(a) : formatPeerAnswerText(a);
}
