import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFromText, readExport } from '../../src/load/export.js';
import { buildModel } from '../../src/model/build.js';
import { evaluatePosture, meetsMinVersion, policyPostureOf, postureInputsOf } from '../../src/model/posture.js';
import type { Model } from '../../src/model/types.js';
import { group, peer, policy, route } from '../support/api.js';

const LINUX = { os: 'Ubuntu 22.04', kernel_version: '6.1.0-18-amd64', version: '0.59.0', country_code: 'DE', city_name: 'Berlin', connection_ip: '203.0.113.10' };

function modelOf(peerFields: Record<string, unknown>, checks: Record<string, unknown>): Model {
  const bundle = {
    routes: [route({ id: 'r1' })],
    peers: [{ ...peer({ id: 'p1', ip: '100.64.0.1' }), ...peerFields }],
    posture_checks: [{ id: 'pc1', name: 'baseline', description: '', checks }],
  };
  return buildModel(exportFromText('bundle.json', JSON.stringify(bundle)))!;
}

function verdictOf(peerFields: Record<string, unknown>, checks: Record<string, unknown>): [string, string[]] {
  const model = modelOf(peerFields, checks);
  const result = evaluatePosture(model.postureChecks!.get('pc1')!, model.peers!.get('p1')!);
  return [result.verdict, result.checks.map((c) => `${c.check}:${c.reason}`)];
}

describe('evaluatePosture', () => {
  it.each([
    ['NetBird version met', LINUX, { nb_version_check: { min_version: '0.28.0' } }, 'pass', ['nb_version_check:version-met']],
    ['NetBird version below', LINUX, { nb_version_check: { min_version: '0.60.0' } }, 'fail', ['nb_version_check:version-below-minimum']],
    ['a -dev suffix is stripped', { ...LINUX, version: '0.60.0-dev' }, { nb_version_check: { min_version: '0.60.0' } }, 'pass', ['nb_version_check:version-met']],
    ['an unparsable version fails', { ...LINUX, version: 'development' }, { nb_version_check: { min_version: '0.28.0' } }, 'fail', ['nb_version_check:version-unparsable']],
    ['Linux kernel up to its first dash', LINUX, { os_version_check: { linux: { min_kernel_version: '6.1' } } }, 'pass', ['os_version_check:version-met']],
    ['an OS without an entry fails', LINUX, { os_version_check: { darwin: { min_version: '13.0' } } }, 'fail', ['os_version_check:os-not-allowed']],
    ['macOS compares the OS version', { ...LINUX, os: 'Darwin 14.2.1' }, { os_version_check: { darwin: { min_version: '14.3' } } }, 'fail', ['os_version_check:version-below-minimum']],
    ['FreeBSD is not checked', { ...LINUX, os: 'FreeBSD 14.0' }, { os_version_check: { linux: { min_kernel_version: '7.0' } } }, 'pass', ['os_version_check:os-not-checked']],
    ['an empty os is unknown', { ...LINUX, os: '' }, { os_version_check: { linux: { min_kernel_version: '5.0' } } }, 'unknown', ['os_version_check:os-unknown']],
    ['country allowed', LINUX, { geo_location_check: { locations: [{ country_code: 'DE' }], action: 'allow' } }, 'pass', ['geo_location_check:location-allowed']],
    ['city must match when given', LINUX, { geo_location_check: { locations: [{ country_code: 'DE', city_name: 'Munich' }], action: 'allow' } }, 'fail', ['geo_location_check:location-not-listed']],
    ['country denied', LINUX, { geo_location_check: { locations: [{ country_code: 'DE' }], action: 'deny' } }, 'fail', ['geo_location_check:location-denied']],
    ['no location fails', { ...LINUX, country_code: '', city_name: '' }, { geo_location_check: { locations: [{ country_code: 'DE' }], action: 'deny' } }, 'fail', ['geo_location_check:location-unknown']],
    ['connection IP in an allowed range', LINUX, { peer_network_range_check: { ranges: ['203.0.113.0/24'], action: 'allow' } }, 'pass', ['peer_network_range_check:range-allowed']],
    ['connection IP in a denied range', LINUX, { peer_network_range_check: { ranges: ['203.0.113.0/24'], action: 'deny' } }, 'fail', ['peer_network_range_check:range-denied']],
    ['a range only a LAN could match', LINUX, { peer_network_range_check: { ranges: ['192.168.0.0/16'], action: 'allow' } }, 'unknown', ['peer_network_range_check:range-not-matched-by-connection-ip']],
    ['process checks cannot be seen', LINUX, { process_check: { processes: [{ linux_path: '/usr/bin/falcon' }] } }, 'unknown', ['process_check:process-not-visible']],
    ['a fail wins over an unknown', LINUX, { nb_version_check: { min_version: '1.0.0' }, process_check: { processes: [] } }, 'fail', ['nb_version_check:version-below-minimum', 'process_check:process-not-visible']],
  ])('%s', (_, peerFields, checks, verdict, reasons) => {
    expect(verdictOf(peerFields, checks)).toEqual([verdict, reasons]);
  });
});

describe('meetsMinVersion', () => {
  const version = fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 4 });
  it('compares numeric segments padded with zeros, as go-version does', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const pad = (v: number[]) => [...v, 0, 0, 0, 0].slice(0, 4);
        const [x, y] = [pad(a), pad(b)];
        const i = x.findIndex((n, k) => n !== y[k]);
        expect(meetsMinVersion(b.join('.'), a.join('.'))).toBe(i < 0 || x[i]! > y[i]!);
      }),
    );
  });

  it.each([
    ['0.60.0-rc1', '0.60.0', false],
    ['v1.2.3', '1.2', true],
    ['1.2.3+build5', '1.2.3', true],
    ['abc', '1.0', null],
  ])('%s >= %s is %s', (v, min, expected) => {
    expect(meetsMinVersion(min, v)).toBe(expected);
  });
});

