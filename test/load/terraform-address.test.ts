import { describe, expect, it } from 'vitest';
import { addressText, canonicalAddress, parseAddress, parseSteps } from '../../src/load/terraform/address.js';
import { NETBIRD_TYPES } from '../../src/load/terraform/netbird.js';

describe('Terraform resource addresses', () => {
  const cases: [string, ReturnType<typeof parseAddress>][] = [
    ['netbird_route.lab', { module: [], mode: 'managed', type: 'netbird_route', name: 'lab', key: null }],
    ['netbird_route.lan[0]', { module: [], mode: 'managed', type: 'netbird_route', name: 'lan', key: 0 }],
    ['data.netbird_peer.gw', { module: [], mode: 'data', type: 'netbird_peer', name: 'gw', key: null }],
    ['module.office.netbird_route.lan["berlin"]', { module: [{ name: 'office', key: null }], mode: 'managed', type: 'netbird_route', name: 'lan', key: 'berlin' }],
    ['module.a["x.y"].module.b[2].data.netbird_group.g["]"]', { module: [{ name: 'a', key: 'x.y' }, { name: 'b', key: 2 }], mode: 'data', type: 'netbird_group', name: 'g', key: ']' }],
    ['netbird_route.lan["say \\"hi\\""]', { module: [], mode: 'managed', type: 'netbird_route', name: 'lan', key: 'say "hi"' }],
    ['netbird_route', null],
    ['netbird_route.lab.id', null],
    ['netbird_route.lab[01]', null],
    ['netbird_route.lab["open]', null],
    ['module.office', null],
    ['', null],
    ['a..b', null],
    ['a.b.', null],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => {
      const parsed = parseAddress(text);
      expect(parsed).toEqual(expected);
      if (parsed) expect(addressText(parsed)).toBe(text);
    });
  }

  it('compares differently written keys equal', () => {
    expect(canonicalAddress('netbird_route.lan["\\u0062erlin"]')).toBe('netbird_route.lan["berlin"]');
    expect(canonicalAddress('not an address')).toBe('not an address');
  });

  it('splits references into steps, keys included', () => {
    expect(parseSteps('netbird_group.team["a"].id')).toEqual([
      { kind: 'name', name: 'netbird_group' },
      { kind: 'name', name: 'team' },
      { kind: 'key', key: 'a' },
      { kind: 'name', name: 'id' },
    ]);
    expect(parseSteps('var.sites')).toEqual([
      { kind: 'name', name: 'var' },
      { kind: 'name', name: 'sites' },
    ]);
    expect(parseSteps('x[*]')).toBeNull();
  });
});

describe('NetBird provider objects in the API shape', () => {
  const toApi = (type: string, values: Record<string, unknown>) => NETBIRD_TYPES.get(type)!.toApi(values, `${type}.x`);

  it('a domain route gets the placeholder network and Domain type, and "" for no peer', () => {
    expect(toApi('netbird_route', { domains: ['a.example.com'], network: null, peer: null, peer_groups: ['g'], groups: ['d'], metric: 10, network_id: 'n' })).toMatchObject({
      domains: ['a.example.com'],
      network: '192.0.2.0/32',
      network_type: 'Domain',
      peer: '',
      peer_groups: ['g'],
      id: 'netbird_route.x',
    });
  });

  it('omits empty peer_groups and access_control_groups, as the API does', () => {
    const api = toApi('netbird_route', { network: 'fd00::/64', peer: 'p', peer_groups: [], access_control_groups: null, groups: ['d'] });
    expect(['peer_groups' in api, 'access_control_groups' in api, api.network_type]).toEqual([false, false, 'IPv6']);
  });

  it('derives a network resource type from its address as NetBird does', () => {
    const typeOf = (address: string) => toApi('netbird_network_resource', { address, name: 'r', groups: [], network_id: 'n' }).type;
    expect(['10.0.0.0/24', '10.0.0.7/32', '10.0.0.7', 'fd00::1', 'printer.example.com', '*.example.com'].map(typeOf)).toEqual(['subnet', 'host', 'host', 'host', 'domain', 'domain']);
  });

  it('maps policy rule blocks to the API rules, keeping ids and naming new ones by address', () => {
    const api = toApi('netbird_policy', { name: 'p', enabled: true, rule: [{ id: 'r1', sources: ['a'], destination_resource: { id: 'p1', type: 'peer' } }, { sources: null, destinations: ['b'] }] });
    expect(api.rules).toEqual([
      expect.objectContaining({ id: 'r1', sources: ['a'], destinations: null, destinationResource: { id: 'p1', type: 'peer' } }),
      expect.objectContaining({ id: 'netbird_policy.x.rule[1]', sources: null, destinations: ['b'] }),
    ]);
  });
});
