// The fixture pairs under fixtures/diff/<case>/{old,new}: a small realistic account (offices,
// ERP, a cloud VPC, an exit node, internal web apps by name, a hardware lab behind a peer group)
// with one thing changed in each. Asserted on kinds, ids and fields, never on prose.
import { describe, expect, it } from 'vitest';
import type { BehaviourChange, Carrier, Diff, ExitNodeChange } from '../../src/diff/types.js';
import { diffFixture } from '../support/diff.js';

const G = {
  staff: 'd1f4k0jb8c5s73e0ga02',
  engineering: 'd1f4k0jb8c5s73e0ga04',
  remoteStaff: 'd1f4k0jb8c5s73e0ga08',
  ci: 'd1f4k0jb8c5s73e0ga0a',
} as const;

const P = {
  fra1: 'd1f4m0bb8c5s73e0gb00',
  fra2: 'd1f4m0bb8c5s73e0gb02',
  ams1: 'd1f4m0bb8c5s73e0gb04',
  ams2: 'd1f4m0bb8c5s73e0gb06',
  exitFra1: 'd1f4m0bb8c5s73e0gb08',
  aws1: 'd1f4m0bb8c5s73e0gb0c',
  maria: 'd1f4m0bb8c5s73e0gb0g',
  jonas: 'd1f4m0bb8c5s73e0gb0i',
  sofia: 'd1f4m0bb8c5s73e0gb0k',
  lukas: 'd1f4m0bb8c5s73e0gb0m',
  emma: 'd1f4m0bb8c5s73e0gb0o',
  runner: 'd1f4m0bb8c5s73e0gb0q',
} as const;

const carrier = (c: Carrier) => ({ disposition: c.disposition, peers: c.peers.map((p) => p.id), networkIds: c.networkIds, nondeterministic: c.nondeterministic });

function behaviourOf(d: Diff) {
  return d.behaviour.map((b: BehaviourChange) => ({ kind: b.kind, destination: b.destination, group: b.group.id, scope: b.scope, sources: b.sources.map((s) => s.id), old: carrier(b.old), new: carrier(b.new) }));
}

function exitNodesOf(d: Diff) {
  return d.exitNodes.map((e: ExitNodeChange) => ({ kind: e.kind, group: e.group.id, scope: e.scope, old: e.old, new: e.new }));
}

function routesOf(d: Diff) {
  return {
    added: d.routes.added.map((r) => r.id),
    removed: d.routes.removed.map((r) => r.id),
    changed: d.routes.changed.map((r) => ({ id: r.id, fields: r.fields.map((f) => ({ field: f.field, old: f.old, new: f.new, ...(f.added ? { added: f.added.map((g) => g.id), removed: f.removed!.map((g) => g.id) } : {}) })) })),
  };
}

function findingsOf(d: Diff) {
  return { introduced: d.findings.introduced.map((f) => [f.ruleId, f.routeId]), fixed: d.findings.fixed.map((f) => [f.ruleId, f.routeId]) };
}

const routed = (peer: string, networkId: string) => ({ disposition: 'ROUTED', peers: [peer], networkIds: [networkId], nondeterministic: false });
const noRoute = { disposition: 'NO_ROUTE', peers: [], networkIds: [], nondeterministic: false };
const noChange = { added: [], removed: [], changed: [] };

