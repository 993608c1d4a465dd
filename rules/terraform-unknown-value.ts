import { defineRule } from '../src/engine/rule.js';

const LEFT_OUT = 'routelint leaves this {{object}} out of its checks';

export default defineRule({
  id: 'terraform-unknown-value',
  type: 'suggestion',
  description: 'A Terraform plan leaves a value NetBird routing depends on unknown until apply, and the plan does not say what it will be; the object is not checked.',
  severity: 'warn',
  messages: {
    computed: `{{attribute}} of {{address}} is known only after apply (NetBird sets it); ${LEFT_OUT}`,
    reference: `{{attribute}} of {{address}} is known only after apply (it comes from {{detail}}); ${LEFT_OUT}`,
    ambiguous: `{{attribute}} of {{address}} is known only after apply (it holds ids of {{detail}}, and the plan does not say which go where); ${LEFT_OUT}`,
    'dynamic-block': `{{attribute}} of {{address}} is known only after apply (it is set in a dynamic block, which the plan does not describe); ${LEFT_OUT}`,
    'no-configuration': `{{attribute}} of {{address}} is known only after apply (the plan has no configuration for it); ${LEFT_OUT}`,
    'read-on-apply': `{{attribute}} of {{address}} is known only after apply (the data source is read on apply); ${LEFT_OUT}`,
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
