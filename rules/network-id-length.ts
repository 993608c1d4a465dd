import { defineRule } from '../src/engine/rule.js';

/** Longest network_id NetBird accepts, in Unicode code points. */
export const MAX_NETWORK_ID_LENGTH = 40;

/** Length in Unicode code points, as Go's utf8.RuneCountInString counts it (not UTF-16 units). */
export function codePointLength(text: string): number {
  return [...text].length;
}

export default defineRule({
  id: 'network-id-length',
  type: 'problem',
  description: 'network_id empty or longer than 40 characters (Unicode code points); the management API refuses the route.',
  severity: 'error',
  messages: {
    empty: 'The route has no network_id; the API refuses it (422)',
    tooLong: 'network_id "{{networkId}}" has {{length}} characters, more than 40; the API refuses it (422)',
  },
  explanations: {
    empty:
      'The API answers 422 ("identifier should be between 1 and 40 characters"), so this export was edited by hand or produced by a tool.',
    tooLong:
      'The API refuses a network_id longer than 40 characters with 422, so this export was edited by hand or produced by a tool.',
  },
  check({ model, report }) {
    for (const route of model.routes) {
      const units = route.networkId.length;
      if (units === 0) report({ messageId: 'empty', route, field: route.present.has('network_id') ? 'network_id' : undefined });
      // No more code points than UTF-16 units: only a long id needs counting.
      else if (units > MAX_NETWORK_ID_LENGTH) {
        const length = codePointLength(route.networkId);
        if (length > MAX_NETWORK_ID_LENGTH) report({ messageId: 'tooLong', route, field: 'network_id', data: { networkId: route.networkId, length }, facts: [String(length)] });
      }
    }
  },
});
