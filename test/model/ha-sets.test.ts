import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportFromText } from '../../src/load/export.js';
import { buildModel, haKeyOf } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';
import { route } from '../support/api.js';

const setsOf = (routes: ReturnType<typeof route>[]) => buildModel(exportFromText('routes.json', JSON.stringify(routes)))!.haSets.map((s) => [s.key, s.routes.map((r) => r.id)]);

describe('HA sets', () => {
  it.each([
    ['the same network_id and prefix: one set', [route({ id: 'a', network_id: 'n', network: '10.0.0.0/16' }), route({ id: 'b', network_id: 'n', network: '10.0.0.0/16', peer: 'p2' })], [['n|10.0.0.0/16', ['a', 'b']]]],
    ['host bits cleared before comparing', [route({ id: 'a', network_id: 'n', network: '10.0.0.0/16' }), route({ id: 'b', network_id: 'n', network: '10.0.9.9/16', peer: 'p2' })], [['n|10.0.0.0/16', ['a', 'b']]]],
    ['another network_id: another set', [route({ id: 'a', network_id: 'n', network: '10.0.0.0/16' }), route({ id: 'b', network_id: 'm', network: '10.0.0.0/16' })], [['m|10.0.0.0/16', ['b']], ['n|10.0.0.0/16', ['a']]]],
    ['domains as NetBird stores them: unicode and punycode alike', [route({ id: 'a', network_id: 'n', domains: ['Bücher.example'] }), route({ id: 'b', network_id: 'n', domains: ['xn--bcher-kva.example'], peer: 'p2' })], [['n|xn--bcher-kva.example', ['a', 'b']]]],
    ['domain order matters', [route({ id: 'a', network_id: 'n', domains: ['a.example', 'b.example'] }), route({ id: 'b', network_id: 'n', domains: ['b.example', 'a.example'] })], [['n|a.example,b.example', ['a']], ['n|b.example,a.example', ['b']]]],
  ])('%s', (_, routes, expected) => {
    expect(setsOf(routes)).toEqual(expected);
  });
});

describe('HA sets, as NetBird groups routes', () => {
  // The reference: routes grouped by key in export order, sets ordered by key (UTF-16 code units).
  const referenceSets = (model: Model) => {
    const byKey = new Map<string, string[]>();
    for (const r of model.routes) {
      if (!(r.kind === 'domain' || (r.kind === 'network' && r.network))) continue;
      const key = haKeyOf(r.networkId, r.network?.text ?? r.networkText, r.domains);
      byKey.set(key, [...(byKey.get(key) ?? []), r.id]);
    }
    return [...byKey.keys()].sort().map((key) => [key, byKey.get(key)!]);
  };
  const input = fc.array(
    fc.record({
      networkId: fc.constantFrom('n', 'm', 'n-1', 'ü', '\u{1F600}', 'N'),
      target: fc.oneof(fc.constantFrom('10.0.0.0/16', '10.0.9.9/16', '10.1.0.0/24', '0.0.0.0/0', 'fd00::/64', 'not-a-prefix', ''), fc.constantFrom(['a.example'], ['b.example', 'a.example'], ['A.example'])),
    }),
    { maxLength: 40 },
  );

  it('are the routes grouped by key in export order, sets sorted by key', () => {
    fc.assert(
      fc.property(input, (specs) => {
        const routes = specs.map((s, i) => (typeof s.target === 'string' ? route({ id: `r${i}`, network_id: s.networkId, network: s.target }) : route({ id: `r${i}`, network_id: s.networkId, domains: s.target })));
        const model = buildModel(exportFromText('routes.json', JSON.stringify(routes)))!;
        expect(model.haSets.map((s) => [s.key, s.routes.map((r) => r.id)])).toEqual(referenceSets(model));
      }),
    );
  });
});
