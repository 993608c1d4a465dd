// How a question names a peer or a group: id, name, DNS name, its first label, overlay address,
// then name ignoring case; an unknown one gets the nearest names (src/suggest.ts).
import { describe, expect, it } from 'vitest';
import { directoriesOf } from '../../src/simulate/directory.js';
import { group, peer, route } from '../support/api.js';
import { modelOf } from '../support/model.js';

const withDns = (input: Parameters<typeof peer>[0], dns: string) => ({ ...peer(input), dns_label: dns });

const model = modelOf({
  routes: [route({ id: 'r1', peer: 'p-gw' })],
  groups: [group('g-all', 'All', ['p-gw', 'p-alice', 'p-mac'])],
  peers: [
    peer({ id: 'p-gw', name: 'gw-1', ip: '100.80.0.1', ipv6: 'fd00::1' }),
    withDns({ id: 'p-alice', name: "Alice's MacBook", ip: '100.80.10.1' }, 'alice-mbp.netbird.cloud'),
    // Named as Alice's DNS label: a name wins over another peer's label.
    withDns({ id: 'p-mac', name: 'alice-mbp', ip: '100.80.10.2' }, 'shared-mac.netbird.cloud'),
  ],
});
const { peers, groups } = directoriesOf(model);

describe('peer and group references', () => {
  it.each([
    ['an id', 'p-gw', 'p-gw'],
    ['a name', 'gw-1', 'p-gw'],
    ['a name in another case', 'GW-1', 'p-gw'],
    ['a DNS name', 'alice-mbp.netbird.cloud', 'p-alice'],
    ['a DNS name whose first label is another peer name', 'alice-mbp', 'p-mac'],
    ['the first label of a DNS name', 'shared-mac', 'p-mac'],
    ['an overlay IPv4', '100.80.10.1', 'p-alice'],
    ['an overlay IPv6, in any spelling', 'FD00:0:0::1', 'p-gw'],
  ])('finds a peer by %s', (_what, ref, id) => {
    expect(peers.resolve(ref, '--from-peer')).toBe(id);
  });

  it('suggests the nearest names of an unknown peer or group', () => {
    expect(peers.resolve('gw-2', '--down')).toEqual({ unknown: expect.stringContaining('did you mean "gw-1"?') });
    expect(peers.resolve('100.80.0.9', '--from-peer')).toEqual({ unknown: expect.stringContaining('did you mean "100.80.0.1"?') });
    expect(groups.resolve('al', '--from-group')).toEqual({ unknown: expect.stringContaining('did you mean "All"?') });
  });

  it('takes an address only as an overlay address', () => {
    expect(peers.resolve('100.80.0.3', '--from-peer')).toEqual({ unknown: expect.stringContaining('no peer has this') });
  });
});
