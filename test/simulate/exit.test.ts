// Exit nodes (docs/netbird-behaviour.md §6): at most one active; the user's selection, else the lexicographically
// smallest network_id among auto-applied ones, whatever the metrics; skip_auto_apply honoured.
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/order.js';
import { group, peer, policy, route, type Bundle, type RouteInput } from '../support/api.js';
import { ask, reasons, steps } from '../support/simulate.js';

function account(routes: RouteInput[]): Bundle {
  return {
    routes: routes.map((r) => route({ groups: ['g-src'], network: '0.0.0.0/0', ...r })),
    groups: [group('g-all', 'All', ['p-src', 'p-e1', 'p-e2', 'p-e3']), group('g-src', 'sources', ['p-src']), group('g-other', 'others', []), group('g-exit', 'exits', ['p-e1', 'p-e2', 'p-e3'])],
    peers: [peer({ id: 'p-src', ip: '100.64.0.10', ipv6: 'fd00:aaaa::10' }), peer({ id: 'p-e1', ip: '100.64.0.1' }), peer({ id: 'p-e2', ip: '100.64.0.2' }), peer({ id: 'p-e3', ip: '100.64.0.3' })],
    policies: [policy({ id: 'pol', sources: ['g-src'], destinations: ['g-exit'] })],
  };
}

const exitB: RouteInput = { id: 'r-b', network_id: 'exit-b', peer: 'p-e1', metric: 1 };
const exitA: RouteInput = { id: 'r-a', network_id: 'exit-a', peer: 'p-e2', metric: 9000 };

describe('exit nodes', () => {
  it('auto-applies the lexicographically smallest network_id, whatever the metrics', () => {
    const a = ask(account([exitB, exitA]), 'p-src', { ip: '8.8.8.8' });
    expect([a.peer?.id, a.route?.id, a.nondeterministic]).toEqual(['p-e2', 'r-a', false]);
    expect(steps(a)).toContain('exit-node');
    expect(reasons(a)).toEqual(['p-e2@r-a:selected', 'p-e1@r-b:exit-node-inactive']);
  });

  it("states the automatic pick as a fresh client's (§6), and --exit-node none applies no exit node", () => {
    const auto = ask(account([exitB, exitA]), 'p-src', { ip: '8.8.8.8' });
    expect(auto.assumption_ids).toContain('exit-node-fresh-client');
    const none = ask(account([exitB, exitA]), 'p-src', { ip: '8.8.8.8', exitNode: '' });
    expect([none.disposition, none.assumption_ids.includes('exit-node-fresh-client'), [...new Set(none.candidates.map((c) => c.reason))]]).toEqual(['NO_ROUTE', false, ['exit-node-inactive']]);
  });

  it('skips exit nodes whose routes all have skip_auto_apply', () => {
    const a = ask(account([exitB, { ...exitA, skip_auto_apply: true }]), 'p-src', { ip: '8.8.8.8' });
    expect(a.route?.id).toBe('r-b');
  });

  it('auto-applies an exit set with at least one auto-apply route, and then uses all its routes', () => {
    const a = ask(account([exitB, { ...exitA, skip_auto_apply: true, metric: 1 }, { id: 'r-a2', network_id: 'exit-a', peer: 'p-e3', metric: 500 }]), 'p-src', { ip: '8.8.8.8' });
    expect([a.peer?.id, a.route?.id]).toEqual(['p-e2', 'r-a']);
    // The whole set is used, its skip_auto_apply route too: said so, only where the applied set has one.
    expect(a.assumption_ids).toContain('exit-node-whole-set');
    expect(ask(account([exitB, exitA, { id: 'r-a2', network_id: 'exit-a', peer: 'p-e3', metric: 500 }]), 'p-src', { ip: '8.8.8.8' }).assumption_ids).not.toContain('exit-node-whole-set');
    expect(ask(account([{ ...exitB, skip_auto_apply: true }, exitA]), 'p-src', { ip: '8.8.8.8' }).assumption_ids).not.toContain('exit-node-whole-set');
  });

  it('leaves every exit node off when all skip auto-apply and the user selected none', () => {
    const a = ask(account([{ ...exitB, skip_auto_apply: true }, { ...exitA, skip_auto_apply: true }]), 'p-src', { ip: '8.8.8.8' });
    expect(a.disposition).toBe('NO_ROUTE');
    expect(reasons(a)).toEqual(['p-e2@r-a:exit-node-inactive', 'p-e1@r-b:exit-node-inactive']);
  });

  it("the user's selection wins, even over auto-apply and skip_auto_apply", () => {
    expect(ask(account([exitB, exitA]), 'p-src', { ip: '8.8.8.8', exitNode: 'exit-b' }).route?.id).toBe('r-b');
    expect(ask(account([{ ...exitB, skip_auto_apply: true }, exitA]), 'p-src', { ip: '8.8.8.8', exitNode: 'exit-b' }).route?.id).toBe('r-b');
  });

  it('falls back to auto-apply when the selected exit node is not available to the source', () => {
    const a = ask(account([{ ...exitB, groups: ['g-other'] }, { ...exitA, network_id: 'exit-z' }]), 'p-src', { ip: '8.8.8.8', exitNode: 'exit-b' });
    expect(a.route?.id).toBe('r-a');
  });

  it('the active exit node has no fallback to another exit node', () => {
    const a = ask(account([exitB, exitA]), 'p-src', { ip: '8.8.8.8', states: { 'p-e2': 'down' } });
    expect(a.disposition).toBe('NO_ROUTING_PEER');
  });

  it('more specific routes still win over the exit node', () => {
    const a = ask(account([exitA, { id: 'r-lan', network: '10.0.0.0/8', network_id: 'lan', peer: 'p-e3' }]), 'p-src', { ip: '10.1.1.1' });
    expect(a.route?.id).toBe('r-lan');
  });

  it("the ::/0 twin follows its base: the active exit node's twin carries IPv6", () => {
    const a = ask(account([exitB, exitA]), 'p-src', { ip: '2001:db8::8' });
    expect(a.route).toEqual({ id: 'r-a-v6-default', network_id: 'exit-a-v6', network: '::/0' });
    expect(reasons(a)).toEqual(['p-e2@r-a-v6-default:selected', 'p-e1@r-b-v6-default:exit-node-inactive']);
    expect(ask(account([exitB, exitA]), 'p-src', { ip: '2001:db8::8', exitNode: 'exit-b' }).route?.id).toBe('r-b-v6-default');
  });

  it('compares network ids as Go does, byte-wise', () => {
    expect(['b', 'B', 'é', 'a', 'ab'].sort(compareCodePoints)).toEqual(['B', 'a', 'ab', 'b', 'é']);
    expect(compareCodePoints('\uffff', '\u{10000}')).toBeLessThan(0);
  });
});
