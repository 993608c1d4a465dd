import { describe, expect, it } from 'vitest';
import { formatAddr, mustParseAddr, parseAddr, parsePrefix } from '../../src/net/prefix.js';

describe('IPv6 addresses with an embedded IPv4 part', () => {
  it.each([
    ['::ffff:1.2.3.4', 0xffff_0102_0304n],
    ['::1.2.3.4', 0x0102_0304n],
    ['64:ff9b::1.2.3.4', (0x64ff9bn << 96n) | 0x0102_0304n],
    ['1:2:3:4:5:6:1.2.3.4', 0x0001_0002_0003_0004_0005_0006_0102_0304n],
  ])('%s has the value netip gives it', (text, value) => {
    expect(parseAddr(text)).toEqual({ ok: true, value: { family: 6, value } });
  });

  it.each([['::ffff:01.2.3.4'], ['::ffff:1.2.3.256'], ['1.2.3.4::'], ['::1.2.3'], ['1:2:3:4:5:6:7:1.2.3.4'], ['::1.2.3.4.5']])('%s is refused', (text) => {
    expect(parseAddr(text).ok).toBe(false);
  });

  it.each([
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['::ffff:0:0', '::ffff:0.0.0.0'],
    ['::102:304', '::102:304'],
    ['fd00::1', 'fd00::1'],
  ])('%s prints as %s', (text, printed) => {
    expect(formatAddr(mustParseAddr(text))).toBe(printed);
  });

  it('masks IPv4-mapped prefixes and prints them as netip does', () => {
    const r = parsePrefix('::ffff:10.1.2.3/112');
    expect(r.ok && r.value.prefix.text).toBe('::ffff:10.1.0.0/112');
    expect(r.ok && r.value.hadHostBits).toBe(true);
  });
});