describe('posture checks in an export', () => {
  it('are read from a directory export as posture-checks.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routelint-posture-'));
    writeFileSync(join(dir, 'routes.json'), JSON.stringify([route({ id: 'r1' })]));
    writeFileSync(join(dir, 'posture-checks.json'), JSON.stringify([{ id: 'pc1', name: 'min-version', checks: { nb_version_check: { min_version: '0.28.0' } } }]));
    const model = buildModel(readExport(dir))!;
    expect([...model.postureChecks!.keys()]).toEqual(['pc1']);
    expect(model.has('posture_checks')).toBe(true);
  });

  it('are absent, not empty, when the export has none', () => {
    const model = buildModel(exportFromText('bundle.json', JSON.stringify({ routes: [route({ id: 'r1' })] })))!;
    expect(model.postureChecks).toBeNull();
    expect(model.has('posture_checks')).toBe(false);
  });
});

describe('posture checks and connectivity (§3)', () => {
  function connects(checks: Record<string, unknown> | null, postureIds: string[]): boolean | null {
    const base = policy({ id: 'pol', sources: ['g-office'], destinations: ['g-gw'] });
    const bundle = {
      routes: [route({ id: 'r1' })],
      groups: [group('g-office', 'office', ['p-a']), group('g-gw', 'gateways', ['p-gw'])],
      peers: [{ ...peer({ id: 'p-a', ip: '100.64.0.1' }), version: '0.59.0' }, peer({ id: 'p-gw', ip: '100.64.0.2' })],
      policies: [{ ...base, source_posture_checks: postureIds }],
      ...(checks ? { posture_checks: [{ id: 'pc1', name: 'baseline', checks }] } : {}),
    };
    return buildModel(exportFromText('bundle.json', JSON.stringify(bundle)))!.policyConnects('p-a', 'p-gw');
  }

  it.each([
    ['a source that passes', { nb_version_check: { min_version: '0.50.0' } }, ['pc1'], true],
    ['a source that fails is no source', { nb_version_check: { min_version: '0.60.0' } }, ['pc1'], false],
    ['an undecidable check counts as passed', { process_check: { processes: [] } }, ['pc1'], true],
    ['a check the export lacks is skipped, as NetBird does', { nb_version_check: { min_version: '0.60.0' } }, ['pc-missing'], true],
    ['without posture checks exported, assumed passed', null, ['pc1'], true],
  ])('%s', (_, checks, ids, expected) => {
    expect(connects(checks, ids)).toBe(expected);
  });
});

describe('postureInputsOf', () => {
  // Small pools, so that peers often agree on some fields and differ on others.
  const field = <T>(...values: T[]) => fc.constantFrom(...values);
  const peerFields = fc.record({
    version: field('0.59.0', '0.60.1-dev', 'development', ''),
    os: field('Ubuntu 22.04', 'Windows 11', 'Darwin 14.2.1', 'FreeBSD 14.0', ''),
    kernel_version: field('6.1.0-18-amd64', '5.4.0', '10.0.22631'),
    country_code: field('DE', 'FR', ''),
    city_name: field('Berlin', 'Paris', ''),
    connection_ip: field('203.0.113.10', '198.51.100.7', '<nil>'),
  });
  const checks = fc.record(
    {
      nb_version_check: fc.constant({ min_version: '0.60.0' }),
      os_version_check: fc.constant({ linux: { min_kernel_version: '6.0' }, windows: { min_kernel_version: '10.0.20000' }, darwin: { min_version: '14.3' } }),
      geo_location_check: fc.constant({ locations: [{ country_code: 'DE', city_name: 'Berlin' }, { country_code: 'FR' }], action: 'allow' }),
      peer_network_range_check: fc.constant({ ranges: ['203.0.113.0/24'], action: 'deny' }),
      process_check: fc.constant({ processes: [] }),
    },
    { requiredKeys: [] },
  );

  it('peers equal on the fields it names get the same verdict', () => {
    fc.assert(
      fc.property(fc.array(checks, { minLength: 1, maxLength: 2 }), fc.array(peerFields, { minLength: 2, maxLength: 12 }), (checkSets, fields) => {
        const model = buildModel(
          exportFromText(
            'bundle.json',
            JSON.stringify({
              routes: [route({ id: 'r1' })],
              peers: fields.map((f, i) => ({ ...peer({ id: `p${i}`, ip: `100.64.0.${i + 1}` }), ...f })),
              posture_checks: checkSets.map((c, i) => ({ id: `pc${i}`, name: `pc${i}`, description: '', checks: c })),
              policies: [{ ...policy({ id: 'pol', sources: ['g'], destinations: ['g'] }), source_posture_checks: checkSets.map((_, i) => `pc${i}`) }],
            }),
          ),
        )!;
        const pol = model.policies![0]!;
        const inputs = postureInputsOf(model.postureChecks, pol);
        const peers = [...model.peers!.values()];
        for (const a of peers) {
          for (const b of peers) {
            if (inputs.every((f) => a[f] === b[f])) expect(policyPostureOf(model.postureChecks, pol, a)).toBe(policyPostureOf(model.postureChecks, pol, b));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
