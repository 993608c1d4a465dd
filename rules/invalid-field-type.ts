import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'invalid-field-type',
  type: 'problem',
  description: 'A value in the export has the wrong type or shape; NetBird would not accept it, and routelint leaves the object holding it out of every other check.',
  severity: 'error',
  messages: {
    wrongType: '{{what}} must be {{expected}}, found {{actual}}',
  },
  explanations: {
    wrongType:
      'routelint leaves this object out of its other checks until the field has the right type.',
  },
  check({ model, report }) {
    for (const issue of model.schemaIssues) {
      report({ messageId: 'wrongType', at: issue.loc, data: { what: issue.what, expected: issue.expected, actual: issue.actual }, facts: [issue.what] });
    }
  },
});
