import { describe, expect, it } from 'vitest';
import { portRangeText, ruleCoversTraffic, type Traffic } from '../../src/model/route-access.js';
import type { PolicyRule } from '../../src/model/types.js';

const rule = (protocol: string, ports: [number, number][] = []): PolicyRule =>
  ({ protocol, ports: ports.map(([start, end]) => ({ start, end })) }) as unknown as PolicyRule;

describe('route access helpers', () => {
  it.each([
    [{ start: 443, end: 443 }, '443'],
    [{ start: 8000, end: 8100 }, '8000-8100'],
  ])('writes %j as %s', (range, text) => {
    expect(portRangeText(range)).toBe(text);
  });

  it.each<[string, PolicyRule, Traffic, boolean]>([
    ['all covers anything', rule('all'), { protocol: null, port: null }, true],
    ['tcp without ports covers any tcp port', rule('tcp'), { protocol: 'tcp', port: 22 }, true],
    ['tcp 443 does not cover udp 443', rule('tcp', [[443, 443]]), { protocol: 'udp', port: 443 }, false],
    ['a range covers a port inside it', rule('tcp', [[8000, 8100]]), { protocol: 'tcp', port: 8080 }, true],
    ['a port rule does not cover an unknown port', rule('tcp', [[443, 443]]), { protocol: 'tcp', port: null }, false],
    ['icmp ignores ports', rule('icmp'), { protocol: 'icmp', port: null }, true],
    ['a protocol rule does not cover an unknown protocol', rule('udp'), { protocol: null, port: null }, false],
  ])('%s', (_, r, traffic, covered) => {
    expect(ruleCoversTraffic(r, traffic)).toBe(covered);
  });
});
