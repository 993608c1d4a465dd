// The Networks API (networks, their routers and their resources) turned into routes, as NetBird's
// management server does when it builds a peer's network map (docs/netbird-behaviour.md §1 "Networks API"): every
// enabled resource becomes, for every enabled router of its network, a route named after the
// resource, with keep_route on, the router's metric, masquerade and routing peers, and always
// access-controlled. The routes come out in the shape GET /api/routes has, so the model reads them
// with the same reader as exported routes.
import { DOMAIN_PLACEHOLDER } from '../net/domain.js';
import { resourceTarget, type ResourceTarget } from '../net/resource-address.js';
import { typeName, type Loc, type RawExport, type RawSection } from '../load/raw.js';
import type { NetworkResourceOrigin, Policy, SchemaIssue } from './types.js';
import { FieldReader, isObject } from './validate.js';

/** A route generated from one resource and one router, before validation into the model. */
export interface GeneratedRoute {
  /** The route as GET /api/routes would show it, keys in the server's order. */
  readonly value: Record<string, unknown>;
  /** The resource object: findings about the route land there. */
  readonly loc: Loc;
  /** Names the route in schema issues, e.g. `network_resources[2]`. */
  readonly what: string;
  readonly origin: NetworkResourceOrigin;
}

interface NetworkRecord {
  readonly id: string;
  readonly routerIds: readonly string[];
  readonly resourceIds: readonly string[];
}

interface RouterRecord {
  readonly id: string;
  /** From the router's own `network_id` when it has one, else from the network listing it. */
  readonly networkId: string;
  readonly peer: string;
  readonly peerGroups: readonly string[];
  /** Null when the router has no metric (the route then has none either). */
  readonly metric: number | null;
  readonly masquerade: boolean | null;
  readonly enabled: boolean;
}

interface ResourceRecord {
  readonly id: string;
  readonly networkId: string;
  readonly name: string;
  readonly description: string;
  readonly target: ResourceTarget;
  readonly groupIds: readonly string[];
  readonly enabled: boolean;
  readonly loc: Loc;
  readonly index: number;
}

/** Reads each object of a section; wrong shapes become issues and the object is left out. */
function readObjects<T>(section: RawSection | undefined, what: string, issues: SchemaIssue[], read: (r: FieldReader, index: number) => T | null): T[] {
  if (!section) return [];
  if (!Array.isArray(section.value)) {
    issues.push({ loc: { file: section.file, path: section.path }, what, expected: 'an array', actual: typeName(section.value) });
    return [];
  }
  const out: T[] = [];
  section.value.forEach((item, index) => {
    const path = [...section.path, index];
    if (!isObject(item)) {
      issues.push({ loc: { file: section.file, path }, what: `${what}[${index}]`, expected: 'an object', actual: typeName(item) });
      return;
    }
    const reader = new FieldReader(item, section.file, path, `${what}[${index}]`);
    const value = read(reader, index);
    if (reader.issues.length > 0) issues.push(...reader.issues);
    else if (value !== null) out.push(value);
  });
  return out;
}

/** Map from member id to the id of the network listing it (first listing wins). */
function ownerIndex(networks: readonly NetworkRecord[], members: (n: NetworkRecord) => readonly string[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const network of networks) for (const id of members(network)) if (!owner.has(id)) owner.set(id, network.id);
  return owner;
}

/** Groups holding each resource, from the groups' own `resources` lists (what NetBird consults). */
function resourceGroupsFromGroups(section: RawSection | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!section || !Array.isArray(section.value)) return out;
  for (const group of section.value) {
    if (!isObject(group) || typeof group.id !== 'string' || !Array.isArray(group.resources)) continue;
    for (const item of group.resources) {
      const id = typeof item === 'string' ? item : isObject(item) && typeof item.id === 'string' ? item.id : null;
      if (id === null) continue;
      const list = out.get(id);
      if (list) list.push(group.id);
      else out.set(id, [group.id]);
    }
  }
  return out;
}

/** Who a policy hands a resource's routes to: NetBird takes the first rule's peer source, else every rule's source groups. */
interface PolicyAudience {
  readonly id: string;
  readonly groupIds: readonly string[];
  readonly peerIds: readonly string[];
}

/** Enabled policies indexed by what their enabled rules target: a group, or a resource named directly. */
class ResourcePolicyIndex {
  private readonly byGroup = new Map<string, PolicyAudience[]>();
  private readonly byResource = new Map<string, PolicyAudience[]>();

  constructor(policies: readonly Policy[], section: RawSection | undefined) {
    const rawPolicies = section && Array.isArray(section.value) ? section.value : [];
    for (const policy of policies) {
      if (!policy.enabled) continue;
      const raw = rawPolicies[policy.loc.path[policy.loc.path.length - 1] as number];
      const rawRules = isObject(raw) && Array.isArray(raw.rules) ? raw.rules : [];
      const first = policy.rules[0];
      const audience: PolicyAudience =
        first && first.sources.peerIds.length > 0
          ? { id: policy.id, groupIds: [], peerIds: first.sources.peerIds }
          : { id: policy.id, groupIds: [...new Set(policy.rules.flatMap((r) => r.sources.groupIds))], peerIds: [] };
      policy.rules.forEach((rule, i) => {
        if (!rule.enabled) return;
        for (const g of rule.destinations.groupIds) add(this.byGroup, g, audience);
        const target = isObject(rawRules[i]) ? rawRules[i].destinationResource : undefined;
        if (isObject(target) && typeof target.id === 'string' && target.id !== '') add(this.byResource, target.id, audience);
      });
    }
  }

