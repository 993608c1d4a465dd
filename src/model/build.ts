// Builds the frozen account model from the raw sections of one export.
import { DOMAIN_PLACEHOLDER, domainListKey } from '../net/domain.js';
import { parseAddr, parsePrefix, type Addr } from '../net/prefix.js';
import { type RawExport, type RawSection, typeName } from '../load/raw.js';
import { networkResourceRoutes } from './networks.js';
import { policyPostureOf } from './posture.js';
import { FieldReader, isObject, presentKeysOf } from './validate.js';
import type { JsonPath, SourceFile } from '../load/source.js';
import type { Group, HaSet, Loc, MinVersion, Model, Peer, Policy, PolicyRule, PolicySide, PortRange, PostureCheck, PostureChecks, Route, RouteKind, SchemaIssue, Section } from './types.js';
import { routingPeerIds } from './routing-peers.js';
import { buildMemberships } from './memberships.js';

/** The HA set key; domains compared as NetBird stores them (lower-case punycode, in order). */
export function haKeyOf(networkId: string, network: string, domains: readonly string[] | null): string {
  return domains && domains.length > 0 ? `${networkId}|${domainListKey(domains)}` : `${networkId}|${network}`;
}

/** Reads each object of a section with `read`; objects with the wrong shape become issues and are left out. */
/**
 * `plain`, when given, reads an object whose fields all have their usual types (null when one has
 * not: `read` then reads it and says which); not used for converted (Terraform) elements.
 */
