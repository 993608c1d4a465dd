import rule from '../../rules/domain-wildcard-apex.js';
import { route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

const domains = (...list: string[]) => ({ routes: [route({ id: 'r1', domains: list })] });

ruleTable(rule, {
  valid: [
    { name: 'wildcard with its apex', bundle: domains('*.example.com', 'example.com') },
    { name: 'apex listed first', bundle: domains('example.com', '*.example.com') },
    { name: 'plain names', bundle: domains('a.example.com', 'b.example.com') },
    { name: 'apex in another case', bundle: domains('*.example.com', 'Example.com') },
    { name: 'network route', bundle: { routes: [route({ id: 'r1' })] } },
  ],
  invalid: [
    { name: 'wildcard alone', bundle: domains('*.example.com'), errors: [{ messageId: 'apexMissing', routeId: 'r1', data: { wildcard: '*.example.com', apex: 'example.com' } }] },
    { name: 'a deeper name is not the apex', bundle: domains('*.example.com', 'www.example.com'), errors: [{ messageId: 'apexMissing', data: { apex: 'example.com' } }] },
    { name: 'the parent of the apex is not the apex', bundle: domains('*.internal.example.com', 'example.com'), errors: [{ messageId: 'apexMissing', data: { apex: 'internal.example.com' } }] },
    {
      name: 'one finding per wildcard, pointing at it',
      bundle: domains('*.a.test', 'b.test', '*.b.test', '*.c.test'),
      errors: [
        { messageId: 'apexMissing', data: { wildcard: '*.a.test' }, line: 6 },
        { messageId: 'apexMissing', data: { wildcard: '*.c.test' }, line: 9 },
      ],
    },
  ],
});
