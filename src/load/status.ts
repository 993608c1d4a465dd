// Peer states as the user gives them, parsed from text: the `netbird status --json` report
// (docs/netbird-behaviour.md §4: peers.details[] with fqdn, netbirdIp, status, connectionType and latency in
// nanoseconds), `--peer-state` values and batch lines' `peer_states`. Parsing takes text and never
// reads a file; matching states to the export's peers is the simulator's (simulate/peer-states.ts).
import { InputError } from '../errors.js';
import { didYouMean, unknownNamesText } from '../suggest.js';
import { parseSource, type JsonPath, type SourceFile } from './source.js';

export type PeerStatus = 'Connected' | 'Idle' | 'Connecting';

/** A routing peer's state as the source's client sees it. */
export interface PeerState {
  readonly status: PeerStatus;
  readonly relayed: boolean;
  /** Latency in nanoseconds, as `netbird status --json` reports it; 0 when not measured. */
  readonly latencyNs: number;
  /** The report says neither P2P nor Relayed (it prints `-` for every peer not Connected, §10): `relayed` is a guess. */
  readonly connectionUnknown?: boolean;
}

export interface StatusEntry {
  readonly fqdn: string;
  readonly ip: string;
  readonly state: PeerState;
}

export interface StatusReport {
  readonly file: string;
  /** The client's own FQDN and overlay IP, when the report has them. */
  readonly localFqdn: string;
  readonly localIp: string;
  readonly entries: readonly StatusEntry[];
}

function where(file: SourceFile, path: JsonPath): string {
  const pos = file.locate(path);
  return `${file.path}:${pos.line}:${pos.column}`;
}

