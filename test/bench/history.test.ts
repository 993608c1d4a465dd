import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { consecutiveRunsMeetingAll } from '../../bench/run.js';
import { generateAccount, reviseAccount } from '../../bench/generate.js';

const target = (name: string, met: boolean) => ({ name, target: '≤ 2×', measured: met ? '1.00×' : '3.00×', met });
const run = (targets: ReturnType<typeof target>[]) => ({ generatedAt: '2026-12-05T00:00:00Z', commit: 'abc', command: 'npm run bench', targets });

describe('consecutive runs meeting every target', () => {
  it.each([
    { name: 'this run misses one', now: [target('a', true), target('b', false)], history: [run([target('a', true), target('b', true)])], streak: 0 },
    { name: 'no history', now: [target('a', true)], history: [], streak: 1 },
    { name: 'two in a row, then a miss', now: [target('a', true)], history: [run([target('a', true)]), run([target('a', false)]), run([target('a', true)])], streak: 2 },
    { name: 'an earlier run without a target of today ends the streak', now: [target('a', true), target('new', true)], history: [run([target('a', true)])], streak: 1 },
    { name: 'an earlier target that no longer exists is ignored', now: [target('a', true)], history: [run([target('a', true), target('gone', false)])], streak: 2 },
  ])('$name', ({ now, history, streak }) => {
    expect(consecutiveRunsMeetingAll({ targets: now, history })).toBe(streak);
  });

  it('never counts past the first run that misses', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (mets) => {
        const [now, ...earlier] = mets.map((met) => [target('a', met)]);
        const firstMiss = mets.indexOf(false);
        expect(consecutiveRunsMeetingAll({ targets: now!, history: earlier.map(run) })).toBe(firstMiss < 0 ? mets.length : firstMiss);
      }),
    );
  });
});

describe('the revised account of the related diff', () => {
  it('changes about one route in a hundred and keeps ids unique', () => {
    const account = generateAccount(2000);
    const revised = reviseAccount(account);
    const before = new Map((account.routes as { id: string }[]).map((r) => [r.id, JSON.stringify(r)]));
    const ids = (revised.routes as { id: string }[]).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const changed = (revised.routes as { id: string }[]).filter((r) => before.get(r.id) !== JSON.stringify(r)).length;
    const removed = [...before.keys()].filter((id) => !ids.includes(id)).length;
    expect(changed + removed).toBeGreaterThan(10);
    expect(changed + removed).toBeLessThan(100);
    expect(JSON.stringify(reviseAccount(account))).toBe(JSON.stringify(revised));
  });
});
