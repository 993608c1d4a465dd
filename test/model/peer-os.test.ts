// The one OS classifier (docs/netbird-behaviour.md §5, §8): Linux routes in the kernel, everything else that
// NetBird runs on routes in userspace; an OS nobody recognises counts as Linux.
import { describe, expect, it } from 'vitest';
import { routesInUserspace } from '../../src/model/peerOs.js';

describe('routesInUserspace', () => {
  it.each([
    ['Ubuntu 22.04', false],
    ['Debian GNU/Linux 12', false],
    ['linux', false],
    ['', false],
    ['Windows 11', true],
    ['Microsoft Windows Server 2022', true],
    ['Darwin 15.1', true],
    ['macOS 14.5', true],
    ['Mac OS X 10.15', true],
    ['FreeBSD 14.0', true],
    ['Android 14', true],
    ['iOS 17.5', true],
    ['iPadOS 17.5', true],
    ['tvOS 17.2', true],
  ])('%j → %s', (os, expected) => {
    expect(routesInUserspace({ os })).toBe(expected);
  });
});