function describePath(path: JsonPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

const GO_DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Parses a Go duration string (`12.5ms`, `1m2s`, `0s`) into nanoseconds; null when it is not one. */
export function parseGoDuration(text: string): number | null {
  if (text === '0') return 0;
  const re = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * GO_DURATION_UNITS[m[2]!]!;
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? Math.round(total) : null;
}

function parseStatusWord(value: string): PeerStatus | null {
  switch (value.toLowerCase()) {
    case 'connected':
      return 'Connected';
    case 'idle':
      return 'Idle';
    case 'connecting':
    // Older clients report a peer they cannot reach as Disconnected: as unusable as Connecting.
    case 'disconnected':
      return 'Connecting';
    default:
      return null;
  }
}

/** Parses the text of `netbird status --json` (or `--yaml`); a malformed report is an InputError naming the file. */
export function parseStatusReport(path: string, text: string): StatusReport {
  const parsed = parseSource(path, text);
  if (!parsed.ok) throw new InputError(`${path}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message} (not a netbird status --json report)`);
  const { file, value } = parsed;
  const fail = (at: JsonPath, what: string): never => {
    throw new InputError(`${where(file, at)}: ${describePath(at) || 'the report'} ${what} (not a netbird status --json report)`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail([], 'is not an object');
  const root = value as Record<string, unknown>;
  const peers = root.peers;
  if (peers === null || typeof peers !== 'object' || Array.isArray(peers)) fail(['peers'], 'is missing or not an object');
  const details = (peers as Record<string, unknown>).details ?? [];
  if (!Array.isArray(details)) fail(['peers', 'details'], 'is not an array');
  const entries: StatusEntry[] = [];
  (details as unknown[]).forEach((raw, i) => {
    const at: JsonPath = ['peers', 'details', i];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(at, 'is not an object');
    const d = raw as Record<string, unknown>;
    const str = (key: string, required: boolean): string => {
      const v = d[key];
      if (v === undefined || v === null) return required ? fail([...at, key], 'is missing') : '';
      if (typeof v !== 'string') fail([...at, key], 'is not a string');
      return v as string;
    };
    const statusText = str('status', true);
    const status = parseStatusWord(statusText);
    if (!status) fail([...at, 'status'], `"${statusText}" is not Connected, Idle or Connecting`);
    const connectionType = str('connectionType', false);
    let latencyNs = 0;
    const rawLatency = d.latency;
    if (typeof rawLatency === 'number') {
      if (!Number.isFinite(rawLatency) || rawLatency < 0) fail([...at, 'latency'], `${rawLatency} is not a latency in nanoseconds`);
      latencyNs = rawLatency;
    } else if (typeof rawLatency === 'string') {
      const ns = parseGoDuration(rawLatency);
      if (ns === null) fail([...at, 'latency'], `"${rawLatency}" is not a latency`);
      latencyNs = ns as number;
    } else if (rawLatency !== undefined && rawLatency !== null) {
      fail([...at, 'latency'], 'is not a number of nanoseconds');
    }
    const ip = str('netbirdIp', false);
    const fqdn = str('fqdn', false);
    if (ip === '' && fqdn === '') fail(at, 'has neither netbirdIp nor fqdn');
    const kind = connectionType.toLowerCase();
    const known = kind === 'relayed' || kind === 'p2p';
    entries.push({ fqdn, ip, state: Object.freeze({ status: status as PeerStatus, relayed: kind === 'relayed', latencyNs, ...(known ? {} : { connectionUnknown: true }) }) });
  });
  const text2 = (v: unknown): string => (typeof v === 'string' ? v : '');
  return { file: path, localFqdn: text2(root.fqdn), localIp: text2(root.netbirdIp), entries };
}

/**
 * Splits one `--peer-state PEER=STATE[,relayed][,latency=MS]` value into the PEER part (an id or a
 * name, for the simulator to resolve) and the state text (see parsePeerStateText).
 */
export function splitPeerStateFlag(spec: string, label = peerStateFlagLabel(spec)): { peerRef: string; stateText: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new InputError(`${label}: expected PEER=STATE[,relayed][,latency=MS]`);
  return { peerRef: spec.slice(0, eq), stateText: spec.slice(eq + 1) };
}

/** How errors name one `--peer-state` value. */
export function peerStateFlagLabel(spec: string): string {
  return `--peer-state "${spec}"`;
}

/** The states a flag or a batch line may give a peer, and the keys of a structured one. */
const STATE_WORDS = ['connected', 'idle', 'connecting'] as const;
const STATE_KEYS = ['status', 'relayed', 'latency_ms'] as const;

/** Parses `STATE[,relayed][,latency=MS]`, STATE connected|idle|connecting; `label` names the value in errors. */
export function parsePeerStateText(text: string, label: string): PeerState {
  const [statusText = '', ...options] = text.split(',');
  const status = parseStatusWord(statusText);
  if (!status || statusText.toLowerCase() === 'disconnected') throw new InputError(`${label}: state "${statusText}" is not connected, idle or connecting${didYouMean(statusText, STATE_WORDS)}`);
  let relayed = false;
  let latencyNs = 0;
  for (const option of options) {
    const lower = option.toLowerCase();
    if (lower === 'relayed') relayed = true;
    else if (lower === 'direct' || lower === 'p2p') relayed = false;
    else if (lower.startsWith('latency=')) {
      const msText = option.slice('latency='.length);
      const ms = /^[0-9]+(\.[0-9]+)?$/.test(msText) ? Number(msText) : NaN;
      if (!Number.isFinite(ms)) throw new InputError(`${label}: latency "${msText}" is not a number of milliseconds`);
      latencyNs = Math.round(ms * 1e6);
    } else throw new InputError(`${label}: unknown option "${option}"${didYouMean(option.split('=')[0]!, ['relayed', 'latency'])} (expected relayed or latency=MS)`);
  }
  return Object.freeze({ status, relayed, latencyNs });
}

/** Parses a structured state `{status, relayed?, latency_ms?}`; `label` names the value in errors. */
export function parsePeerStateObject(value: Record<string, unknown>, label: string): PeerState {
  for (const key of Object.keys(value)) {
    if (!(STATE_KEYS as readonly string[]).includes(key)) throw new InputError(`${label}: ${unknownNamesText('key', [key], STATE_KEYS)}`);
  }
  const status = typeof value.status === 'string' ? parseStatusWord(value.status) : null;
  if (!status || (value.status as string).toLowerCase() === 'disconnected') throw new InputError(`${label}: status ${JSON.stringify(value.status ?? null)} is not connected, idle or connecting${typeof value.status === 'string' ? didYouMean(value.status, STATE_WORDS) : ''}`);
  if (value.relayed !== undefined && typeof value.relayed !== 'boolean') throw new InputError(`${label}: relayed is not true or false`);
  const ms = value.latency_ms ?? 0;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new InputError(`${label}: latency_ms is not a number of milliseconds`);
  return Object.freeze({ status, relayed: value.relayed === true, latencyNs: Math.round(ms * 1e6) });
}
