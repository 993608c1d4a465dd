// Builds the frozen account model from the raw sections of one export.
import { DOMAIN_PLACEHOLDER, domainListKey } from '../net/domain.js';
import { parseAddr, parsePrefix, type Addr } from '../net/prefix.js';
import { type RawExport, type RawSection, typeName } from '../load/raw.js';
import { networkResourceRoutes } from './networks.js';
import { policyPostureOf } from './posture.js';
import { FieldReader, isObject } from './validate.js';
import type { Group, HaSet, Loc, MinVersion, Model, Peer, Policy, PolicyRule, PolicySide, PortRange, PostureCheck, PostureChecks, Route, RouteKind, SchemaIssue, Section } from './types.js';
import { routingPeerIds } from './routing-peers.js';

/** The HA set key; domains compared as NetBird stores them (lower-case punycode, in order). */
export function haKeyOf(networkId: string, network: string, domains: readonly string[] | null): string {
  return domains && domains.length > 0 ? `${networkId}|${domainListKey(domains)}` : `${networkId}|${network}`;
}

/** Reads each object of a section with `read`; objects with the wrong shape become issues and are left out. */
function readSection<T>(section: RawSection | undefined, what: string, issues: SchemaIssue[], read: (r: FieldReader, index: number) => T): T[] | null {
  if (!section) return null;
  const items = section.value;
  if (!Array.isArray(items)) {
    issues.push({ loc: { file: section.file, path: section.path }, what, expected: 'an array', actual: typeName(items) });
    return [];
  }
  const out: T[] = [];
  const base = section.path;
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    // A converted element (Terraform) sits elsewhere in the file and is named by its resource address.
    const origin = section.origins?.[index];
    // Sections sit at the top of their file or under one key: no spread for the usual paths.
    const path = origin ? origin.path : base.length === 0 ? [index] : base.length === 1 ? [base[0]!, index] : [...base, index];
    if (!isObject(item)) {
      issues.push({ loc: { file: section.file, path }, what: origin ? origin.address : `${what}[${index}]`, expected: 'an object', actual: typeName(item) });
      continue;
    }
    const reader = origin ? new FieldReader(item, section.file, path, origin.address) : new FieldReader(item, section.file, path, what, index);
    const value = read(reader, index);
    if (reader.issues.length > 0) issues.push(...(origin?.renames ? reader.issues.map((i) => renamedIssue(i, path.length, origin.address, origin.renames!)) : reader.issues));
    else out.push(origin ? (Object.freeze({ ...value, address: origin.address, ...(origin.changeAction ? { changeAction: origin.changeAction } : {}) }) as T) : value);
  }
  return out;
}

/** An issue inside a converted element, its path and name turned back into the file's own field names. */
function renamedIssue(issue: SchemaIssue, from: number, label: string, renames: Readonly<Record<string, string>>): SchemaIssue {
  const rename = (part: string): string => (Object.hasOwn(renames, part) ? renames[part]! : part);
  const path = issue.loc.path.map((part, i) => (i >= from && typeof part === 'string' ? rename(part) : part));
  const what = issue.what.startsWith(label) ? label + issue.what.slice(label.length).replace(/\.([A-Za-z_]+)/g, (_, name: string) => `.${rename(name)}`) : issue.what;
  return { ...issue, what, loc: { file: issue.loc.file, path } };
}

const NO_STRINGS: readonly string[] = Object.freeze([]);

/** The list frozen; every empty list is one shared frozen array (most routes have no peer_groups or access_control_groups). */
function frozenList(list: string[]): readonly string[] {
  return list.length === 0 ? NO_STRINGS : Object.freeze(list);
}

