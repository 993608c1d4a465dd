import rule from '../../rules/invalid-domains.js';
import { route } from '../support/api.js';
import { ruleTable, type InvalidCase, type ValidCase } from '../support/ruleTester.js';

const ok = (name: string, domains: string[]): ValidCase => ({ name, bundle: { routes: [route({ id: 'r1', domains })] } });
const bad = (name: string, domains: string[], messageId: string, domain: string): InvalidCase => ({
  name,
  bundle: { routes: [route({ id: 'r1', domains })] },
  errors: [{ messageId, routeId: 'r1', data: { domain } }],
});
const many = (n: number): string[] => Array.from({ length: n }, (_, i) => `host${i}.example.com`);

ruleTable(rule, {
  valid: [
    ok('plain name', ['wiki.example.com']),
    ok('single label', ['intranet']),
    ok('unicode name converts to punycode', ['bücher.example']),
    ok('punycode form of the same name', ['xn--bcher-kva.example']),
    ok('all-unicode labels', ['中国.中国']),
    ok('upper case is lower-cased', ['Wiki.Example.COM']),
    ok('leading wildcard', ['*.example.com']),
    ok('leading wildcard over a single label', ['*.internal']),
    ok('leading wildcard before a unicode name', ['*.bücher.example']),
    ok('underscores in service labels', ['_sip._tcp.example.com']),
    ok('single-character underscore label', ['_.example.com']),
    ok('hyphens inside labels', ['my-host.ex-ample.com']),
    ok('digits only', ['1.2.3.4']),
    ok('63-character label', [`${'a'.repeat(63)}.example.com`]),
    ok('32 domains', many(32)),
    ok('trailing hyphen hidden inside punycode', ['ü-.example']),
    { name: 'network route is not checked', bundle: { routes: [route({ id: 'r1', network: '10.0.0.0/8' })] } },
  ],
  invalid: [
    {
      name: '33 domains',
      bundle: { routes: [route({ id: 'r1', domains: many(33) })] },
      errors: [{ messageId: 'tooMany', routeId: 'r1', data: { count: 33 } }],
    },
    bad('wildcard in the middle', ['a.*.example.com'], 'badWildcard', 'a.*.example.com'),
    bad('dot before the wildcard', ['.*.example.com'], 'badWildcard', '.*.example.com'),
    bad('two wildcard labels', ['*.*.x'], 'badWildcard', '*.*.x'),
    bad('bare wildcard', ['*'], 'badWildcard', '*'),
    bad('wildcard inside a label', ['foo*.example.com'], 'badWildcard', 'foo*.example.com'),
    bad('wildcard without a name', ['*.'], 'invalidDomain', '*.'),
    bad('leading hyphen', ['-example.com'], 'invalidDomain', '-example.com'),
    bad('trailing hyphen', ['example-.com'], 'invalidDomain', 'example-.com'),
    bad('trailing hyphen on the last label', ['example.com-'], 'invalidDomain', 'example.com-'),
    bad('trailing underscore', ['host_.example.com'], 'invalidDomain', 'host_.example.com'),
    bad('last label starting with an underscore', ['example._com'], 'invalidDomain', 'example._com'),
    bad('empty label', ['a..example.com'], 'invalidDomain', 'a..example.com'),
    bad('leading dot', ['.example.com'], 'invalidDomain', '.example.com'),
    bad('trailing dot', ['example.com.'], 'invalidDomain', 'example.com.'),
    bad('64-character label', [`${'a'.repeat(64)}.example.com`], 'invalidDomain', `${'a'.repeat(64)}.example.com`),
    bad('space', ['exa mple.com'], 'invalidDomain', 'exa mple.com'),
    bad('percent escape is not decoded', ['ex%41mple.com'], 'invalidDomain', 'ex%41mple.com'),
    bad('comma', ['invalid,nbdomain.com'], 'invalidDomain', 'invalid,nbdomain.com'),
    bad('URL instead of a name', ['https://example.com'], 'invalidDomain', 'https://example.com'),
    bad('empty name', [''], 'invalidDomain', ''),
    bad('punycode label that does not decode', ['xn--ü.example'], 'notPunycode', 'xn--ü.example'),
    bad('ASCII punycode label that does not decode', ['xn---a.example'], 'notPunycode', 'xn---a.example'),
    {
      name: 'each bad element is its own finding, pointing at the element',
      bundle: { routes: [route({ id: 'r1', domains: ['good.example.com', 'a.*.example.com', 'bad-.example.com'] })] },
      errors: [
        { messageId: 'badWildcard', routeId: 'r1', data: { domain: 'a.*.example.com' }, line: 7, column: 9 },
        { messageId: 'invalidDomain', routeId: 'r1', data: { domain: 'bad-.example.com' }, line: 8, column: 9 },
      ],
    },
    {
      name: 'too many and a bad element',
      bundle: { routes: [route({ id: 'r1', domains: [...many(32), '-x.example.com'] })] },
      errors: [
        { messageId: 'tooMany', routeId: 'r1', data: { count: 33 } },
        { messageId: 'invalidDomain', routeId: 'r1', data: { domain: '-x.example.com' } },
      ],
    },
    {
      name: 'domains next to a network are still checked',
      bundle: { routes: [route({ id: 'r1', domains: ['-x.example.com'], network: '10.0.0.0/8' })] },
      errors: [{ messageId: 'invalidDomain', routeId: 'r1' }],
    },
  ],
});
