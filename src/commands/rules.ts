import { rules } from '../../rules/index.js';

export function runRules(format: 'text' | 'json'): number {
  const rows = rules.map((r) => ({ id: r.meta.id, severity: r.meta.severity, type: r.meta.type, requires: [...r.meta.requires], description: r.meta.description, docs: r.meta.docsUrl }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) {
    const needs = r.requires.length > 0 ? `needs ${r.requires.join(', ')}` : '';
    process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(5)}  ${r.type.padEnd(10)}  ${needs}\n`);
  }
  return 0;
}
