import { describe, expect, it } from 'vitest';
import { exportFromText } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
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
