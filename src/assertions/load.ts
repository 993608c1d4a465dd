// Routing assertions files: a list of simulator questions, each with the answer it expects.
import { InputError } from '../errors.js';
import { readTextFile } from '../load/read.js';
import { parseSource, type Position } from '../load/source.js';
import { isObject } from '../model/validate.js';
import { didYouMean, unknownNamesText } from '../suggest.js';
import { DISPOSITIONS, type Disposition } from '../simulate/answer.js';

export interface Expectation {
  /** The routing peer, by id or name. */
  readonly peer?: string;
  readonly network_id?: string;
  readonly disposition?: Disposition;
  readonly nondeterministic?: boolean;
}

export interface Assertion {
  readonly name: string;
  readonly at: Position;
  readonly ip?: string;
  readonly domain?: string;
  readonly from_peer?: string;
  readonly from_group?: string;
  /** Peer → `connected|idle|connecting[,relayed][,latency=MS]`, as `simulate --peer-state`. */
  readonly peer_states: Readonly<Record<string, string>>;
  readonly current?: string;
  readonly exit_node?: string;
  /** The packet, for route firewalls: `tcp`, `udp`, `icmp` or `all`, and a port for tcp or udp. */
  readonly protocol?: string;
  readonly port?: string;
  /** For a group: which members the assertion is about: every member, or those connected (and logged in) in the export. */
  readonly members: MemberFilter;
  /** For a group: how many of those members must get the expected answer; every one when absent. */
  readonly at_least?: Share;
  readonly expect: Expectation;
}

export const MEMBER_FILTERS = ['all', 'connected'] as const;
export type MemberFilter = (typeof MEMBER_FILTERS)[number];

/** `at_least`: a percentage of the members (`90%`), or a number of them (`3`). */
export type Share = { readonly percent: number } | { readonly count: number };

const QUESTION_KEYS = ['name', 'ip', 'domain', 'from_peer', 'from_group', 'members', 'at_least', 'peer_states', 'current', 'exit_node', 'protocol', 'port', 'expect'] as const;

/** Reads `at_least`: `90%` (more than 0, at most 100) or a whole number of members (at least 1); null when it is neither. */
export function shareOf(value: unknown): Share | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 ? { count: value } : null;
  if (typeof value !== 'string') return null;
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (percent) {
    const p = Number(percent[1]);
    return p > 0 && p <= 100 ? { percent: p } : null;
  }
  return /^\s*\d+\s*$/.test(value) && Number(value) >= 1 ? { count: Number(value) } : null;
}
const EXPECT_KEYS = ['peer', 'network_id', 'disposition', 'nondeterministic'] as const;

/** Reads and checks an assertions file (YAML or JSON): a list, or `{assertions: [...]}`. */
export function loadAssertions(path: string): Assertion[] {
  const parsed = parseSource(path, readTextFile(path));
  if (!parsed.ok) throw new InputError(`${path}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`);
  const root = parsed.value;
  const list = Array.isArray(root) ? root : isObject(root) && Array.isArray(root.assertions) ? root.assertions : null;
  const base = Array.isArray(root) ? [] : ['assertions'];
  if (!list) throw new InputError(`${path}: expected a list of assertions (or {assertions: [...]})`);
  if (list.length === 0) throw new InputError(`${path}: the file holds no assertions`);
  return list.map((item: unknown, i: number) => {
    const at = parsed.file.locate([...base, i]);
    const where = `${path}:${at.line}:${at.column}`;
    const fail = (what: string): never => {
      throw new InputError(`${where}: assertion ${i + 1}: ${what}`);
    };
    if (!isObject(item)) return fail('must be an object');
    for (const key of Object.keys(item)) if (!(QUESTION_KEYS as readonly string[]).includes(key)) fail(unknownNamesText('key', [key], QUESTION_KEYS));
    const str = (key: string): string | undefined => {
      const v = item[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string' && typeof v !== 'number') return fail(`${key} must be a string`);
      return String(v);
    };
    const ip = str('ip');
    const domain = str('domain');
    const fromPeer = str('from_peer');
    const fromGroup = str('from_group');
    if ((ip === undefined) === (domain === undefined)) fail('give exactly one of ip and domain');
    if ((fromPeer === undefined) === (fromGroup === undefined)) fail('give exactly one of from_peer and from_group');
    const members = item.members ?? 'all';
    if (!(MEMBER_FILTERS as readonly unknown[]).includes(members)) fail(`members must be one of ${MEMBER_FILTERS.join(', ')}`);
    if (item.members !== undefined && fromGroup === undefined) fail('members goes with from_group (it says which members of the group the assertion is about)');
    const atLeast = item.at_least === undefined || item.at_least === null ? undefined : shareOf(item.at_least);
    if (atLeast === null) fail('at_least must be a percentage of the members, such as 90%, or a number of them, such as 3');
    if (atLeast !== undefined && fromGroup === undefined) fail('at_least goes with from_group (a share of the group\'s members)');
    const states = item.peer_states ?? {};
    if (!isObject(states)) return fail('peer_states must map peers to states, e.g. {gw-berlin-1: connecting}');
    const peerStates: Record<string, string> = {};
    for (const [peer, state] of Object.entries(states)) {
      if (typeof state !== 'string') fail(`peer_states.${peer} must be a state like "connected", "idle,relayed" or "connected,latency=20"`);
      peerStates[peer] = state as string;
    }
    const expect = item.expect;
    if (!isObject(expect) || Object.keys(expect).length === 0) return fail('expect must name at least one of peer, network_id, disposition, nondeterministic');
    for (const key of Object.keys(expect)) if (!(EXPECT_KEYS as readonly string[]).includes(key)) fail(unknownNamesText('expectation', [key], EXPECT_KEYS));
    if (expect.disposition !== undefined && !(DISPOSITIONS as readonly unknown[]).includes(expect.disposition)) fail(`expect.disposition must be one of ${DISPOSITIONS.join(', ')}${typeof expect.disposition === 'string' ? didYouMean(expect.disposition, DISPOSITIONS) : ''}`);
    if (expect.nondeterministic !== undefined && typeof expect.nondeterministic !== 'boolean') fail('expect.nondeterministic must be true or false');
    for (const key of ['peer', 'network_id'] as const) if (expect[key] !== undefined && typeof expect[key] !== 'string') fail(`expect.${key} must be a string`);
    const question = `${fromPeer !== undefined ? `peer ${fromPeer}` : `group ${fromGroup}`} → ${ip ?? domain}`;
    return {
      name: str('name') ?? question,
      at,
      ip,
      domain,
      from_peer: fromPeer,
      from_group: fromGroup,
      peer_states: peerStates,
      current: str('current'),
      exit_node: str('exit_node'),
      protocol: str('protocol'),
      port: str('port'),
      members: members as MemberFilter,
      ...(atLeast ? { at_least: atLeast } : {}),
      expect: expect as Expectation,
    };
  });
}
