import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'terraform-unknown-value',
  type: 'suggestion',
  description: 'A Terraform plan leaves a value NetBird routing depends on unknown until apply, and the plan does not say what it will be; the object is not checked.',
  severity: 'warn',
  messages: {
    computed: '{{attribute}} of {{address}} is known only after apply (NetBird sets it)',
    reference: '{{attribute}} of {{address}} is known only after apply (from {{detail}})',
    ambiguous: '{{attribute}} of {{address}} is known only after apply (ids of {{detail}})',
    'dynamic-block': '{{attribute}} of {{address}} is known only after apply (set in a dynamic block)',
    'no-configuration': '{{attribute}} of {{address}} is known only after apply (no configuration in the plan)',
    'read-on-apply': '{{attribute}} of {{address}} is known only after apply (data source read on apply)',
  },
  explanations: {
    computed:
      'NetBird sets this value when the plan is applied; routelint leaves this {{object}} out of its checks.',
    reference:
      'The value comes from {{detail}}, which the plan does not know yet; routelint leaves this {{object}} out of its checks.',
    ambiguous:
      'It holds ids of {{detail}}, and the plan does not say which go where; routelint leaves this {{object}} out of its checks.',
    'dynamic-block':
      'It is set in a dynamic block, which the plan does not describe; routelint leaves this {{object}} out of its checks.',
    'no-configuration':
      'The plan has no configuration for it; routelint leaves this {{object}} out of its checks.',
    'read-on-apply':
      'The data source is read when the plan is applied; routelint leaves this {{object}} out of its checks.',
  },
  check({ model, report }) {
    for (const unknown of model.unknownValues) {
      report({
        messageId: unknown.cause,
        at: unknown.loc,
        data: { address: unknown.address, attribute: unknown.attribute, object: unknown.object.replace('_', ' '), detail: unknown.detail },
        facts: [unknown.address, unknown.attribute],
      });
    }
  },
});