function readRoute(r: FieldReader, index: number): Route {
  const domains = r.nullableStrings('domains');
  const networkText = r.string('network');
  const hasDomains = domains !== null && domains.length > 0;
  const hasNetwork = networkText !== '' && !(hasDomains && networkText === DOMAIN_PLACEHOLDER);
  const kind: RouteKind = hasDomains ? (hasNetwork ? 'both' : 'domain') : hasNetwork ? 'network' : 'none';
  const parsed = kind === 'network' || kind === 'both' ? parsePrefix(networkText) : null;
  const network = parsed?.ok ? parsed.value.prefix : null;
  const networkId = r.string('network_id');
  return Object.freeze({
    id: r.string('id'),
    index,
    loc: r.loc(),
    networkId,
    networkText,
    network,
    networkHadHostBits: parsed?.ok ? parsed.value.hadHostBits : false,
    domains,
    kind,
    networkType: r.string('network_type'),
    peer: r.string('peer'),
    peerGroups: frozenList(r.strings('peer_groups')),
    groups: frozenList(r.strings('groups')),
    accessControlGroups: frozenList(r.strings('access_control_groups')),
    metric: r.integer('metric'),
    masquerade: r.boolean('masquerade'),
    enabled: r.boolean('enabled'),
    keepRoute: r.boolean('keep_route'),
    skipAutoApply: r.boolean('skip_auto_apply'),
    description: r.string('description'),
    haKey: haKeyOf(networkId, network?.text ?? networkText, domains),
    present: r.present,
  });
}

function readGroup(r: FieldReader): Group {
  return Object.freeze({ id: r.string('id'), name: r.string('name'), peerIds: Object.freeze(r.refs('peers')), loc: r.loc() });
}

/** A `local_flags` switch; a missing or non-boolean one reads as off. */
function flagOf(flags: Record<string, unknown> | null, name: string): boolean {
  const v = flags?.[name];
  return typeof v === 'boolean' ? v : false;
}

/** An overlay address of the given family, parsed once here so that no layer above parses it again. */
function addrOfFamily(text: string | null, family: 4 | 6): Addr | null {
  if (!text) return null;
  const parsed = parseAddr(text);
  return parsed.ok && parsed.value.family === family ? parsed.value : null;
}

function readPeer(r: FieldReader): Peer {
  const flags = r.object('local_flags');
  const ip = r.string('ip');
  const ipv6 = r.string('ipv6') || null;
  return Object.freeze({
    id: r.string('id'),
    name: r.string('name'),
    ip,
    ipv6,
    overlayV4: addrOfFamily(ip, 4),
    overlayV6: addrOfFamily(ipv6, 6),
    dnsLabel: r.string('dns_label'),
    connected: r.boolean('connected'),
    loginExpired: r.boolean('login_expired'),
    os: r.string('os'),
    groupIds: Object.freeze(r.refs('groups')),
    disableServerRoutes: flagOf(flags, 'disable_server_routes'),
    disableClientRoutes: flagOf(flags, 'disable_client_routes'),
    blockInbound: flagOf(flags, 'block_inbound'),
    blockLanAccess: flagOf(flags, 'block_lan_access'),
    disableFirewall: flagOf(flags, 'disable_firewall'),
    approvalRequired: r.boolean('approval_required'),
    version: r.string('version'),
    kernelVersion: r.string('kernel_version'),
    countryCode: r.string('country_code'),
    cityName: r.string('city_name'),
    connectionIp: r.string('connection_ip'),
    loc: r.loc(),
  });
}

function readSide(r: FieldReader, groupsField: string, resourceField: string): PolicySide {
  const resource = r.object(resourceField);
  const groupIds = frozenList(r.refs(groupsField));
  // A peer resource replaces the side's groups (§3); the groups stay visible for lint.
  if (resource && resource.type === 'peer' && typeof resource.id === 'string') return Object.freeze({ groupIds: NO_STRINGS, peerIds: Object.freeze([resource.id]), ignoredGroupIds: groupIds });
  return Object.freeze({ groupIds, peerIds: NO_STRINGS, ignoredGroupIds: NO_STRINGS });
}

/** `ports` (strings, as the API gives them) and `port_ranges` ({start, end}) as one list of ranges. */
function readPorts(r: FieldReader): readonly PortRange[] {
  const out: PortRange[] = [];
  for (const text of r.strings('ports')) {
    const n = Number(text);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) out.push({ start: n, end: n });
  }
  for (const range of r.array('port_ranges')) {
    if (isObject(range) && Number.isInteger(range.start) && Number.isInteger(range.end)) out.push({ start: range.start as number, end: range.end as number });
  }
  return Object.freeze(out);
}

