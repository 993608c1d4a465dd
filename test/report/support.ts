// Builds the report of an API-shaped bundle through the real loader, lint engine and report data,
// as `routelint report bundle.json` would with no config.
import { rules, rulesById } from '../../rules/index.js';
import { loadConfig } from '../../src/engine/config.js';
import { lintExport, type LintResult } from '../../src/engine/lint.js';
import { buildReportData, type ReportData, type ReportOptions } from '../../src/report/data.js';
import type { Bundle } from '../support/api.js';
import { loadBundle } from '../support/model.js';

export function reportOf(bundle: Bundle, options: Partial<ReportOptions> = {}): { data: ReportData; results: LintResult[] } {
  const { raw, model } = loadBundle(bundle);
  const results = lintExport(raw, rules, loadConfig(null, rulesById));
  return { data: buildReportData(model, results, rules, { source: 'bundle.json', toolVersion: 'test', ...options }), results };
}