function readSection<T>(
  section: RawSection | undefined,
  what: string,
  issues: SchemaIssue[],
  read: (r: FieldReader, index: number) => T,
  plain?: (item: Record<string, unknown>, file: SourceFile, path: JsonPath, index: number) => T | null,
): T[] | null {
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
    if (plain && !origin) {
      const value = plain(item, section.file, path, index);
      if (value !== null) {
        out.push(value);
        continue;
      }
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

/** A route's fields as the API types them, missing ones already given their defaults. */
interface RouteFields {
  readonly id: string;
  readonly network: string;
  readonly network_id: string;
  readonly network_type: string;
  readonly peer: string;
  readonly description: string;
  readonly domains: readonly string[] | null;
  readonly peer_groups: readonly string[];
  readonly groups: readonly string[];
  readonly access_control_groups: readonly string[];
  readonly metric: number;
  readonly masquerade: boolean;
  readonly enabled: boolean;
  readonly keep_route: boolean;
  readonly skip_auto_apply: boolean;
}

function readRoute(r: FieldReader, index: number): Route {
  // Read in this order, which is the order of their issues.
  const domains = r.nullableStrings('domains');
  const network = r.string('network');
  const fields: RouteFields = {
    domains,
    network,
    network_id: r.string('network_id'),
    id: r.string('id'),
    network_type: r.string('network_type'),
    peer: r.string('peer'),
    peer_groups: r.strings('peer_groups'),
    groups: r.strings('groups'),
    access_control_groups: r.strings('access_control_groups'),
    metric: r.integer('metric'),
    masquerade: r.boolean('masquerade'),
    enabled: r.boolean('enabled'),
    keep_route: r.boolean('keep_route'),
    skip_auto_apply: r.boolean('skip_auto_apply'),
    description: r.string('description'),
  };
  return routeFrom(fields, index, r.loc(), r.present);
}

const isText = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string';
const isSwitch = (v: unknown): boolean => v === undefined || v === null || typeof v === 'boolean';

function isTextList(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

/**
 * A route whose every field has the type the API gives it (or is missing or null), read straight
 * from the object: what readRoute makes of it, without a FieldReader probing each field by name.
 * Null when some field is of the wrong type: readRoute then says which.
 */
function plainRoute(o: Record<string, unknown>, file: SourceFile, path: JsonPath, index: number): Route | null {
  const metric = o.metric;
  if (
    !(isText(o.id) && isText(o.network) && isText(o.network_id) && isText(o.network_type) && isText(o.peer) && isText(o.description)) ||
    !(isSwitch(o.masquerade) && isSwitch(o.enabled) && isSwitch(o.keep_route) && isSwitch(o.skip_auto_apply)) ||
    !(metric === undefined || metric === null || (typeof metric === 'number' && Number.isInteger(metric))) ||
    !(isTextList(o.domains) && isTextList(o.peer_groups) && isTextList(o.groups) && isTextList(o.access_control_groups))
  ) {
    return null;
  }
  const text = (v: unknown): string => (v === undefined || v === null ? '' : (v as string));
  const list = (v: unknown): readonly string[] => (v === undefined || v === null ? NO_STRINGS : (v as string[]));
  const fields: RouteFields = {
    id: text(o.id),
    network: text(o.network),
    network_id: text(o.network_id),
    network_type: text(o.network_type),
    peer: text(o.peer),
    description: text(o.description),
    domains: o.domains === undefined || o.domains === null ? null : [...(o.domains as string[])],
    peer_groups: list(o.peer_groups),
    groups: list(o.groups),
    access_control_groups: list(o.access_control_groups),
    metric: metric === undefined || metric === null ? 0 : (metric as number),
    masquerade: o.masquerade === true,
    enabled: o.enabled === true,
    keep_route: o.keep_route === true,
    skip_auto_apply: o.skip_auto_apply === true,
  };
  return routeFrom(fields, index, { file, path }, presentKeysOf(o));
}

/** Copied: the model never shares a list with the raw export. */
function copiedList(list: readonly string[]): readonly string[] {
  return list.length === 0 ? NO_STRINGS : Object.freeze(list.slice());
}

function routeFrom(f: RouteFields, index: number, loc: Loc, present: ReadonlySet<string>): Route {
  const { domains, network: networkText, network_id: networkId } = f;
  const hasDomains = domains !== null && domains.length > 0;
  const hasNetwork = networkText !== '' && !(hasDomains && networkText === DOMAIN_PLACEHOLDER);
  const kind: RouteKind = hasDomains ? (hasNetwork ? 'both' : 'domain') : hasNetwork ? 'network' : 'none';
  const parsed = kind === 'network' || kind === 'both' ? parsePrefix(networkText) : null;
  const network = parsed?.ok ? parsed.value.prefix : null;
  return Object.freeze({
    id: f.id,
    index,
    loc,
    networkId,
    networkText,
    network,
    networkHadHostBits: parsed?.ok ? parsed.value.hadHostBits : false,
    domains,
    kind,
    networkType: f.network_type,
    peer: f.peer,
    peerGroups: copiedList(f.peer_groups),
    groups: copiedList(f.groups),
    accessControlGroups: copiedList(f.access_control_groups),
    metric: f.metric,
    masquerade: f.masquerade,
    enabled: f.enabled,
    keepRoute: f.keep_route,
    skipAutoApply: f.skip_auto_apply,
    description: f.description,
    haKey: haKeyOf(networkId, network?.text ?? networkText, domains),
    present,
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

/** A peer's fields as the API types them, missing ones already given their defaults. */
interface PeerFields {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly ipv6: string;
  readonly dns_label: string;
  readonly os: string;
  readonly version: string;
  readonly kernel_version: string;
  readonly country_code: string;
  readonly city_name: string;
  readonly connection_ip: string;
  readonly connected: boolean;
  readonly login_expired: boolean;
  readonly approval_required: boolean;
  readonly groups: readonly string[];
  readonly local_flags: Record<string, unknown> | null;
}

function readPeer(r: FieldReader): Peer {
  // Read in this order, which is the order of their issues.
  const flags = r.object('local_flags');
  const ip = r.string('ip');
  const ipv6 = r.string('ipv6');
  const fields: PeerFields = {
    local_flags: flags,
    ip,
    ipv6,
    id: r.string('id'),
    name: r.string('name'),
    dns_label: r.string('dns_label'),
    connected: r.boolean('connected'),
    login_expired: r.boolean('login_expired'),
    os: r.string('os'),
    groups: r.refs('groups'),
    approval_required: r.boolean('approval_required'),
    version: r.string('version'),
    kernel_version: r.string('kernel_version'),
    country_code: r.string('country_code'),
    city_name: r.string('city_name'),
    connection_ip: r.string('connection_ip'),
  };
  return peerFrom(fields, r.loc());
}

/** Group references as ids (`[{id, name}]` or `["id"]`); null when one is neither. */
function plainRefs(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return null;
  const out: string[] = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item === 'string') out[i] = item;
    else if (isObject(item) && typeof item.id === 'string') out[i] = item.id;
    else return null;
  }
  return out;
}

/** A peer whose every field has its API type, read straight from the object (see plainRoute); null otherwise. */
function plainPeer(o: Record<string, unknown>, file: SourceFile, path: JsonPath): Peer | null {
  const flags = o.local_flags;
  const groups = plainRefs(o.groups);
  if (
    groups === null ||
    !(flags === undefined || flags === null || isObject(flags)) ||
    !(isText(o.id) && isText(o.name) && isText(o.ip) && isText(o.ipv6) && isText(o.dns_label) && isText(o.os)) ||
    !(isText(o.version) && isText(o.kernel_version) && isText(o.country_code) && isText(o.city_name) && isText(o.connection_ip)) ||
    !(isSwitch(o.connected) && isSwitch(o.login_expired) && isSwitch(o.approval_required))
  ) {
    return null;
  }
  const text = (v: unknown): string => (v === undefined || v === null ? '' : (v as string));
  const fields: PeerFields = {
    local_flags: flags === undefined || flags === null ? null : (flags as Record<string, unknown>),
    ip: text(o.ip),
    ipv6: text(o.ipv6),
    id: text(o.id),
    name: text(o.name),
    dns_label: text(o.dns_label),
    connected: o.connected === true,
    login_expired: o.login_expired === true,
    os: text(o.os),
    groups,
    approval_required: o.approval_required === true,
    version: text(o.version),
    kernel_version: text(o.kernel_version),
    country_code: text(o.country_code),
    city_name: text(o.city_name),
    connection_ip: text(o.connection_ip),
  };
  return peerFrom(fields, { file, path });
}

function peerFrom(f: PeerFields, loc: Loc): Peer {
  const flags = f.local_flags;
  const ipv6 = f.ipv6 || null;
  return Object.freeze({
    id: f.id,
    name: f.name,
    ip: f.ip,
    ipv6,
    overlayV4: addrOfFamily(f.ip, 4),
    overlayV6: addrOfFamily(ipv6, 6),
    dnsLabel: f.dns_label,
    connected: f.connected,
    loginExpired: f.login_expired,
    os: f.os,
    groupIds: Object.freeze(f.groups as string[]),
    disableServerRoutes: flagOf(flags, 'disable_server_routes'),
    disableClientRoutes: flagOf(flags, 'disable_client_routes'),
    blockInbound: flagOf(flags, 'block_inbound'),
    blockLanAccess: flagOf(flags, 'block_lan_access'),
    disableFirewall: flagOf(flags, 'disable_firewall'),
    approvalRequired: f.approval_required,
    version: f.version,
    kernelVersion: f.kernel_version,
    countryCode: f.country_code,
    cityName: f.city_name,
    connectionIp: f.connection_ip,
    loc,
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
  const routes = readSection(raw.sections.routes, 'routes', issues, readRoute, plainRoute) ?? [];
  const groupList = readSection(raw.sections.groups, 'groups', issues, readGroup);
  const peerList = readSection(raw.sections.peers, 'peers', issues, readPeer, plainPeer);
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

  // Memberships by number, once: `membersOf` makes a group's set of ids from them on first use.
  const { memberships, membersOf } = buildMemberships(groupList, peerList, groups, peers);

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
  for (let i = 0; i < routes.length; i++) routeAtIndex[routes[i]!.index] = routes[i]!;
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
    memberships,
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
        if (!cached) {
          // Groups one of which holds every other's members (All and another) serve that group's
          // members: its list, not a copy sorted again for every such list of groups.
          const widest = route.peerGroups.length > 1 ? groupHoldingTheOthers(route.peerGroups, membersOf) : null;
          if (widest !== null) {
            cached = groupPeerLists.get(widest);
            if (!cached) groupPeerLists.set(widest, (cached = Object.freeze(routingPeerIds({ ...route, peerGroups: [widest] }, membersOf, 'peer-only'))));
          } else cached = Object.freeze(routingPeerIds(route, membersOf, 'peer-only'));
          groupPeerLists.set(key, cached);
        }
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

/** The group of `groupIds` whose members include every other's (the first such), or null. */
function groupHoldingTheOthers(groupIds: readonly string[], membersOf: (groupId: string) => ReadonlySet<string>): string | null {
  let widest = groupIds[0]!;
  for (const g of groupIds) if (membersOf(g).size > membersOf(widest).size) widest = g;
  const all = membersOf(widest);
  for (const g of groupIds) if (g !== widest) for (const p of membersOf(g)) if (!all.has(p)) return null;
  return widest;
}

/** The two ways of reading a route or a peer, for the test that checks they agree. */
export const objectReaders = Object.freeze({ readRoute, plainRoute, readPeer, plainPeer });
