import type { LintMessage, LintResult } from '../engine/lint.js';
import type { Rule } from '../engine/rule.js';

export interface FormatContext {
  readonly rules: readonly Rule[];
  readonly toolVersion: string;
}

/** A formatter is a pure function of the results. */
export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;

/**
 * A finding's message for formats with no field of their own for the Terraform resource it is
 * about: the address appended, unless the message names it already.
 */
export function messageNamingResource(m: LintMessage): string {
  return m.resourceAddress && !m.message.includes(m.resourceAddress) ? `${m.message} (${m.resourceAddress})` : m.message;
}
