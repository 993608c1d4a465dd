import { defineRule } from '../src/engine/rule.js';
import { targetOfSet } from '../src/model/describe.js';
import type { Route } from '../src/model/types.js';

type MixedMessage = 'mixedMasquerade' | 'mixedGroups' | 'mixedAccessControl';

/** The settings every route of an HA set should share; groups compare as sets. */
const SETTINGS: readonly { readonly messageId: MixedMessage; readonly field: string; readonly value: (route: Route) => string }[] = [
  { messageId: 'mixedMasquerade', field: 'masquerade', value: (r) => String(r.masquerade) },
  { messageId: 'mixedGroups', field: 'groups', value: (r) => [...new Set(r.groups)].sort().join(',') },
  { messageId: 'mixedAccessControl', field: 'access_control_groups', value: (r) => [...new Set(r.accessControlGroups)].sort().join(',') },
];

export default defineRule({
  id: 'ha-mixed-settings',
  type: 'problem',
  description: 'Routes of one HA set that disagree on masquerade, distribution groups or access control groups; clients get different behaviour depending on the routing peer they land on.',
  severity: 'warn',
  messages: {
    mixedMasquerade: 'Routes of HA set {{networkId}} disagree on masquerade',
    mixedGroups: 'Routes of HA set {{networkId}} are distributed to different groups',
    mixedAccessControl: 'Routes of HA set {{networkId}} disagree on access control groups',
  },
  explanations: {
    mixedMasquerade:
      'Traffic to {{target}} through some routing peers is translated and through others keeps its overlay source address, so whether hosts in {{target}} can reply depends on the peer a client picks.',
    mixedGroups:
      'A peer receives only the routes of the set whose groups hold it, so some peers get fewer routing peers for {{target}} to fail over to, or different ones.',
    mixedAccessControl:
      'Traffic to {{target}} is filtered by policy at some routing peers and not at others, so the same client is allowed or dropped depending on the peer it picks.',
  },
  check({ model, report }) {
    for (const set of model.haSets) {
      if (set.routes.length < 2) continue;
      const first = set.routes[0]!;
      for (const setting of SETTINGS) {
        const reference = setting.value(first);
        const differing = set.routes.find((r) => setting.value(r) !== reference);
        if (!differing) continue;
        report({
          messageId: setting.messageId,
          route: differing,
          field: setting.field,
          related: set.routes,
          relatedExcept: differing,
          data: { networkId: set.networkId, target: targetOfSet(set) },
          facts: [setting.field],
        });
      }
    }
  },
});
