import type { LintResult } from '../engine/lint.js';
import type { Rule } from '../engine/rule.js';

export interface FormatContext {
  readonly rules: readonly Rule[];
  readonly toolVersion: string;
}

/** A formatter is a pure function of the results. */
export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;
