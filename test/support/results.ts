// Lint results by hand, for the tests of what consumes them (baselines, formatters): a finding
// states only what the test is about, the rest takes plain defaults.
import { recount, type LintMessage, type LintResult, type SuppressedMessage } from '../../src/engine/lint.js';

/** A finding of `unknown-peer` on route r1 at 1:1, unless told otherwise. */
export function finding(fields: Partial<LintMessage> = {}): LintMessage {
  return { ruleId: 'unknown-peer', messageId: 'unknownPeer', severity: 2, message: 'route r1 names peer p-x, which is not in the export', line: 1, column: 1, routeId: 'r1', ...fields };
}

/** A parse failure: what lint reports for a file that is not JSON or YAML. */
export function parseFailure(fields: Partial<LintMessage> = {}): LintMessage {
  return { ruleId: null, severity: 2, fatal: true, message: 'Unexpected token', line: 3, column: 7, ...fields };
}

/** A lint result with these messages, counted as lint counts them. */
export function resultOf(filePath: string, messages: readonly LintMessage[], fields: Partial<Pick<LintResult, 'suppressedMessages' | 'skippedRules' | 'staleBaselineEntries'>> = {}): LintResult {
  const result: LintResult = {
    filePath,
    messages: [...messages],
    suppressedMessages: [] as SuppressedMessage[],
    errorCount: 0,
    warningCount: 0,
    fatalErrorCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    skippedRules: [],
    ...fields,
  };
  recount(result);
  return result;
}
