import { describe, expect, it } from 'vitest';
import { isPrivatePrefix, mustParsePrefix } from '../../src/net/prefix.js';

describe('isPrivatePrefix', () => {
  it.each([
    ['10.0.0.0/8', true],
    ['10.20.30.0/24', true],
    ['172.16.0.0/12', true],
    ['172.31.255.255/32', true],
    ['172.32.0.0/16', false],
    ['172.0.0.0/8', false],
    ['192.168.1.0/24', true],
    ['192.169.0.0/16', false],
    ['100.64.0.0/10', false],
    ['0.0.0.0/0', false],
    ['8.0.0.0/7', false],
    ['fd00:1234::/64', true],
    ['fc00::/7', true],
    ['fc00::/6', false],
    ['fe80::/10', false],
    ['2001:db8::/32', false],
    ['::/0', false],
    ['::ffff:10.0.0.0/104', false],
  ])('%s: %s', (text, expected) => {
    expect(isPrivatePrefix(mustParsePrefix(text))).toBe(expected);
  });
});