describe('routelint diff on fixture pairs that change one thing each', () => {
  it('a metric: the HA set of 10.10.0.0/16 changes carrier', () => {
    const d = diffFixture('metric');
    expect(behaviourOf(d)).toEqual([
      { kind: 'moved', destination: '10.10.0.0/16', group: G.staff, scope: 'group', sources: [P.emma, P.jonas, P.lukas, P.maria, P.sofia], old: routed(P.fra1, 'office-frankfurt'), new: routed(P.fra2, 'office-frankfurt') },
    ]);
    expect(d.behaviour[0]!.members).toBe(5);
    expect(exitNodesOf(d)).toEqual([]);
    expect(routesOf(d)).toEqual({ added: [], removed: [], changed: [{ id: 'd1f4p0bb8c5s73e0gc00', fields: [{ field: 'metric', old: 100, new: 300 }] }] });
    expect(d.summary).toMatchObject({ behaviourCompared: true, routingChanged: true, decidedBy: 'behaviour' });
  });

  it('a peer group member: the lab moves to the other Amsterdam gateway', () => {
    const d = diffFixture('peer-group-member');
    expect(behaviourOf(d)).toEqual([{ kind: 'moved', destination: '10.40.0.0/16', group: G.engineering, scope: 'group', sources: [P.jonas, P.maria, P.sofia], old: routed(P.ams1, 'hw-lab'), new: routed(P.ams2, 'hw-lab') }]);
    expect(routesOf(d)).toEqual(noChange);
    // The single-peer warning names the peer, so it is fixed for gw-ams-1 and introduced for gw-ams-2.
    expect(findingsOf(d)).toEqual({ introduced: [['ha-single-peer', 'd1f4p0bb8c5s73e0gc0o']], fixed: [['ha-single-peer', 'd1f4p0bb8c5s73e0gc0o']] });
  });

  it('a peer group member removed: the HA set loses its only peer; members with an exit node fall back to it', () => {
    const d = diffFixture('peer-group-emptied');
    expect(behaviourOf(d)).toEqual([
      { kind: 'moved', destination: '10.40.0.0/16', group: G.engineering, scope: 'members', sources: [P.maria, P.sofia], old: routed(P.ams1, 'hw-lab'), new: routed(P.exitFra1, 'exit-frankfurt') },
      { kind: 'no-longer-routed', destination: '10.40.0.0/16', group: G.engineering, scope: 'members', sources: [P.jonas], old: routed(P.ams1, 'hw-lab'), new: noRoute },
    ]);
    expect(d.behaviour.map((b) => b.members)).toEqual([3, 3]);
    expect(findingsOf(d)).toEqual({ introduced: [['ha-group-empty', 'd1f4p0bb8c5s73e0gc0o']], fixed: [['ha-single-peer', 'd1f4p0bb8c5s73e0gc0o']] });
  });

  it('a distribution group removed: the VPC is no longer routed for ci', () => {
    const d = diffFixture('distribution-group-removed');
    expect(behaviourOf(d)).toEqual([{ kind: 'no-longer-routed', destination: '172.31.0.0/16', group: G.ci, scope: 'group', sources: [P.runner], old: routed(P.aws1, 'aws-vpc'), new: noRoute }]);
    expect(routesOf(d).changed).toEqual(
      ['d1f4p0bb8c5s73e0gc0c', 'd1f4p0bb8c5s73e0gc0e'].map((id) => ({ id, fields: [{ field: 'groups', old: [G.engineering, G.ci], new: [G.engineering], added: [], removed: [G.ci] }] })),
    );
  });

  it('a distribution group added: the internal web apps are now routed for ci, name by name', () => {
    const d = diffFixture('distribution-group-added');
    expect(behaviourOf(d)).toEqual(
      ['*.example.com', 'example.com'].map((destination) => ({ kind: 'now-routed', destination, group: G.ci, scope: 'group', sources: [P.runner], old: noRoute, new: routed(P.aws1, 'internal-web') })),
    );
    expect(d.behaviour.map((b) => [b.destinationType, b.probe])).toEqual([
      ['domain', 'host.example.com'],
      ['domain', 'example.com'],
    ]);
    expect(routesOf(d).changed.map((c) => c.fields.map((f) => [f.field, f.added, f.removed]))).toEqual([[['groups', [G.ci], []]], [['groups', [G.ci], []]]]);
  });

  it("an exit node's skip_auto_apply: no longer auto-applied for remote-staff", () => {
    const d = diffFixture('exit-skip-auto-apply');
    expect(exitNodesOf(d)).toEqual([{ kind: 'no-longer-auto-applied', group: G.remoteStaff, scope: 'group', old: 'exit-frankfurt', new: null }]);
    expect(d.exitNodes[0]!.sources.map((s) => s.id)).toEqual([P.emma, P.maria, P.sofia]);
    expect(behaviourOf(d)).toEqual([{ kind: 'no-longer-routed', destination: '0.0.0.0/0', group: G.remoteStaff, scope: 'group', sources: [P.emma, P.maria, P.sofia], old: routed(P.exitFra1, 'exit-frankfurt'), new: noRoute }]);
    expect(routesOf(d).changed.map((c) => [c.id, c.fields.map((f) => [f.field, f.old, f.new])])).toEqual([
      ['d1f4p0bb8c5s73e0gc0g', [['skip_auto_apply', false, true]]],
      ['d1f4p0bb8c5s73e0gc0i', [['skip_auto_apply', false, true]]],
    ]);
    expect(findingsOf(d).introduced).toEqual([['exit-node-scope', 'd1f4p0bb8c5s73e0gc0g']]);
  });

  it('a nested prefix added: its part of the office range moves to another carrier, the rest stays', () => {
    const d = diffFixture('nested-prefix');
    expect(behaviourOf(d)).toEqual([
      { kind: 'moved', destination: '10.10.40.0/24', group: G.staff, scope: 'group', sources: [P.emma, P.jonas, P.lukas, P.maria, P.sofia], old: routed(P.fra1, 'office-frankfurt'), new: routed(P.fra2, 'fra-lab') },
    ]);
    expect(d.behaviour[0]!.probe).toBe('10.10.40.0');
    expect(routesOf(d)).toEqual({ added: ['d1f4p0bb8c5s73e0gc0q'], removed: [], changed: [] });
    expect(d.haSets.added.map((s) => s.key)).toEqual(['fra-lab|10.10.40.0/24']);
    expect(findingsOf(d).introduced).toEqual([['overlapping-networks', 'd1f4p0bb8c5s73e0gc0q']]);
  });

  it('a network_id renamed with the same carrier: a rename, no behaviour change, exit 0', () => {
    const d = diffFixture('network-id-renamed');
    expect(d.behaviour).toEqual([]);
    expect(d.haSets.renamed.map((r) => [r.old.key, r.new.key, r.sharedRouteIds])).toEqual([['aws-vpc|172.31.0.0/16', 'aws-eu-central-1|172.31.0.0/16', ['d1f4p0bb8c5s73e0gc0c', 'd1f4p0bb8c5s73e0gc0e']]]);
    expect([d.haSets.added, d.haSets.removed]).toEqual([[], []]);
    expect(routesOf(d).changed.map((c) => c.fields.map((f) => [f.field, f.old, f.new]))).toEqual([[['network_id', 'aws-vpc', 'aws-eu-central-1']], [['network_id', 'aws-vpc', 'aws-eu-central-1']]]);
    expect(d.summary.routingChanged).toBe(false);
  });

  it('identical exports: nothing at all', () => {
    const d = diffFixture('identical');
    expect([d.behaviour, d.exitNodes, d.findings.introduced, d.findings.fixed]).toEqual([[], [], [], []]);
    expect(routesOf(d)).toEqual(noChange);
    expect(d.haSets).toEqual({ added: [], removed: [], renamed: [] });
    expect(d.summary.routingChanged).toBe(false);
  });

  it('a description only: one route change, no routing change', () => {
    const d = diffFixture('description-only');
    expect(d.behaviour).toEqual([]);
    expect(routesOf(d)).toEqual({
      added: [],
      removed: [],
      changed: [{ id: 'd1f4p0bb8c5s73e0gc00', fields: [{ field: 'description', old: 'Frankfurt office LAN, primary gateway', new: 'Frankfurt office LAN, primary gateway (rack B2)' }] }],
    });
    expect(d.summary).toMatchObject({ routesChanged: 1, routingChanged: false });
  });
});

