import { describe, expect, it } from 'vitest';
import { exportFromText } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import { clientRefusal, overlayOf } from '../../src/model/overlay.js';
import { mustParsePrefix } from '../../src/net/prefix.js';
import { peer, route } from '../support/api.js';

const modelWith = (peers: { ip: string; ipv6?: string }[]) => {
  const bundle = { routes: [route({ id: 'r1' })], peers: peers.map((p, i) => peer({ id: `p${i}`, ...p })) };
  return buildModel(exportFromText('bundle.json', JSON.stringify(bundle)))!;
};

describe('overlayOf', () => {
  it.each([
    ['the /16 most peers are in', [{ ip: '100.92.0.1' }, { ip: '100.92.3.4' }, { ip: '100.70.0.1' }], '100.92.0.0/16'],
    ['only addresses inside 100.64.0.0/10 count', [{ ip: '192.168.1.5' }, { ip: '192.168.1.6' }, { ip: '100.92.0.1' }], '100.92.0.0/16'],
    ['none without an overlay address', [{ ip: '10.0.0.1' }], null],
  ])('%s', (_, peers, expected) => {
    expect(overlayOf(modelWith(peers)).v4?.text ?? null).toBe(expected);
  });

  it('takes the IPv6 /64 from the peers that have one', () => {
    expect(overlayOf(modelWith([{ ip: '100.92.0.1', ipv6: 'fd00:1234:5678:1::5' }, { ip: '100.92.0.2' }])).v6?.text).toBe('fd00:1234:5678:1::/64');
  });
});

describe('clientRefusal', () => {
  const overlay = { v4: mustParsePrefix('100.92.0.0/16'), v6: mustParsePrefix('fd00:1234:5678:1::/64') };
  it.each([
    ['100.92.5.0/24', 'overlay'],
    ['100.64.0.0/10', null], // only the network address is tested: 100.64.0.0 is outside 100.92.0.0/16
    ['100.92.0.0/15', 'overlay'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['224.0.0.0/4', 'multicast'],
    ['0.0.0.0/0', null],
    ['0.0.0.0/8', 'unspecified'],
    ['fd00:1234:5678:1::/64', 'overlay'],
    ['10.0.0.0/8', null],
  ])('%s → %s', (prefix, refusal) => {
    expect(clientRefusal(mustParsePrefix(prefix), overlay)).toBe(refusal);
  });
});
