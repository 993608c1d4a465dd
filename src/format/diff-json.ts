import type { Diff } from '../diff/types.js';

/** The diff for tools: one JSON object on one line. */
export function formatDiffJson(diff: Diff): string {
  return `${JSON.stringify(diff)}\n`;
}
