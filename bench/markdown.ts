// The Markdown table a run prints and docs/performance.md quotes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.js';
import { mb, ms, us } from './numbers.js';
import type { CommandFigure } from './races.js';
import type { LintMeasure } from './measure.js';
import { consecutiveRunsMeetingAll, type Results } from './targets.js';

/** A shape measured for lint alone: its caption, then one row (routes, peers, `countName`, the lint figures). */
function shapeLines(caption: string, countName: string, count: number, m: LintMeasure & { routes: number; peers: number }): string[] {
  return [
    '',
    caption,
    '',
    `| routes | peers | ${countName} | file | JSON.parse (floor) | lint | lint / parse | findings (left out) | peak RSS | RSS / file |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${m.routes.toLocaleString('en-US')} | ${m.peers.toLocaleString('en-US')} | ${count.toLocaleString('en-US')} | ${mb(m.fileBytes)} | ${ms(m.parse.ms)} | ${ms(m.lint.ms)} | ${m.lintOverParse.toFixed(2)}× | ${m.lint.findings.toLocaleString('en-US')} (${m.lint.findingsLeftOut.toLocaleString('en-US')}) | ${mb(m.lint.maxRssBytes)} | ${m.memoryOverFile.toFixed(2)}× |`,
  ];
}

/** The Markdown docs/performance.md quotes: figures per size, then the targets. */
export function markdownOf(results: Results): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}); ${results.generatedAt.slice(0, 10)}.`);
  lines.push('');
  lines.push('| routes | peers | file | JSON.parse (floor) | lint | lint / parse | findings | peak RSS | RSS / file | naive pairwise (cidr-tools) | batch simulate per query | all in | naive scan per query | batch speed-up |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of results.sizes) {
    const pairwise = `${ms(s.naivePairwise.ms)}${s.naivePairwise.extrapolated ? ' (extrapolated)' : ''}`;
    lines.push(
      `| ${s.routes.toLocaleString('en-US')} | ${s.peers.toLocaleString('en-US')} | ${mb(s.fileBytes)} | ${ms(s.parse.ms)} | ${ms(s.lint.ms)} | ${s.lintOverParse.toFixed(2)}× | ${s.lint.findings.toLocaleString('en-US')} | ${mb(s.lint.maxRssBytes)} | ${s.memoryOverFile.toFixed(2)}× | ${pairwise} | ${us(s.batch.perQueryUs)} | ${us(s.batch.allInPerQueryUs)} | ${us(s.batch.naivePerQueryUs)} | ${s.batch.speedup.toFixed(0)}× |`,
    );
  }
  if (results.flat) {
    const f = results.flat;
    lines.push(...shapeLines('Flat shape (thousands of groups, one group of every peer as distribution and peer group, an exit HA set of 1% of the routes, 10% of the peers offline, random /16–/32 prefixes in 10/8):', 'groups', f.groups, f));
  }
  if (results.covering && results.covering.length > 0) {
    lines.push('');
    lines.push(`Covering shapes (bench/shapes.ts: the flat account with every route covering ${results.covering[0]!.address}; one-prefix: every route on 10.0.0.0/16 under its own network_id; chain: prefixes nested /8 to /32, each route under its own network_id):`);
    lines.push('');
    lines.push('| shape | routes | file | JSON.parse (floor) | lint | lint / parse | findings (left out) | peak RSS | RSS / file | --from-group (members) | --from-group / lint |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const c of results.covering) {
      const group = c.group === null ? ['–', '–'] : c.group.ratio === null ? [c.group.problem ?? 'failed', '–'] : [`${ms(c.group.ms!)} (${c.groupMembers.toLocaleString('en-US')})`, `${c.group.ratio.toFixed(2)}×`];
      lines.push(
        `| ${c.shape} | ${c.routes.toLocaleString('en-US')} | ${mb(c.fileBytes)} | ${ms(c.parse.ms)} | ${ms(c.lint.ms)} | ${c.lintOverParse.toFixed(2)}× | ${c.lint.findings.toLocaleString('en-US')} (${c.lint.findingsLeftOut.toLocaleString('en-US')}) | ${mb(c.lint.maxRssBytes)} | ${c.memoryOverFile.toFixed(2)}× | ${group[0]} | ${group[1]} |`,
      );
    }
  }
  // The shapes measured for lint and their commands: caption, what is counted, the count, the figures.
  const shapes = [
    ...(results.policies ? [['Many-policies shape (bench/shapes.ts: the flat account plus one policy per 20 routes of 1–3 group-to-group rules with ports and protocols, a tenth drop rules and a twentieth behind posture checks; 30% of the routes with access control groups, 30% domain routes, 5% IPv6):', 'policies', results.policies.policies, results.policies] as const] : []),
    ...(results.manyGroups ? [["Many-groups shape (bench/shapes.ts: the flat account with 4–8 distribution groups and 1–2 peer groups per route, access control groups on 30%, so members hardly share their groups among a destination's covering sets):", 'groups', results.manyGroups.groups, results.manyGroups] as const] : []),
    ...(results.mixed ? [[`Mixed-families shape (bench/shapes.ts: the flat account with 40% IPv6 routes of every length from /32 to /128, one in twenty covering ${results.mixed.address}; 15% domain routes from a pool of shared names; 10% repeating an earlier IPv4 prefix; four peers in five with an overlay IPv6):`, 'IPv6 routes', results.mixed.ipv6Routes, results.mixed] as const] : []),
    ...(results.sharedPrefixes ? [[`Shared-prefixes shape (bench/shapes.ts: the flat account with every IPv4 route but the exit nodes on one of ${results.sharedPrefixes.prefixes.toLocaleString('en-US')} /24s, under one of a network_id per twenty routes, metrics 1 to 100):`, 'prefixes', results.sharedPrefixes.prefixes, results.sharedPrefixes] as const] : []),
    ...(results.bigGroups ? [[`Big-peer-groups shape (bench/shapes.ts: the flat account with every peer in 12 of ${(results.bigGroups.groups - 1).toLocaleString('en-US')} groups, every route distributed to 10 of them, and the routes served by a group served by one of them, about ${Math.round((results.bigGroups.peers * 12) / (results.bigGroups.groups - 1)).toLocaleString('en-US')} peers each):`, 'groups', results.bigGroups.groups, results.bigGroups] as const] : []),
  ];
  for (const [caption, countName, count, m] of shapes) lines.push(...shapeLines(caption, countName, count, m));
  const otherReports = [
    ...(results.covering ?? []).map((c) => [`covering (${c.shape})`, c.routes, c.lintMs, c.report] as const),
    ...(results.policies ? [['many policies', results.policies.routes, results.policies.lintMs, results.policies.report] as const] : []),
    ...(results.manyGroups ? [['many groups', results.manyGroups.routes, results.manyGroups.lintMs, results.manyGroups.report] as const] : []),
    ...(results.mixed ? [['mixed families', results.mixed.routes, results.mixed.lintMs, results.mixed.report] as const] : []),
    ...(results.sharedPrefixes ? [['shared prefixes', results.sharedPrefixes.routes, results.sharedPrefixes.lintMs, results.sharedPrefixes.report] as const] : []),
    ...(results.bigGroups ? [['big peer groups', results.bigGroups.routes, results.bigGroups.lintMs, results.bigGroups.report] as const] : []),
  ].filter(([, , lintMs, report]) => lintMs != null && report != null);
  if (otherReports.length > 0) {
    lines.push('');
    lines.push('report on the covering, many-policies, many-groups, mixed-families, shared-prefixes and big-peer-groups shapes (each against lint of the same file, round by round):');
    lines.push('');
    lines.push('| shape | routes | lint | report | report / lint |');
    lines.push('|---|---:|---:|---:|---:|');
    for (const [shape, routes, lintMs, report] of otherReports) {
      const [reportMs, ratio] = report!.ratio === null ? [report!.problem ?? 'failed', '–'] : [ms(report!.ms!), `${report!.ratio.toFixed(2)}×`];
      lines.push(`| ${shape} | ${routes.toLocaleString('en-US')} | ${ms(lintMs!)} | ${reportMs} | ${ratio} |`);
    }
  }
  const groupQuestions = [
    ...(results.manyGroups ? [['8.8.8.8', 'many-groups', results.manyGroups] as const] : []),
    ...(results.mixed ? [[results.mixed.address, 'mixed-families', results.mixed] as const] : []),
    ...(results.sharedPrefixes ? [[results.sharedPrefixes.address, 'shared-prefixes', results.sharedPrefixes] as const] : []),
    ...(results.bigGroups ? [[results.bigGroups.address, 'big-peer-groups', results.bigGroups] as const] : []),
  ];
  for (const [address, shape, m] of groupQuestions) {
    if (!m.group || m.lintMs == null) continue;
    const figure = m.group.ratio === null ? `${m.group.problem ?? 'failed'}` : `${ms(m.group.ms!)}, ${m.group.ratio.toFixed(2)}× lint (${ms(m.lintMs)})`;
    lines.push('');
    lines.push(`simulate --ip ${address} --from-group All (${m.peers.toLocaleString('en-US')} members) on the ${shape} shape: ${figure}.`);
  }
  const commandLines = [
    ...results.sizes.filter((s) => s.commands).map((s) => [`${s.routes.toLocaleString('en-US')} (tenants)`, s.commands!] as const),
    ...(results.flat?.commands ? [[`${results.flat.routes.toLocaleString('en-US')} (flat)`, results.flat.commands] as const] : []),
  ];
  if (commandLines.length > 0) {
    lines.push('');
    lines.push('| routes | lint | report | report / lint | diff (unrelated) | diff / both lints | diff (edited) | diff / both lints | --from-group (members) | --from-group / lint |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const cell = (f: CommandFigure) => (f.ratio === null ? [f.problem ?? 'failed', '–'] : [ms(f.ms!), `${f.ratio.toFixed(2)}×`]);
    for (const [label, c] of commandLines) {
      const [reportMs, reportRatio] = cell(c.report);
      const [diffMs, diffRatio] = cell(c.diff);
      const [relatedMs, relatedRatio] = c.diffRelated ? cell(c.diffRelated) : ['–', '–'];
      const [groupMs, groupRatio] = cell(c.group);
      lines.push(`| ${label} | ${ms(c.lintMs)} | ${reportMs} | ${reportRatio} | ${diffMs} | ${diffRatio} | ${relatedMs} | ${relatedRatio} | ${groupMs} (${c.groupMembers.toLocaleString('en-US')}) | ${groupRatio} |`);
    }
  }
  lines.push('');
  lines.push(`Startup: \`routelint lint fixtures/demo\` ${ms(results.startup.lintMs)}, \`node -e 0\` ${ms(results.startup.nodeMs)} (medians of ${results.startup.runs} runs): ${results.startup.ratio.toFixed(2)}×.`);
  lines.push('');
  const earlier = (results.history ?? []).slice(0, 2);
  const streak = consecutiveRunsMeetingAll(results);
  lines.push(
    streak > 0
      ? `Every target met in ${streak === 1 ? 'this run' : `the last ${streak} consecutive runs`} (commit ${results.commit ?? 'unknown'}${streak > 1 ? '; the earlier runs are in bench/results.json' : ''}).`
      : `Targets missed in this run: ${results.targets.filter((t) => !t.met).length} of ${results.targets.length} (commit ${results.commit ?? 'unknown'}).`,
  );
  lines.push('');
  const earlierHeads = earlier.map((h) => ` ${h.generatedAt.slice(0, 16).replace('T', ' ')} (${h.commit}) |`).join('');
  lines.push(`| target | goal | measured | met |${earlierHeads}`);
  lines.push(`|---|---:|---:|:---:|${earlier.map(() => '---:|').join('')}`);
  for (const t of results.targets) {
    const before = earlier.map((h) => {
      const then = h.targets.find((x) => x.name === t.name);
      return ` ${then ? `${then.measured} ${then.met ? '(met)' : '(**not met**)'}` : '–'} |`;
    });
    lines.push(`| ${t.name} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |${before.join('')}`);
  }
  return lines.join('\n');
}

const PERFORMANCE_NOTES = join(ROOT, 'docs', 'performance.md');
const QUOTE_START = '<!-- bench:start -->';
const QUOTE_END = '<!-- bench:end -->';

/** Replaces the table between the bench markers of docs/performance.md with this run's, so the two never disagree. */
export function quoteInPerformanceNotes(markdown: string): void {
  const notes = readFileSync(PERFORMANCE_NOTES, 'utf8');
  const start = notes.indexOf(QUOTE_START);
  const end = notes.indexOf(QUOTE_END);
  if (start < 0 || end < start) {
    process.stderr.write(`  docs/performance.md has no ${QUOTE_START} … ${QUOTE_END} section: not updated\n`);
    return;
  }
  writeFileSync(PERFORMANCE_NOTES, `${notes.slice(0, start + QUOTE_START.length)}\n${markdown}\n${notes.slice(end)}`);
}