function readPolicy(r: FieldReader): Policy {
  const rules: PolicyRule[] = [];
  r.array('rules').forEach((raw, i) => {
    const path = [...r.path, 'rules', i];
    if (!isObject(raw)) {
      r.issues.push({ loc: { file: r.file, path }, what: `${r.what}.rules[${i}]`, expected: 'an object', actual: typeName(raw) });
      return;
    }
    const rr = new FieldReader(raw, r.file, path, `${r.what}.rules[${i}]`);
    const rule: PolicyRule = Object.freeze({
      id: rr.string('id'),
      name: rr.string('name'),
      enabled: rr.boolean('enabled'),
      action: rr.string('action', 'accept'),
      bidirectional: rr.boolean('bidirectional'),
      sources: readSide(rr, 'sources', 'sourceResource'),
      destinations: readSide(rr, 'destinations', 'destinationResource'),
      protocol: rr.string('protocol', 'all').toLowerCase(),
      ports: readPorts(rr),
    });
    r.issues.push(...rr.issues);
    rules.push(rule);
  });
  return Object.freeze({ id: r.string('id'), name: r.string('name'), enabled: r.boolean('enabled'), rules: Object.freeze(rules), sourcePostureCheckIds: frozenList(r.refs('source_posture_checks')), loc: r.loc() });
}

function readMinVersion(obj: Record<string, unknown> | null, field: 'min_version' | 'min_kernel_version'): MinVersion | null {
  if (!obj) return null;
  const v = obj[field];
  return { minVersion: typeof v === 'string' ? v : '' };
}

