// Posture checks, evaluated as NetBird's management server does (docs/netbird-behaviour.md §9):
// a peer passes a posture check when it passes every check in it, and a policy's sources are only
// the peers that pass all of its `source_posture_checks`. What the export cannot decide (process
// checks, network ranges that only a local interface could match, an unknown OS) is `unknown`:
// the caller states an assumption and lets the user say pass or fail.
import { containsAddr, parseAddr, parsePrefix, type Addr } from '../net/prefix.js';
import { platformOf } from './peerOs.js';
import type { MinVersion, Peer, Policy, PostureCheck } from './types.js';

/** The checks of one posture check, in the order NetBird runs them. */
export const CHECK_NAMES = ['nb_version_check', 'os_version_check', 'geo_location_check', 'peer_network_range_check', 'process_check'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export type CheckVerdict = 'pass' | 'fail' | 'unknown';

export interface CheckResult {
  readonly check: CheckName;
  readonly verdict: CheckVerdict;
  /** Why, as a closed vocabulary for tools; see `PostureReason`. */
  readonly reason: PostureReason;
}

export type PostureReason =
  | 'version-met'
  | 'version-below-minimum'
  | 'version-unparsable'
  | 'os-not-allowed'
  | 'os-not-checked'
  | 'os-unknown'
  | 'location-unknown'
  | 'location-allowed'
  | 'location-denied'
  | 'location-not-listed'
  | 'range-allowed'
  | 'range-denied'
  | 'range-not-matched-by-connection-ip'
  | 'invalid-action'
  | 'process-not-visible';

export interface PostureResult {
  readonly verdict: CheckVerdict;
  /** Every check that ran, in NetBird's order; the first `fail` is the one NetBird stops at. */
  readonly checks: readonly CheckResult[];
}

interface ParsedVersion {
  readonly segments: readonly number[];
  readonly prerelease: string;
}

// hashicorp/go-version, which NetBird uses: `v`, dot-separated numbers, then an optional pre-release and build metadata.
const GO_VERSION = /^v?([0-9]+(?:\.[0-9]+)*)(?:-([0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*)|([A-Za-z\-~]+[0-9A-Za-z\-~]*(?:\.[0-9A-Za-z\-~]+)*))?(?:\+[0-9A-Za-z\-~]+(?:\.[0-9A-Za-z\-~]+)*)?$/;

/** Parsed versions by text: an account's peers run a few versions, and a check visits every peer. Bounded. */
const parsedVersions = new Map<string, ParsedVersion | null>();

function parseVersion(text: string): ParsedVersion | null {
  let parsed = parsedVersions.get(text);
  if (parsed !== undefined) return parsed;
  const m = GO_VERSION.exec(text.trim());
  parsed = m ? { segments: m[1]!.split('.').map(Number), prerelease: m[2] ?? m[3] ?? '' } : null;
  if (parsedVersions.size >= 4096) parsedVersions.clear();
  parsedVersions.set(text, parsed);
  return parsed;
}

function compareSegments(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length, 3); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * go-version's `>= min`: numeric segments padded with zeros; a pre-release version never meets a
 * constraint without one, and meets one with a pre-release only on the same segments.
 */
export function meetsMinVersion(min: string, version: string): boolean | null {
  const v = parseVersion(version);
  const c = parseVersion(min);
  if (!v || !c) return null;
  const bySegments = compareSegments(v.segments, c.segments);
  if (v.prerelease !== '' && c.prerelease === '') return false;
  if (v.prerelease !== '' && c.prerelease !== '') return bySegments === 0 && v.prerelease >= c.prerelease;
  return bySegments >= 0;
}

function versionCheck(check: CheckName, min: MinVersion, version: string): CheckResult {
  const met = meetsMinVersion(min.minVersion, version);
  if (met === null) return { check, verdict: 'fail', reason: 'version-unparsable' };
  return { check, verdict: met ? 'pass' : 'fail', reason: met ? 'version-met' : 'version-below-minimum' };
}

/** NetBird strips everything after a `-` from both versions before comparing NetBird versions. */
function nbVersionCheck(min: MinVersion, peer: Peer): CheckResult {
  const strip = (v: string): string => v.split('-')[0]!;
  return versionCheck('nb_version_check', { minVersion: strip(min.minVersion) }, strip(peer.version));
}

function osVersionCheck(os: NonNullable<PostureCheck['checks']['osVersion']>, peer: Peer): CheckResult {
  const check = 'os_version_check';
  const platform = platformOf(peer.os);
  if (platform === 'unknown') return { check, verdict: 'unknown', reason: 'os-unknown' };
  // NetBird checks only these five; a client on any other platform passes.
  if (platform === 'freebsd' || platform === 'other') return { check, verdict: 'pass', reason: 'os-not-checked' };
  const min = os[platform];
  if (!min) return { check, verdict: 'fail', reason: 'os-not-allowed' };
  // Linux and Windows compare the kernel version (Linux's up to its first `-`); the others the OS
  // version, which the API shows as the last word of `os` (`Darwin 14.2.1`, `Android 14`).
  if (platform === 'linux') return versionCheck(check, min, peer.kernelVersion.split('-')[0]!);
  if (platform === 'windows') return versionCheck(check, min, peer.kernelVersion);
  return versionCheck(check, min, peer.os.trim().split(/\s+/).pop()!);
}

function byAction(check: CheckName, action: string, matched: boolean, reasons: readonly [PostureReason, PostureReason, PostureReason]): CheckResult {
  if (action !== 'allow' && action !== 'deny') return { check, verdict: 'fail', reason: 'invalid-action' };
  const [allowed, denied, notListed] = reasons;
  if (matched) return action === 'allow' ? { check, verdict: 'pass', reason: allowed } : { check, verdict: 'fail', reason: denied };
  return { check, verdict: action === 'deny' ? 'pass' : 'fail', reason: notListed };
}

function geoCheck(geo: NonNullable<PostureCheck['checks']['geoLocation']>, peer: Peer): CheckResult {
  const check = 'geo_location_check';
  if (peer.countryCode === '' && peer.cityName === '') return { check, verdict: 'fail', reason: 'location-unknown' };
  const matched = geo.locations.some((l) => l.countryCode === peer.countryCode && (l.cityName === '' || l.cityName === peer.cityName));
  return byAction(check, geo.action, matched, ['location-allowed', 'location-denied', 'location-not-listed']);
}

function rangeCheck(range: NonNullable<PostureCheck['checks']['networkRange']>, peer: Peer): CheckResult {
  const check = 'peer_network_range_check';
  // The API prints a missing address as "<nil>" (Go's net.IP): that parses as nothing.
  const parsedIp = peer.connectionIp ? parseAddr(peer.connectionIp) : null;
  const connectionIp: Addr | null = parsedIp?.ok ? parsedIp.value : null;
  const matched =
    connectionIp !== null &&
    range.ranges.some((text) => {
      const parsed = parsePrefix(text);
      return parsed.ok && parsed.value.prefix.family === connectionIp.family && containsAddr(parsed.value.prefix, connectionIp);
    });
  if (matched) return byAction(check, range.action, true, ['range-allowed', 'range-denied', 'range-allowed']);
  if (range.action !== 'allow' && range.action !== 'deny') return { check, verdict: 'fail', reason: 'invalid-action' };
  // The peer's local interface addresses count too, and the API does not show them.
  return { check, verdict: 'unknown', reason: 'range-not-matched-by-connection-ip' };
}

/** Every check of `posture` on `peer`, in NetBird's order, and the overall verdict (a fail wins over an unknown). */
export function evaluatePosture(posture: PostureCheck, peer: Peer): PostureResult {
  const { checks } = posture;
  const results: CheckResult[] = [];
  if (checks.nbVersion) results.push(nbVersionCheck(checks.nbVersion, peer));
  if (checks.osVersion) results.push(osVersionCheck(checks.osVersion, peer));
  if (checks.geoLocation) results.push(geoCheck(checks.geoLocation, peer));
  if (checks.networkRange) results.push(rangeCheck(checks.networkRange, peer));
  if (checks.process) results.push({ check: 'process_check', verdict: 'unknown', reason: 'process-not-visible' });
  const verdict: CheckVerdict = results.some((r) => r.verdict === 'fail') ? 'fail' : results.some((r) => r.verdict === 'unknown') ? 'unknown' : 'pass';
  return { verdict, checks: results };
}

/** The peer fields posture checks read (`evaluatePosture`). */
export type PostureInput = 'version' | 'os' | 'kernelVersion' | 'countryCode' | 'cityName' | 'connectionIp';

/**
 * The peer fields the checks of `policy` read: two peers equal on them get the same
 * `policyPostureOf` verdict, so a verdict over many peers is worked out once per distinct value.
 */
export function postureInputsOf(checks: ReadonlyMap<string, PostureCheck> | null, policy: Policy): readonly PostureInput[] {
  const inputs = new Set<PostureInput>();
  for (const id of policy.sourcePostureCheckIds) {
    const check = checks?.get(id)?.checks;
    if (!check) continue;
    if (check.nbVersion) inputs.add('version');
    if (check.osVersion) (inputs.add('os'), inputs.add('kernelVersion'));
    if (check.geoLocation) (inputs.add('countryCode'), inputs.add('cityName'));
    if (check.networkRange) inputs.add('connectionIp');
  }
  return [...inputs];
}

/** The user's word on a posture check (`--posture CHECK=pass|fail`), by check id; null when none. */
export type PostureOverride = (checkId: string) => CheckVerdict | null;

/**
 * The verdict of a policy's source posture checks for a peer: `fail` when one decided check fails,
 * `unknown` when the export cannot decide one, else `pass`. A check id the export lacks is skipped,
 * as NetBird skips it; without a posture checks section every named check is `unknown`.
 */
export function policyPostureOf(checks: ReadonlyMap<string, PostureCheck> | null, policy: Policy, peer: Peer | undefined, override?: PostureOverride): CheckVerdict {
  let verdict: CheckVerdict = 'pass';
  for (const id of policy.sourcePostureCheckIds) {
    const forced = override?.(id) ?? null;
    const check = checks?.get(id);
    const result: CheckVerdict = forced ?? (!checks ? 'unknown' : !check ? 'pass' : !peer ? 'unknown' : evaluatePosture(check, peer).verdict);
    if (result === 'fail') return 'fail';
    if (result === 'unknown') verdict = 'unknown';
  }
  return verdict;
}
