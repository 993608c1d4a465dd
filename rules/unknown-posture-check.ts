import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'unknown-posture-check',
  type: 'problem',
  description: 'An enabled policy naming a posture check the exported posture checks do not hold; NetBird skips a missing check, so the policy\'s sources are not checked against it.',
  severity: 'warn',
  requires: ['policies', 'posture_checks'],
  messages: {
    unknownPostureCheck:
      'Policy {{policy}} names posture check {{check}} in source_posture_checks, but the account has no posture check with that id: NetBird ignores a missing check, so the policy lets its sources in without it',
  },
  check({ model, report }) {
    const checks = model.postureChecks!;
    for (const policy of model.policies!) {
      if (!policy.enabled) continue;
      const seen = new Set<string>();
      policy.sourcePostureCheckIds.forEach((id, i) => {
        if (checks.has(id) || seen.has(id)) return;
        seen.add(id);
        report({ messageId: 'unknownPostureCheck', at: { file: policy.loc.file, path: [...policy.loc.path, 'source_posture_checks', i] }, data: { policy: policy.name || policy.id, check: id }, facts: [policy.id, id] });
      });
    }
  },
});