function readPostureCheck(r: FieldReader): PostureCheck {
  const checks = r.object('checks') ?? {};
  const c = new FieldReader(checks, r.file, [...r.path, 'checks'], `${r.what}.checks`);
  const os = c.object('os_version_check');
  const osOf = (name: string): Record<string, unknown> | null => (os && isObject(os[name]) ? (os[name] as Record<string, unknown>) : null);
  const geo = c.object('geo_location_check');
  const range = c.object('peer_network_range_check');
  const locations = geo && Array.isArray(geo.locations) ? geo.locations.filter(isObject) : [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const postureChecks: PostureChecks = Object.freeze({
    nbVersion: readMinVersion(c.object('nb_version_check'), 'min_version'),
    osVersion: os
      ? Object.freeze({ android: readMinVersion(osOf('android'), 'min_version'), ios: readMinVersion(osOf('ios'), 'min_version'), darwin: readMinVersion(osOf('darwin'), 'min_version'), linux: readMinVersion(osOf('linux'), 'min_kernel_version'), windows: readMinVersion(osOf('windows'), 'min_kernel_version') })
      : null,
    geoLocation: geo ? Object.freeze({ locations: Object.freeze(locations.map((l) => Object.freeze({ countryCode: text(l.country_code), cityName: text(l.city_name) }))), action: text(geo.action) }) : null,
    networkRange: range ? Object.freeze({ ranges: Object.freeze(Array.isArray(range.ranges) ? range.ranges.filter((x): x is string => typeof x === 'string') : []), action: text(range.action) }) : null,
    process: c.object('process_check') !== null,
  });
  r.issues.push(...c.issues);
  return Object.freeze({ id: r.string('id'), name: r.string('name'), checks: postureChecks, loc: r.loc() });
}

function buildHaSets(routes: readonly Route[]): HaSet[] {
  // Sorted by key (UTF-16 code units, as `<` compares), then in export order (index): runs of one
  // key are the sets. Sorting the routes beats grouping them through a Map of 100,000 fresh keys.
  const eligible = routes.filter((route) => route.kind === 'domain' || (route.kind === 'network' && route.network));
  eligible.sort((a, b) => (a.haKey < b.haKey ? -1 : a.haKey > b.haKey ? 1 : a.index - b.index));
  const sets: HaSet[] = [];
  for (let i = 0; i < eligible.length; ) {
    const first = eligible[i]!;
    let j = i + 1;
    while (j < eligible.length && eligible[j]!.haKey === first.haKey) j++;
    sets.push(
      Object.freeze({
        key: first.haKey,
        networkId: first.networkId,
        network: first.kind === 'network' ? first.network : null,
        domains: first.kind === 'domain' ? first.domains : null,
        routes: Object.freeze(eligible.slice(i, j)),
        isExit: first.kind === 'network' && first.network?.bits === 0,
      }),
    );
    i = j;
  }
  return sets;
}

/** Per-peer index of the enabled policy rules it appears in, for "does a policy connect A and B". */
class PolicyIndex {
  private readonly sides: { src: Set<string>; dst: Set<string> }[] = [];
  private readonly bySource = new Map<string, number[]>();

  /** `sourcePasses`: may the peer be a source of the policy's rules (its posture checks, §3)? */
  constructor(policies: readonly Policy[], membersOf: (g: string) => ReadonlySet<string>, sourcePasses: (policy: Policy, peerId: string) => boolean) {
    for (const policy of policies) {
      if (!policy.enabled) continue;
      for (const rule of policy.rules) {
        if (!rule.enabled) continue;
        const expand = (side: PolicySide): Set<string> => {
          const out = new Set(side.peerIds);
          for (const g of side.groupIds) for (const p of membersOf(g)) out.add(p);
          return out;
        };
        const idx = this.sides.length;
        const src = expand(rule.sources);
        if (policy.sourcePostureCheckIds.length > 0) for (const p of src) if (!sourcePasses(policy, p)) src.delete(p);
        this.sides.push({ src, dst: expand(rule.destinations) });
        for (const p of src) {
          const list = this.bySource.get(p);
          if (list) list.push(idx);
          else this.bySource.set(p, [idx]);
        }
      }
    }
  }

  /** For visibility the rule's direction and action do not matter: either peer may be the source. */
  connects(a: string, b: string): boolean {
    for (const i of this.bySource.get(a) ?? []) if (this.sides[i]!.dst.has(b)) return true;
    for (const i of this.bySource.get(b) ?? []) if (this.sides[i]!.dst.has(a)) return true;
    return false;
  }
}

/** Builds the model of an export that parsed; null when its routes file did not. */
export function buildModel(raw: RawExport): Model | null {
  const issues: SchemaIssue[] = [];
  // A Networks-API-only export has no routes array: its resources stand in for it.
  const routesSection = raw.sections.routes ?? raw.sections.network_resources;
  const routesLoc: Loc | null = routesSection ? { file: routesSection.file, path: routesSection.path } : raw.shapeProblem ? { file: raw.shapeProblem.file, path: [] } : null;
  if (!routesLoc) return null;
  if (raw.shapeProblem) {
    issues.push({ loc: routesLoc, what: 'export', expected: 'an array of routes or a {routes, groups, peers, policies} bundle', actual: raw.shapeProblem.actual });
  }
  const routes = readSection(raw.sections.routes, 'routes', issues, readRoute) ?? [];
  const groupList = readSection(raw.sections.groups, 'groups', issues, readGroup);
  const peerList = readSection(raw.sections.peers, 'peers', issues, readPeer);
  const policyList = readSection(raw.sections.policies, 'policies', issues, readPolicy);
  const postureList = readSection(raw.sections.posture_checks, 'posture_checks', issues, readPostureCheck);
  // Generated routes have no place in a routes array: they are numbered after every exported one
  // (those left out for a schema problem included), so that no two routes share an index.
  const exported = raw.sections.routes?.value;
  let nextIndex = Array.isArray(exported) ? exported.length : 0;
  for (const generated of networkResourceRoutes(raw, policyList, issues)) {
    const reader = new FieldReader(generated.value, generated.loc.file, generated.loc.path, generated.what);
    const route = readRoute(reader, nextIndex++);
    issues.push(...reader.issues);
    routes.push(Object.freeze({ ...route, networkResource: generated.origin }));
  }

  const groups = groupList ? new Map(groupList.map((g) => [g.id, g])) : null;
  const postureChecks = postureList ? new Map(postureList.map((c) => [c.id, c])) : null;
  const peers = peerList ? new Map(peerList.map((p) => [p.id, p])) : null;

  const members = new Map<string, Set<string>>();
  const memberSet = (g: string): Set<string> => {
    let set = members.get(g);
    if (!set) members.set(g, (set = new Set()));
    return set;
  };
  // A group's own list is added under one lookup of the group; a group without members gets no set.
  for (const g of groupList ?? []) {
    if (g.peerIds.length === 0) continue;
    const set = memberSet(g.id);
    for (const p of g.peerIds) set.add(p);
  }
  for (const p of peerList ?? []) for (const g of p.groupIds) memberSet(g).add(p.id);
  const EMPTY: ReadonlySet<string> = new Set();
  const membersOf = (g: string): ReadonlySet<string> => members.get(g) ?? EMPTY;

  // Only the simulator asks policyConnects: expanding every rule to its peers waits for the first question.
  let policyIndex: PolicyIndex | null = null;
  const policyConnects = (a: string, b: string): boolean | null => {
    if (!policyList) return null;
    // A source that fails a decided posture check is no source; one the export cannot decide counts (the simulator says so).
    policyIndex ??= new PolicyIndex(policyList, membersOf, (policy, p) => policyPostureOf(postureChecks, policy, peers?.get(p)) !== 'fail');
    return policyIndex.connects(a, b);
  };
  const haSets = buildHaSets(routes);
  // Indexes may skip positions (routes left out for a schema problem): look routes up by index, not position.
  const routeAtIndex: Route[] = [];
  for (const route of routes) routeAtIndex[route.index] = route;
  // Filled up front: rules ask in any order, and an array written far past its end turns into a slow dictionary.
  const routingPeerLists = new Array<readonly string[] | undefined>(routeAtIndex.length).fill(undefined);
  const groupPeerLists = new Map<string, readonly string[]>();
  const plainPeerLists = new Map<string, readonly string[]>();
  let haSetIndex: ReadonlyMap<string, HaSet> | null = null;

  const model: Model = {
    routes: Object.freeze(routes),
    groups,
    peers,
    policies: policyList ? Object.freeze(policyList) : null,
    postureChecks,
    schemaIssues: Object.freeze(issues),
    unknownValues: Object.freeze([...(raw.unknownValues ?? [])]),
    haSets: Object.freeze(haSets),
    // Few rules look sets up by key: the index waits for the first of them.
    get haSetByKey() {
      haSetIndex ??= new Map(haSets.map((s) => [s.key, s]));
      return haSetIndex;
    },
    routesLoc,
    has: (section: Section) => (section === 'groups' ? groups !== null : section === 'peers' ? peers !== null : section === 'policies' ? policyList !== null : postureList !== null),
    membersOf,
    // One frozen list per peer and per list of peer groups, shared by every route naming them: rules
    // ask for every route's routing peers, often several times, and may compare lists by identity.
    routingPeersOf(route) {
      // By route index (unique within a model): an array probe, where a map would hash on every call.
      // A route of another model (diff asks both) is answered, not cached.
      const own = routeAtIndex[route.index] === route;
      let cached = own ? routingPeerLists[route.index] : undefined;
      if (cached) return cached;
      if (route.peer !== '') {
        cached = plainPeerLists.get(route.peer);
        if (!cached) plainPeerLists.set(route.peer, (cached = Object.freeze([route.peer])));
      }
      else if (route.peerGroups.length === 0) cached = NO_STRINGS;
      else if (!groups && !peers) return null;
      else {
        const key = route.peerGroups.length === 1 ? route.peerGroups[0]! : route.peerGroups.join('\u0000');
        cached = groupPeerLists.get(key);
        if (!cached) groupPeerLists.set(key, (cached = Object.freeze(routingPeerIds(route, membersOf, 'peer-only'))));
      }
      if (own) routingPeerLists[route.index] = cached;
      return cached;
    },
    policyConnects,
    peerName: (id) => peers?.get(id)?.name || id,
    groupName: (id) => groups?.get(id)?.name || id,
  };
  return Object.freeze(model);
}
