// Terraform findings name the resource they are about (`resourceAddress`); formats without a field
// of their own for it carry it in the message.
import type { LintMessage } from '../engine/lint.js';

/**
 * A finding's message for formats with no field of their own for the Terraform resource it is
 * about: the address appended, unless the message names it already.
 */
export function messageNamingResource(m: LintMessage): string {
  return m.resourceAddress && !m.message.includes(m.resourceAddress) ? `${m.message} (${m.resourceAddress})` : m.message;
}
