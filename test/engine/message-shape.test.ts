import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import { lintBundle } from '../support/ruleTester.js';
import { route } from '../support/api.js';

// A rule reporting a finding with every optional member and one with none of them.
const probe = defineRule<'full' | 'bare', Record<string, never>>({
  id: 'probe',
  type: 'problem',
  description: 'test rule',
  severity: 'warn',
  messages: { full: 'route {{id}} in {{n}}', bare: 'nothing' },
  explanations: { full: 'why {{id}}', bare: 'why nothing' },
  check({ model, report }) {
    const [a, b] = model.routes;
    report({ messageId: 'full', route: a!, field: 'metric', data: { id: a!.id, n: 2 }, related: [b!, a!], relatedExcept: a!, facts: ['f'] });
    report({ messageId: 'bare', at: model.routesLoc });
  },
});

describe('lint messages', () => {
  it('write their members in one order and leave out the absent ones', () => {
    const { messages } = lintBundle(probe, { routes: [route({ id: 'r1' }), route({ id: 'r2' })] });
    const full = messages.find((m) => m.messageId === 'full')!;
    const bare = messages.find((m) => m.messageId === 'bare')!;
    expect(Object.keys(JSON.parse(JSON.stringify(full)))).toEqual(['ruleId', 'severity', 'message', 'messageId', 'explanation', 'line', 'column', 'path', 'routeId', 'relatedRouteIds', 'data', 'facts']);
    expect(JSON.parse(JSON.stringify(full))).toMatchObject({ message: 'route r1 in 2', explanation: 'why r1', path: 'routes[0].metric', routeId: 'r1', relatedRouteIds: ['r2'], data: { id: 'r1', n: 2 }, facts: ['f'] });
    expect(Object.keys(JSON.parse(JSON.stringify(bare)))).toEqual(['ruleId', 'severity', 'message', 'messageId', 'explanation', 'line', 'column', 'path']);
  });
});
