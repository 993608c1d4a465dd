import type { LintFormatter } from './types.js';

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export const SIMULATE_FORMATS = ['text', 'json'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

export const REPORT_FORMATS = ['html', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Formatters load on demand: the pretty one pulls in a dozen packages a JSON run never needs. */
export async function loadFormatter(name: LintFormat): Promise<LintFormatter> {
  switch (name) {
    case 'stylish':
      return (await import('./stylish.js')).formatStylish;
    case 'json':
      return (await import('./json.js')).formatJsonParts;
    case 'sarif':
      return (await import('./sarif.js')).formatSarif;
    case 'github':
      return (await import('./github.js')).formatGithub;
    case 'junit':
      return (await import('./junit.js')).formatJunit;
  }
}
