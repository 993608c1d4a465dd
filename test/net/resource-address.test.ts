import { describe, expect, it } from 'vitest';
import { resourceTarget } from '../../src/net/resource-address.js';

describe('resource addresses', () => {
  it.each([
    ['10.20.0.0/16', { kind: 'network', type: 'subnet', network: '10.20.0.0/16', networkType: 'IPv4' }],
    ['10.20.5.7/32', { kind: 'network', type: 'host', network: '10.20.5.7/32', networkType: 'IPv4' }],
    ['10.20.5.7', { kind: 'network', type: 'host', network: '10.20.5.7/32', networkType: 'IPv4' }],
    ['fd00:1::5', { kind: 'network', type: 'host', network: 'fd00:1::5/128', networkType: 'IPv6' }],
    ['fd00:1::/64', { kind: 'network', type: 'subnet', network: 'fd00:1::/64', networkType: 'IPv6' }],
    ['Wiki.Example.COM', { kind: 'domain', type: 'domain', domain: 'wiki.example.com' }],
    ['*.internal.example.com', { kind: 'domain', type: 'domain', domain: '*.internal.example.com' }],
    ['localhost', null],
    ['10.0.0.300', null],
    ['10.0.0.0/33', null],
    ['a.*.example.com', null],
    ['', null],
  ])('%s', (address, expected) => {
    expect(resourceTarget(address)).toEqual(expected);
  });
});
