import { describe, expect, it } from 'vitest';
import rule from '../../rules/unknown-posture-check.js';
import { policy, route, type Bundle } from '../support/api.js';
import { lintBundle, ruleTable } from '../support/ruleTester.js';

const postureChecks = [{ id: 'pc-version', name: 'recent client', description: '', checks: { nb_version_check: { min_version: '0.60.0' } } }];
const withChecks = (id: string, ids: string[], extra: Record<string, unknown> = {}) => ({ ...policy({ id, name: `policy ${id}`, sources: ['g-eng'], destinations: ['g-gw'] }), source_posture_checks: ids, ...extra });
const account = (policies: unknown[], checks: unknown[] = postureChecks): Bundle => ({ routes: [route({ id: 'r1' })], policies, posture_checks: checks });

ruleTable(rule, {
  valid: [
    { name: 'no posture checks named', bundle: account([withChecks('pol', [])]) },
    { name: 'a posture check the export holds', bundle: account([withChecks('pol', ['pc-version'])]) },
    { name: 'a disabled policy allows nothing', bundle: account([withChecks('pol', ['pc-gone'], { enabled: false })]) },
  ],
  invalid: [
    {
      name: 'a posture check the export lacks',
      bundle: account([withChecks('pol', ['pc-gone'])]),
      errors: [{ messageId: 'unknownPostureCheck', data: { policy: 'policy pol', check: 'pc-gone' } }],
    },
    {
      name: 'with no posture checks in the account at all',
      bundle: account([withChecks('pol', ['pc-version'])], []),
      errors: [{ messageId: 'unknownPostureCheck', data: { check: 'pc-version' } }],
    },
    {
      name: 'each missing id once, known ones skipped',
      bundle: account([withChecks('pol', ['pc-gone', 'pc-version', 'pc-other', 'pc-gone']), withChecks('pol2', ['pc-gone'])]),
      errors: [
        { messageId: 'unknownPostureCheck', data: { policy: 'policy pol', check: 'pc-gone' } },
        { messageId: 'unknownPostureCheck', data: { policy: 'policy pol', check: 'pc-other' } },
        { messageId: 'unknownPostureCheck', data: { policy: 'policy pol2', check: 'pc-gone' } },
      ],
    },
  ],
});

describe('unknown-posture-check', () => {
  it('needs policies', () => {
    expect(lintBundle(rule, { routes: [route({ id: 'r1' })], posture_checks: postureChecks }).skipped).toEqual(['unknown-posture-check']);
  });

  it('without posture checks every named check is undecided, not missing: it says so only when an enabled policy names one', () => {
    const named = lintBundle(rule, { routes: [route({ id: 'r1' })], policies: [withChecks('pol', ['pc-gone'])] });
    expect([named.messages, named.skipped, named.partial.length]).toEqual([[], [], 1]);
    expect(named.partial[0]).toMatch(/^unknown-posture-check: /);
    const unnamed = lintBundle(rule, { routes: [route({ id: 'r1' })], policies: [withChecks('pol', []), withChecks('off', ['pc-gone'], { enabled: false })] });
    expect([unnamed.messages, unnamed.skipped, unnamed.partial]).toEqual([[], [], []]);
  });

  it('points at the id in the policy, with no route', () => {
    const { messages } = lintBundle(rule, account([withChecks('pol', ['pc-version', 'pc-gone'])]));
    expect(messages.map((m) => [m.routeId, m.path, m.facts])).toEqual([[undefined, 'policies[0].source_posture_checks[1]', ['pol', 'pc-gone']]]);
    expect(messages[0]!.line).toBeGreaterThan(20);
  });
});