  /** Policies applying to a resource, each once. */
  applying(resourceId: string, groupIds: readonly string[]): PolicyAudience[] {
    const found = new Map<string, PolicyAudience>();
    for (const a of this.byResource.get(resourceId) ?? []) found.set(a.id, a);
    for (const g of groupIds) for (const a of this.byGroup.get(g) ?? []) found.set(a.id, a);
    return [...found.values()];
  }
}

function add<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The routes NetBird derives from the export's Networks API sections, in resource order and, for each
 * resource, in router order. Objects of the wrong shape become `issues`. `policies` are the validated
 * policies (null when the export has none: the routes then reach nobody).
 */
export function networkResourceRoutes(raw: RawExport, policies: readonly Policy[] | null, issues: SchemaIssue[]): GeneratedRoute[] {
  const { networks: networksSection, network_routers: routersSection, network_resources: resourcesSection } = raw.sections;
  if (!resourcesSection) return [];

  const networks = readObjects(networksSection, 'networks', issues, (r) => ({ id: r.string('id'), routerIds: r.strings('routers'), resourceIds: r.strings('resources') }));
  const routerOwner = ownerIndex(networks, (n) => n.routerIds);
  const resourceOwner = ownerIndex(networks, (n) => n.resourceIds);

  const routers = readObjects<RouterRecord>(routersSection, 'network_routers', issues, (r) => {
    const id = r.string('id');
    return {
      id,
      networkId: r.string('network_id') || routerOwner.get(id) || '',
      peer: r.string('peer'),
      peerGroups: r.strings('peer_groups'),
      metric: r.present.has('metric') && r.obj.metric !== null ? r.integer('metric') : null,
      masquerade: r.present.has('masquerade') && r.obj.masquerade !== null ? r.boolean('masquerade') : null,
      enabled: r.boolean('enabled'),
    };
  });
  const routersByNetwork = new Map<string, RouterRecord[]>();
  for (const router of routers) if (router.enabled && router.networkId !== '') add(routersByNetwork, router.networkId, router);

  const groupsHolding = resourceGroupsFromGroups(raw.sections.groups);
  const resources = readObjects<ResourceRecord>(resourcesSection, 'network_resources', issues, (r, index) => {
    const id = r.string('id');
    const address = r.string('address');
    const target = resourceTarget(address);
    if (!target) {
      r.issues.push({ loc: r.loc('address'), what: `${r.what}.address`, expected: 'a host address, a prefix or a domain name', actual: JSON.stringify(address) });
      return null;
    }
    return {
      id,
      networkId: r.string('network_id') || resourceOwner.get(id) || '',
      name: r.string('name'),
      description: r.string('description'),
      target,
      groupIds: sorted([...r.refs('groups'), ...(groupsHolding.get(id) ?? [])]),
      enabled: r.boolean('enabled'),
      loc: r.loc(),
      index,
    };
  });

  const policyIndex = new ResourcePolicyIndex(policies ?? [], raw.sections.policies);
  const out: GeneratedRoute[] = [];
  for (const resource of resources) {
    if (!resource.enabled) continue;
    const applying = policyIndex.applying(resource.id, resource.groupIds);
    const groups = sorted(applying.flatMap((a) => a.groupIds));
    const sourcePeerIds = sorted(applying.flatMap((a) => a.peerIds));
    const policyIds = sorted(applying.map((a) => a.id));
    for (const router of routersByNetwork.get(resource.networkId) ?? []) {
      out.push({
        value: routeValue(resource, router, groups),
        loc: resource.loc,
        what: `network_resources[${resource.index}]`,
        origin: Object.freeze({ networkId: resource.networkId, resourceId: resource.id, routerId: router.id, policyIds: Object.freeze(policyIds), sourcePeerIds: Object.freeze(sourcePeerIds) }),
      });
    }
  }
  return out;
}

/** The route NetBird's NetworkResource.ToRoute builds, in GET /api/routes shape (empty lists omitted, as the API does). */
function routeValue(resource: ResourceRecord, router: RouterRecord, groups: readonly string[]): Record<string, unknown> {
  const target = resource.target;
  return {
    ...(resource.groupIds.length > 0 ? { access_control_groups: [...resource.groupIds] } : {}),
    description: resource.description,
    domains: target.kind === 'domain' ? [target.domain] : null,
    enabled: true,
    groups: [...groups],
    id: `${resource.id}:${router.id}`,
    keep_route: true,
    ...(router.masquerade !== null ? { masquerade: router.masquerade } : {}),
    ...(router.metric !== null ? { metric: router.metric } : {}),
    network: target.kind === 'domain' ? DOMAIN_PLACEHOLDER : target.network,
    network_id: resource.name,
    network_type: target.kind === 'domain' ? 'Domain' : target.networkType,
    peer: router.peer,
    ...(router.peerGroups.length > 0 ? { peer_groups: [...router.peerGroups] } : {}),
    skip_auto_apply: false,
  };
}
