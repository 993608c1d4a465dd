import { describe, expect, it } from 'vitest';
import { fillMessage } from '../../src/engine/rule.js';

describe('fillMessage', () => {
  it.each([
    ['no placeholder', 'plain text', undefined, 'plain text'],
    ['one placeholder', 'route {{id}} is bad', { id: 'r1' }, 'route r1 is bad'],
    ['spaces inside the braces', '{{ id }}!', { id: 'r1' }, 'r1!'],
    ['the same placeholder twice, a number, at both ends', '{{n}} of {{total}}: {{n}}', { n: 3, total: 7 }, '3 of 7: 3'],
    ['replacement patterns in a value stay as they are', 'name {{name}}', { name: "$& $1 $$ $'" }, "name $& $1 $$ $'"],
    ['single braces are text', '{id} {{id}}', { id: 'x' }, '{id} x'],
    ['an empty value is written as an empty quoted string', 'Route {{networkId}} has no peer', { networkId: '' }, 'Route "" has no peer'],
    ['an empty value the template quotes stays empty', 'network "{{network}}" is not a prefix', { network: '' }, 'network "" is not a prefix'],
    ['empty values at the very start and end', '{{a}} and {{b}}', { a: '', b: '' }, '"" and ""'],
    ['a quote on one side only is no quoting', 'x "{{a}} y', { a: '' }, 'x """ y'],
    ['a value of spaces is a value', '[{{a}}]', { a: ' ' }, '[ ]'],
  ])('%s', (_, template, data, expected) => {
    expect(fillMessage(template, data, 'some-rule')).toBe(expected);
    // Asked again (the split template is kept): the same text.
    expect(fillMessage(template, data, 'some-rule')).toBe(expected);
  });

  it('throws naming the rule and the placeholder when the data lacks it', () => {
    expect(() => fillMessage('{{missing}}', { other: 1 }, 'some-rule')).toThrow(/some-rule.*\{\{missing\}\}/);
  });
});
