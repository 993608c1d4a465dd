import rule from '../../rules/network-id-length.js';
import { route } from '../support/api.js';
import { ruleTable } from '../support/ruleTester.js';

const withoutNetworkId = Object.fromEntries(Object.entries(route({ id: 'r1' })).filter(([k]) => k !== 'network_id'));
// Each emoji is one code point but two UTF-16 units: `.length` would count 80 for these 40.
const fortyEmoji = '🛰'.repeat(40);

ruleTable(rule, {
  valid: [
    { name: 'one character', bundle: { routes: [route({ id: 'r1', network_id: 'a' })] } },
    { name: '40 ASCII characters', bundle: { routes: [route({ id: 'r1', network_id: 'x'.repeat(40) })] } },
    { name: '40 astral code points (80 UTF-16 units)', bundle: { routes: [route({ id: 'r1', network_id: fortyEmoji })] } },
    { name: '40 BMP code points with accents', bundle: { routes: [route({ id: 'r1', network_id: 'Zürich-Büro-'.repeat(3) + 'Genè' })] } },
    { name: 'domain route with a network_id', bundle: { routes: [route({ id: 'r1', network_id: 'wiki', domains: ['wiki.example.com'] })] } },
  ],
  invalid: [
    { name: 'empty network_id', bundle: { routes: [route({ id: 'r1', network_id: '' })] }, errors: [{ messageId: 'empty', routeId: 'r1' }] },
    { name: 'missing network_id', bundle: { routes: [withoutNetworkId] }, errors: [{ messageId: 'empty', routeId: 'r1', line: 3, column: 5 }] },
    { name: '41 ASCII characters', bundle: { routes: [route({ id: 'r1', network_id: 'x'.repeat(41) })] }, errors: [{ messageId: 'tooLong', routeId: 'r1', data: { length: 41 } }] },
    { name: '41 astral code points', bundle: { routes: [route({ id: 'r1', network_id: fortyEmoji + '🛰' })] }, errors: [{ messageId: 'tooLong', routeId: 'r1', data: { length: 41, networkId: fortyEmoji + '🛰' } }] },
    { name: '41 BMP code points with accents', bundle: { routes: [route({ id: 'r1', network_id: 'Zürich-Büro-'.repeat(3) + 'Genèv' })] }, errors: [{ messageId: 'tooLong', routeId: 'r1', data: { length: 41 } }] },
    { name: 'a combining accent counts as its own code point', bundle: { routes: [route({ id: 'r1', network_id: 'e\u0301'.repeat(21) })] }, errors: [{ messageId: 'tooLong', routeId: 'r1', data: { length: 42 } }] },
    {
      name: 'only the bad route of several',
      bundle: { routes: [route({ id: 'r1', network_id: 'office' }), route({ id: 'r2', network_id: 'y'.repeat(100) })] },
      errors: [{ messageId: 'tooLong', routeId: 'r2', data: { length: 100 } }],
    },
  ],
});
