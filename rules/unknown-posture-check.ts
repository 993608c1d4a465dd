import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'unknown-posture-check',
  type: 'problem',
  description: 'An enabled policy naming a posture check the exported posture checks do not hold; NetBird skips a missing check, so the policy\'s sources are not checked against it.',
  severity: 'warn',
  requires: ['policies'],
  messages: {
    unknownPostureCheck: 'Policy {{policy}} names posture check {{check}}, which is not in the account',
  },
  explanations: {
    unknownPostureCheck:
      'The check is named in source_posture_checks. NetBird ignores a missing check, so the policy lets its sources in without it.',
  },
  check({ model, report, note }) {
    const policies = model.policies!.filter((p) => p.enabled && p.sourcePostureCheckIds.length > 0);
    const checks = model.postureChecks;
    // Without the posture checks section a named check is undecided, not missing: say so only when some policy names one.
    if (!checks) {
      if (policies.length > 0) note('posture_checks', 'whether the posture checks the policies name exist');
      return;
    }
    for (const policy of policies) {
      const seen = new Set<string>();
      policy.sourcePostureCheckIds.forEach((id, i) => {
        if (checks.has(id) || seen.has(id)) return;
        seen.add(id);
        report({ messageId: 'unknownPostureCheck', at: { file: policy.loc.file, path: [...policy.loc.path, 'source_posture_checks', i] }, data: { policy: policy.name || policy.id, check: id }, facts: [policy.id, id] });
      });
    }
  },
});