describe('group, peer and policy changes next to the behaviour they caused', () => {
  const GW_LAB = 'd1f4k0jb8c5s73e0ga0m';
  const GW_AMSTERDAM = 'd1f4k0jb8c5s73e0ga0e';
  const STAFF_POLICY = 'd1f4r0bb8c5s73e0gd02';
  const causesOf = (d: Diff) => d.behaviour.map((b) => [b.destination, b.sources.map((s) => s.id), b.causes.map((c) => `${c.kind}:${c.id}`)]);

  it('a peer group loses a member: the group change, and both behaviour changes point at it', () => {
    const d = diffFixture('peer-group-emptied');
    expect(d.account.groups.map((g) => [g.change, g.group.id, g.membersAdded.map((p) => p.id), g.membersRemoved.map((p) => p.id)])).toEqual([['changed', GW_LAB, [], [P.ams1]]]);
    expect([d.account.peers, d.account.policies]).toEqual([[], []]);
    expect(d.behaviour.map((b) => b.causes)).toEqual([[{ kind: 'group', id: GW_LAB }], [{ kind: 'group', id: GW_LAB }]]);
    expect(d.summary).toMatchObject({ groupChanges: 1, peerChanges: 0, policyChanges: 0 });
  });

  it('a peer group swaps members: joined and left', () => {
    const d = diffFixture('peer-group-member');
    expect(d.account.groups.map((g) => [g.group.id, g.membersAdded.map((p) => p.id), g.membersRemoved.map((p) => p.id)])).toEqual([[GW_LAB, [P.ams2], [P.ams1]]]);
    expect(causesOf(d)).toEqual([['10.40.0.0/16', [P.jonas, P.maria, P.sofia], [`group:${GW_LAB}`]]]);
  });

  it("a routing peer's expired login and a policy rule that drops a destination group: each change points at its own cause", () => {
    const d = diffFixture('policy-and-peer');
    expect(d.account.peers.map((p) => [p.change, p.peer.id, p.fields.map((f) => [f.field, f.old, f.new])])).toEqual([['changed', P.fra1, [['login_expired', false, true]]]]);
    expect(d.account.policies.map((p) => [p.change, p.policy.id, p.fields, p.rules.map((r) => [r.change, r.fields.map((f) => [f.field, f.added?.map((g) => g.id), f.removed?.map((g) => g.id)])])])).toEqual([
      ['changed', STAFF_POLICY, [], [['changed', [['destinations', [], [GW_AMSTERDAM]]]]]],
    ]);
    expect(d.account.groups).toEqual([]);
    const byDestination = new Map<string, string[]>();
    for (const b of d.behaviour) byDestination.set(b.destination, [...new Set([...(byDestination.get(b.destination) ?? []), ...b.causes.map((c) => `${c.kind}:${c.id}`)])]);
    expect(Object.fromEntries(byDestination)).toEqual({
      // Frankfurt: gw-fra-1's login expired; the policy still connects staff to gw-frankfurt.
      '10.10.0.0/16': [`peer:${P.fra1}`],
      '10.12.8.0/24': [`peer:${P.fra1}`],
      // Amsterdam and the lab behind gw-ams-1: the rule no longer names gw-amsterdam.
      '10.11.0.0/16': [`policy:${STAFF_POLICY}`],
      '10.40.0.0/16': [`policy:${STAFF_POLICY}`],
    });
    expect(d.summary).toMatchObject({ groupChanges: 0, peerChanges: 1, policyChanges: 1, routingChanged: true });
  });

  it('route edits are the causes when no group, peer or policy changed', () => {
    const d = diffFixture('exit-skip-auto-apply');
    expect(d.exitNodes[0]!.causes).toEqual([
      { kind: 'route', id: 'd1f4p0bb8c5s73e0gc0g' },
      { kind: 'route', id: 'd1f4p0bb8c5s73e0gc0i' },
    ]);
    expect(d.account).toEqual({ groups: [], peers: [], policies: [] });
  });
});

describe('exit node messages', () => {
  it('no-longer-auto-applied says what happens instead (it once ended "…: no exit node is")', () => {
    const d = diffFixture('exit-skip-auto-apply');
    expect(d.exitNodes[0]!.message).not.toMatch(/\bis$/);
    expect(d.exitNodes[0]!.message).toContain('no exit node is applied');
  });
});
