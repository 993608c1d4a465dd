import { defineRule } from '../src/engine/rule.js';
import type { Route } from '../src/model/types.js';

/** The route fields that hold group ids, with the name the API uses for each. */
const GROUP_FIELDS: readonly { readonly field: string; readonly ids: (route: Route) => readonly string[] }[] = [
  { field: 'groups', ids: (route) => route.groups },
  { field: 'peer_groups', ids: (route) => route.peerGroups },
  { field: 'access_control_groups', ids: (route) => route.accessControlGroups },
];

export default defineRule({
  id: 'unknown-group',
  type: 'problem',
  description: 'A distribution group, peer group or access control group id that is not in the account; the management API refuses the route.',
  severity: 'error',
  requires: ['groups'],
  messages: {
    unknownGroup: 'Group "{{group}}" in {{field}} is not in the groups export',
    emptyGroupId: 'An empty group id "" in {{field}}; the API refuses the route (422)',
  },
  explanations: {
    unknownGroup:
      'The API refuses a route naming an unknown group with 422 ("group id not found") and will not delete a group a route uses, so the exports do not match (taken at different times or from different accounts) or were edited by hand.',
    emptyGroupId:
      'The API answers 422 ("group ID should not be empty"), so this export was edited by hand or produced by a tool.',
  },
  check({ model, report }) {
    const groups = model.groups!;
    for (const route of model.routes) {
      for (const { field, ids } of GROUP_FIELDS) {
        // A loop, not forEach: no closure per route and field on an account of 100,000 routes.
        const list = ids(route);
        for (let i = 0; i < list.length; i++) {
          const group = list[i]!;
          if (groups.has(group)) continue;
          // An empty distribution group id belongs to distribution-groups.
          if (group === '') {
            if (field !== 'groups') report({ messageId: 'emptyGroupId', route, field: [field, i], data: { group, field }, facts: [field, group] });
            continue;
          }
          report({ messageId: 'unknownGroup', route, field: [field, i], data: { group, field }, facts: [field, group] });
        }
      }
    }
  },
});
