// --from-group: the answer for every member, members with identical outcomes together, the
// largest outcome first, then by first source name. Also the demo account end to end.
import { describe, expect, it } from 'vitest';
import { loadModelForSimulation } from '../../src/commands/simulate.js';
import { group, peer, policy, route, type Bundle } from '../support/api.js';
import { ask, askGroup, possiblePeers } from '../support/simulate.js';

const bundle: Bundle = {
  routes: [route({ id: 'r-eng', network: '10.0.0.0/24', network_id: 'eng-lan', peer: 'p-gw1', groups: ['g-eng'] })],
  groups: [
    group('g-all', 'All', ['p-a', 'p-b', 'p-c', 'p-gw1']),
    group('g-team', 'team', ['p-c', 'p-gw1', 'p-b', 'p-a']),
    group('g-eng', 'eng', ['p-a', 'p-b']),
    group('g-empty', 'empty', []),
  ],
  peers: ['p-a', 'p-b', 'p-c', 'p-gw1'].map((id, i) => peer({ id, ip: `100.64.0.${i + 1}` })),
  policies: [policy({ id: 'pol', sources: ['g-all'], destinations: ['g-all'] })],
};

describe('group queries', () => {
  it('groups members by outcome, the largest first, then by first source name', () => {
    const a = askGroup(bundle, 'g-team', { ip: '10.0.0.7' });
    expect(a.query.from_group).toEqual({ id: 'g-team', name: 'team' });
    expect(a.outcomes.map((o) => [o.sources.map((s) => s.id), o.disposition, o.peer?.id ?? null])).toEqual([
      [['p-a', 'p-b'], 'ROUTED', 'p-gw1'],
      [['p-c'], 'NO_ROUTE', null],
      [['p-gw1'], 'LOCAL', 'p-gw1'],
    ]);
  });

  it('gives each member the same outcome as a peer query', () => {
    const a = askGroup(bundle, 'g-team', { ip: '10.0.0.7' });
    for (const o of a.outcomes) {
      for (const s of o.sources) {
        const { query: _query, ...single } = ask(bundle, s.id, { ip: '10.0.0.7' });
        const { sources: _sources, ...grouped } = o;
        expect(grouped).toEqual(single);
      }
    }
  });

  it('keeps the outcome fields in the contract order', () => {
    const a = askGroup(bundle, 'g-team', { ip: '10.0.0.7' });
    expect(Object.keys(a)).toEqual(['query', 'outcomes']);
    expect(Object.keys(a.outcomes[0]!)).toEqual(['sources', 'disposition', 'peer', 'route', 'nondeterministic', 'drop_reason', 'access', 'candidates', 'trace', 'assumptions', 'assumption_ids']);
  });

  it('answers an empty group with no outcomes', () => {
    expect(askGroup(bundle, 'g-empty', { ip: '10.0.0.7' }).outcomes).toEqual([]);
  });
});

describe('the demo account', () => {
  const demo = loadModelForSimulation('fixtures/demo');
  const id = (name: string) => [...demo.peers!.values()].find((p) => p.name === name)!.id;

  it.each([
    ['laptop-anna', '10.20.1.7', 'ROUTED', ['gw-paris-1'], 'ctm0a1bb8c5s73dbre0g'],
    ['laptop-anna', '10.20.9.9', 'ROUTED', ['gw-berlin-1', 'gw-berlin-2'], null],
    ['laptop-chen', '10.20.1.7', 'ROUTED', ['gw-berlin-1', 'gw-berlin-2'], null],
    ['laptop-chen', '10.30.1.7', 'ROUTED', ['gw-berlin-1', 'gw-paris-1'], null],
    ['laptop-ben', '8.8.8.8', 'ROUTED', ['exit-eu-1'], 'ctm0a4bb8c5s73dbre20'],
    ['contractor-dave', '10.20.1.7', 'ROUTED', ['exit-eu-1'], 'ctm0a4bb8c5s73dbre20'],
    ['laptop-anna', '192.168.77.1', 'ROUTED', ['exit-eu-1'], 'ctm0a4bb8c5s73dbre20'],
    ['laptop-chen', '172.16.5.5', 'ROUTED', ['exit-eu-1'], 'ctm0a4bb8c5s73dbre20'],
    ['ci-runner-1', '10.20.1.7', 'NO_ROUTE', [], null],
    ['gw-berlin-1', '10.20.1.7', 'LOCAL', ['gw-berlin-1'], 'ctm0a0bb8c5s73dbre00'],
    ['gw-paris-1', '10.30.1.7', 'LOCAL', ['gw-paris-1'], 'ctm0a2bb8c5s73dbre10'],
  ] as const)('%s to %s: %s', (from, ip, disposition, peers, routeId) => {
    const a = ask(demo, id(from), { ip });
    expect(a.disposition).toBe(disposition);
    expect(possiblePeers(a).map((p) => demo.peerName(p)).sort()).toEqual([...peers]);
    expect(a.route?.id ?? null).toBe(routeId);
  });

  it('ops members get the Berlin LAN through the Paris lab only if they are engineers', () => {
    const a = askGroup(demo, 'cs3kq8jb8c5s73dbrb4g', { ip: '10.20.1.7', states: { [id('gw-berlin-2')]: 'down' } });
    expect(a.outcomes.map((o) => [o.sources.map((s) => s.name), o.peer?.name ?? null])).toEqual([
      [['laptop-anna', 'laptop-ben'], 'gw-paris-1'],
      [['contractor-dave'], 'exit-eu-1'],
      [['laptop-chen'], 'gw-berlin-1'],
    ]);
  });
});
