// bench/unseen.ts: the shapes screened by hand load as exports of the API's shape and have the trait
// each is there for, and the same seed gives the same account.
import { describe, expect, it } from 'vitest';
import { accountText } from '../../bench/generate.js';
import { generateUnseenAccount, UNSEEN_SHAPES } from '../../bench/unseen.js';
import type { Bundle } from '../support/api.js';
import { loadBundle } from '../support/model.js';

const ROUTES = 400;

describe('unseen shapes', () => {
  it.each(UNSEEN_SHAPES)('%s: loads with every route, reproducibly', (shape) => {
    const model = loadBundle(generateUnseenAccount(shape, ROUTES) as Bundle).model;
    expect(model.routes.length).toBe(ROUTES);
    expect(accountText(generateUnseenAccount(shape, ROUTES))).toBe(accountText(generateUnseenAccount(shape, ROUTES)));
  });

  it('has the trait each shape is there for', () => {
    const routesOf = (shape: (typeof UNSEEN_SHAPES)[number]) => loadBundle(generateUnseenAccount(shape, ROUTES) as Bundle).model;
    const domains = routesOf('domains');
    expect(domains.routes.filter((r) => r.kind === 'domain').length).toBe(domains.routes.filter((r) => r.network?.bits !== 0).length);
    const v6 = routesOf('v6');
    expect(v6.routes.every((r) => r.network?.family === 6)).toBe(true);
    expect([...v6.peers!.values()].every((p) => p.overlayV6 !== null)).toBe(true);
    const dupes = routesOf('dupes');
    expect(new Set(dupes.routes.map((r) => r.network!.text)).size).toBeLessThanOrEqual(501);
    const big = routesOf('bigroups');
    const groupsOfPeer = [...big.peers!.keys()].map((id) => [...big.groups!.keys()].filter((g) => big.membersOf(g).has(id)).length);
    expect(groupsOfPeer.every((n) => n === 13)).toBe(true);
  });
});
