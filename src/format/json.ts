import type { Formatter } from './types.js';

/** ESLint's JSON format: the results array on one line. */
export const formatJson: Formatter = (results) => `${JSON.stringify(results)}\n`;
