// Routing peers' states as the source's client sees them: from `netbird status --json` (reference
// §4: peers.details[] with fqdn, netbirdIp, status, connectionType and latency in nanoseconds),
// from `--peer-state` / `--down` flags, or assumed. Parsing takes text, never reads a file.
import { InputError } from '../errors.js';
import { parseSource, type JsonPath, type SourceFile } from '../load/source.js';
import type { Model } from '../model/types.js';
import type { PeerState, PeerStatus } from './score.js';

/** What the simulator assumes for a routing peer nobody gave a state for. */
export const ASSUMED_STATE: PeerState = Object.freeze({ status: 'Connected', relayed: false, latencyNs: 0 });
/** `--down PEER`: the peer is not available, which the client treats as Connecting. */
export const DOWN_STATE: PeerState = Object.freeze({ status: 'Connecting', relayed: false, latencyNs: 0 });

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

export type StateOrigin = 'flag' | 'status' | 'assumed' | 'missing';

export interface ResolvedState {
  /** Null: the client does not know the peer (missing from the status report): it skips it. */
  readonly state: PeerState | null;
  readonly origin: StateOrigin;
}

/** States of routing peers by peer id, from a status report and flags; flags win. */
export class PeerStates {
  constructor(
    /** From `--peer-state` and `--down`, by peer id. */
    readonly overrides: ReadonlyMap<string, PeerState> = new Map(),
    /** From `--status`, matched to API peers by peer id; null without a status report. */
    readonly reported: { readonly file: string; readonly byPeer: ReadonlyMap<string, PeerState>; readonly unmatched: number; readonly localPeerId: string | null } | null = null,
  ) {}

  /** Was any state given at all? Without one, every routing peer is assumed connected. */
  get given(): boolean {
    return this.overrides.size > 0 || this.reported !== null;
  }

  lookup(peerId: string): ResolvedState {
    const flag = this.overrides.get(peerId);
    if (flag) return { state: flag, origin: 'flag' };
    if (this.reported) {
      const s = this.reported.byPeer.get(peerId);
      return s ? { state: s, origin: 'status' } : { state: null, origin: 'missing' };
    }
    return { state: ASSUMED_STATE, origin: 'assumed' };
  }
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
    entries.push({ fqdn, ip, state: Object.freeze({ status: status as PeerStatus, relayed: connectionType.toLowerCase() === 'relayed', latencyNs }) });
  });
  const text2 = (v: unknown): string => (typeof v === 'string' ? v : '');
  return { file: path, localFqdn: text2(root.fqdn), localIp: text2(root.netbirdIp), entries };
}

/** `100.64.0.7/16` → `100.64.0.7`; FQDNs compare without case and trailing dot. */
function ipKey(ip: string): string {
  const slash = ip.indexOf('/');
  return slash < 0 ? ip : ip.slice(0, slash);
}

function fqdnKey(fqdn: string): string {
  return fqdn.toLowerCase().replace(/\.$/, '');
}

/** Matches a status report to the export's peers: `netbirdIp` = peer `ip`, else `fqdn` = `dns_label`. */
export function matchStatusReport(model: Model, report: StatusReport): NonNullable<PeerStates['reported']> {
  const byIp = new Map<string, string>();
  const byFqdn = new Map<string, string>();
  const peers = [...(model.peers?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const p of peers) {
    if (p.ip && !byIp.has(p.ip)) byIp.set(p.ip, p.id);
    if (p.dnsLabel && !byFqdn.has(fqdnKey(p.dnsLabel))) byFqdn.set(fqdnKey(p.dnsLabel), p.id);
  }
  const byPeer = new Map<string, PeerState>();
  let unmatched = 0;
  for (const e of report.entries) {
    const id = (e.ip && byIp.get(ipKey(e.ip))) || (e.fqdn && byFqdn.get(fqdnKey(e.fqdn))) || null;
    if (id === null) unmatched++;
    else if (!byPeer.has(id)) byPeer.set(id, e.state);
  }
  const localPeerId = (report.localIp && byIp.get(ipKey(report.localIp))) || (report.localFqdn && byFqdn.get(fqdnKey(report.localFqdn))) || null;
  return { file: report.file, byPeer, unmatched, localPeerId };
}

/**
 * Parses one `--peer-state PEER=STATE[,relayed][,latency=MS]` value. `resolvePeer` turns the PEER
 * part (id or name) into a peer id or throws an InputError listing the candidates.
 */
export function parsePeerStateFlag(spec: string, resolvePeer: (ref: string) => string, label = `--peer-state "${spec}"`): { peerId: string; state: PeerState } {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new InputError(`${label}: expected PEER=STATE[,relayed][,latency=MS]`);
  const peerId = resolvePeer(spec.slice(0, eq));
  return { peerId, state: parsePeerStateText(spec.slice(eq + 1), label) };
}

/** Parses `STATE[,relayed][,latency=MS]`, STATE connected|idle|connecting; `label` names the value in errors. */
export function parsePeerStateText(text: string, label: string): PeerState {
  const [statusText = '', ...options] = text.split(',');
  const status = parseStatusWord(statusText);
  if (!status || statusText.toLowerCase() === 'disconnected') throw new InputError(`${label}: state "${statusText}" is not connected, idle or connecting`);
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
    } else throw new InputError(`${label}: unknown option "${option}" (expected relayed or latency=MS)`);
  }
  return Object.freeze({ status, relayed, latencyNs });
}

/** Parses a structured state `{status, relayed?, latency_ms?}`; `label` names the value in errors. */
export function parsePeerStateObject(value: Record<string, unknown>, label: string): PeerState {
  for (const key of Object.keys(value)) {
    if (key !== 'status' && key !== 'relayed' && key !== 'latency_ms') throw new InputError(`${label}: unknown key "${key}" (expected status, relayed, latency_ms)`);
  }
  const status = typeof value.status === 'string' ? parseStatusWord(value.status) : null;
  if (!status || (value.status as string).toLowerCase() === 'disconnected') throw new InputError(`${label}: status ${JSON.stringify(value.status ?? null)} is not connected, idle or connecting`);
  if (value.relayed !== undefined && typeof value.relayed !== 'boolean') throw new InputError(`${label}: relayed is not true or false`);
  const ms = value.latency_ms ?? 0;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new InputError(`${label}: latency_ms is not a number of milliseconds`);
  return Object.freeze({ status, relayed: value.relayed === true, latencyNs: Math.round(ms * 1e6) });
}

/** Milliseconds for display: `12 ms`, `0.5 ms`. */
export function formatLatency(ns: number): string {
  const ms = ns / 1e6;
  return `${Number.isInteger(ms) ? ms : Number(ms.toFixed(3))} ms`;
}
