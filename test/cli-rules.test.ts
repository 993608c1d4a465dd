import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { BIN, ensureBuilt, ROOT } from './support/build.js';

const run = (...args: string[]): string => execFileSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });

describe('routelint rules (built binary)', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('--format json lists every registered rule with id, severity, type, requires, description and docs, in registry order', () => {
    const out = run('rules', '--format', 'json');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd().includes('\n')).toBe(false);
    const listed = JSON.parse(out) as Record<string, unknown>[];
    expect(listed).toEqual(
      rules.map((r) => ({ id: r.meta.id, severity: r.meta.severity, type: r.meta.type, requires: [...r.meta.requires], description: r.meta.description, docs: `docs/rules/${r.meta.id}.md` })),
    );
    for (const row of listed) expect(Object.keys(row)).toEqual(['id', 'severity', 'type', 'requires', 'description', 'docs']);
  });

  it('states what the pitfalls rules need', () => {
    const byId = new Map((JSON.parse(run('rules', '--format', 'json')) as { id: string; requires: string[]; severity: string; type: string }[]).map((r) => [r.id, r]));
    expect(byId.get('route-without-policy')).toMatchObject({ requires: ['groups', 'policies'], severity: 'warn', type: 'problem' });
    expect(byId.get('access-control-without-policy')).toMatchObject({ requires: ['policies'], severity: 'error' });
    expect(byId.get('routing-peer-unavailable')).toMatchObject({ requires: ['peers'] });
    expect(byId.get('overlay-overlap')).toMatchObject({ requires: ['peers'], severity: 'error' });
    expect(byId.get('domain-wildcard-apex')).toMatchObject({ requires: [], type: 'suggestion' });
  });

  it('text lists one row per rule: id, default severity, type and needs', () => {
    const lines = run('rules').trimEnd().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['rule', 'default', 'type', 'needs']);
    const rows = lines.slice(1).map((l) => l.split(/\s{2,}/));
    expect(rows).toEqual(rules.map((r) => [r.meta.id, r.meta.severity, r.meta.type, r.meta.requires.length > 0 ? r.meta.requires.join(', ') : 'routes only']));
    for (const line of lines) expect(line).toBe(line.trimEnd());
  });
});
