// Fuzzing: random and mutated exports through the loader, every rule and the simulator. Nothing
// may throw, and every finding and answer must be well-formed.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../rules/index.js';
import { loadConfig } from '../src/engine/config.js';
import { lintExport } from '../src/engine/lint.js';
import { exportFromText } from '../src/load/export.js';
import { buildModel } from '../src/model/build.js';
import { mustParseAddr } from '../src/net/prefix.js';
import { DISPOSITIONS } from '../src/simulate/answer.js';
import { simulatePeer } from '../src/simulate/index.js';

const demo = (name: string): unknown[] => JSON.parse(readFileSync(new URL(`../fixtures/demo/${name}.json`, import.meta.url), 'utf8')) as unknown[];
const base = { routes: demo('routes'), groups: demo('groups'), peers: demo('peers'), policies: demo('policies') };
const config = loadConfig(null, rulesById);

// Values that break assumptions: wrong types, odd strings, odd numbers, prefixes of every kind.
const nasty = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e400, 10000, '', ' ', '__proto__', 'constructor', [], {}, [null], [''], ['x', 'x'], { id: 1 }),
  fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', '::/0', '10.1.2.3/16', '192.168.0.0/34', '::ffff:10.0.0.0/104', '100.92.0.0/16', '127.0.0.0/8', 'fe80::/10', '224.0.0.0/4', '0.0.0.0/8', '10.0.0.0/1', 'not-a-prefix', '*.example.com', 'a.*.b', 'xn--bcher-kva.example'),
  fc.string(),
  fc.integer(),
);
const fieldsOf = (section: keyof typeof base) => [...new Set(base[section].flatMap((o) => Object.keys(o as object)))];

type Mutation = { section: keyof typeof base; index: number; field: string; value: unknown } | { section: keyof typeof base; index: number; drop: string } | { section: keyof typeof base; duplicate: number } | { section: keyof typeof base; remove: number };
const sectionArb = fc.constantFrom<keyof typeof base>('routes', 'routes', 'routes', 'groups', 'peers', 'policies');
const mutation: fc.Arbitrary<Mutation> = sectionArb.chain((section) =>
  fc.oneof(
    fc.record({ section: fc.constant(section), index: fc.nat(40), field: fc.constantFrom(...fieldsOf(section)), value: nasty }),
    fc.record({ section: fc.constant(section), index: fc.nat(40), drop: fc.constantFrom(...fieldsOf(section)) }),
    fc.record({ section: fc.constant(section), duplicate: fc.nat(40) }),
    fc.record({ section: fc.constant(section), remove: fc.nat(40) }),
  ),
);

function mutate(mutations: readonly Mutation[]): Record<string, unknown[]> {
  const out = structuredClone(base) as Record<string, unknown[]>;
  for (const m of mutations) {
    const list = out[m.section]!;
    if (list.length === 0) continue;
    if ('duplicate' in m) list.push(structuredClone(list[m.duplicate % list.length]));
    else if ('remove' in m) list.splice(m.remove % list.length, 1);
    else {
      const target = list[m.index % list.length] as Record<string, unknown>;
      if ('drop' in m) delete target[m.drop];
      else Object.defineProperty(target, m.field, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

const modelOf = (bundle: unknown, yaml = false) => {
  const text = yaml ? JSON.stringify(bundle) : JSON.stringify(bundle, null, 1);
  return exportFromText(yaml ? 'fuzz.yaml' : 'fuzz.json', text);
};

describe('fuzzing', () => {
  it('lints mutated exports with every rule: no exception, well-formed findings', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), fc.boolean(), (mutations, yaml) => {
        const results = lintExport(modelOf(mutate(mutations), yaml), rules, config);
        for (const r of results) {
          expect(r.errorCount + r.warningCount).toBe(r.messages.length);
          for (const m of r.messages) {
            expect(m.ruleId === null ? m.fatal : rulesById.has(m.ruleId)).toBe(true);
            expect([1, 2]).toContain(m.severity);
            expect(m.line).toBeGreaterThanOrEqual(1);
            expect(m.column).toBeGreaterThanOrEqual(1);
            expect(m.message).not.toMatch(/\{\{|undefined|NaN|\[object Object\]/);
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it('lints arbitrary JSON values without an exception', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ routes: fc.jsonValue(), groups: fc.jsonValue(), peers: fc.jsonValue(), policies: fc.jsonValue() })), (value) => {
        const results = lintExport(exportFromText('any.json', JSON.stringify(value)), rules, config);
        for (const m of results.flatMap((r) => r.messages)) expect(m.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('answers simulator questions on mutated exports with well-formed answers', () => {
    const peerIds = (base.peers as { id: string }[]).map((p) => p.id);
    const destinations = ['10.20.1.7', '10.30.0.1', '8.8.8.8', '192.168.77.5', '100.92.10.1', '2001:db8::1', '172.16.5.5', '10.70.0.9'];
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 6 }), fc.constantFrom(...peerIds), fc.constantFrom(...destinations), (mutations, peerId, ip) => {
        const model = buildModel(modelOf(mutate(mutations)));
        if (!model?.peers?.has(peerId) || !model.groups) return;
        const answer = simulatePeer(model, { destination: { kind: 'ip', addr: mustParseAddr(ip), text: ip }, from: { kind: 'peer', peerId }, currentPeerId: null, exitNode: null });
        expect(DISPOSITIONS).toContain(answer.disposition);
        if (answer.peer) expect(answer.candidates.some((c) => c.peer?.id === answer.peer!.id && c.eligible)).toBe(true);
        if (answer.disposition === 'NO_ROUTE' || answer.disposition === 'NO_ROUTING_PEER') expect(answer.peer).toBeNull();
        if (answer.nondeterministic) expect(answer.candidates.filter((c) => c.reason === 'tied' || c.reason === 'conflict').length).toBeGreaterThan(1);
        expect(answer.trace.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
