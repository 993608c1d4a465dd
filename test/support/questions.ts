// Questions of every kind about one account, as `simulate --batch` lines: from peers and groups, to
// an address inside each routed prefix, a name each domain route routes, a public and an unrouted
// address; with packets, exit nodes (one of the export's, or none) and routing peers' states.
import fc from 'fast-check';
import { domainProbe } from '../../src/analysis/probes.js';
import type { Model } from '../../src/model/types.js';
import { formatAddr } from '../../src/net/prefix.js';
import { directoriesOf } from '../../src/simulate/directory.js';

export type Question = Record<string, unknown>;

export function questionArbitrary(model: Model): fc.Arbitrary<Question> {
  const peers = [...model.peers!.values()].map((p) => p.name);
  const groups = [...model.groups!.values()].map((g) => g.name);
  const routing = [...new Set(model.routes.flatMap((r) => model.routingPeersOf(r) ?? []))].map((id) => model.peerName(id));
  const exits = directoriesOf(model).exitNetworkIds;
  const destinations: Question[] = [
    ...model.haSets.flatMap((s) => (s.network ? [{ ip: formatAddr({ family: s.network.family, value: s.network.start + (s.network.end > s.network.start ? 1n : 0n) }) }] : [])),
    ...model.haSets.flatMap((s) => (s.domains?.[0] ? [{ domain: domainProbe(s.domains[0]) }] : [])),
    { ip: '8.8.8.8' },
    { ip: '203.0.113.99' },
  ];
  const source = fc.oneof({ arbitrary: fc.constantFrom(...peers).map((p) => ({ from_peer: p })), weight: 4 }, { arbitrary: fc.constantFrom(...groups).map((g) => ({ from_group: g })), weight: 1 });
  const packet = fc.constantFrom<Question>({}, {}, {}, { protocol: 'tcp', port: 443 }, { protocol: 'udp', port: '53' }, { protocol: 'icmp' });
  const exit = exits.length === 0 ? fc.constant<Question>({}) : fc.constantFrom<Question>({}, {}, {}, { exit_node: 'none' }, ...exits.map((e) => ({ exit_node: e })));
  const states =
    routing.length === 0
      ? fc.constant<Question>({})
      : fc.oneof({ arbitrary: fc.constant<Question>({}), weight: 2 }, { arbitrary: fc.tuple(fc.constantFrom(...routing), fc.constantFrom('connecting', 'idle')).map(([p, s]) => ({ peer_states: { [p]: s } })), weight: 1 });
  return fc.tuple(fc.constantFrom(...destinations), source, packet, exit, states).map((parts) => Object.assign({}, ...parts) as Question);
}
