import { rules } from '../../rules/index.js';

/** `routelint rules`: every rule with its default severity, type and the export sections it needs. */
export function runRules(format: 'text' | 'json'): number {
  const rows = rules.map((r) => ({ id: r.meta.id, severity: r.meta.severity, type: r.meta.type, requires: [...r.meta.requires], description: r.meta.description, docs: r.meta.docsUrl }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  const table = [['rule', 'default', 'type', 'needs'], ...rows.map((r) => [r.id, r.severity, r.type, r.requires.length > 0 ? r.requires.join(', ') : 'routes only'])];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd()}\n`);
  return 0;
}
