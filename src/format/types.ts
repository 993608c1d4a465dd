import type { LintResult } from '../engine/lint.js';
import type { Rule } from '../engine/rule.js';

export interface FormatContext {
  readonly rules: readonly Rule[];
  readonly toolVersion: string;
  /** Columns to wrap text at (a terminal's width); absent: no wrapping (stylish). */
  readonly width?: number;
  /** Print each finding's explanation under it (stylish; the other formats always carry it). */
  readonly verbose?: boolean;
  /** The package's homepage (package.json), under which rule documentation links point. */
  readonly homepage?: string;
  /** A rule's documentation (docs/rules/<id>.md), or null when it is not at hand. */
  readonly ruleDoc?: (ruleId: string) => string | null;
}

/** A formatter is a pure function of the results. */
export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;

/** What a lint format writes: one string, or parts written one after the other (never joined into one string). */
export type LintFormatter = (results: readonly LintResult[], context: FormatContext) => string | Iterable<string>;
