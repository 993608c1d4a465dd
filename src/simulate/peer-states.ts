// Routing peers' states as the source's client sees them: from a parsed status report (matched to
// the export's peers), from `--peer-state` / `--down` flags, or assumed (docs/netbird-behaviour.md §4). The
// parsing of reports and flags is in load/status.ts.
import type { PeerState, StatusReport } from '../load/status.js';
import type { Model } from '../model/types.js';
import { compareStrings } from '../order.js';

/** What the simulator assumes for a routing peer nobody gave a state for. */
export const ASSUMED_STATE: PeerState = Object.freeze({ status: 'Connected', relayed: false, latencyNs: 0 });
/** `--down PEER`: the peer is not available, which the client treats as Connecting. */
export const DOWN_STATE: PeerState = Object.freeze({ status: 'Connecting', relayed: false, latencyNs: 0 });

export type StateOrigin = 'flag' | 'status' | 'assumed' | 'missing';

export interface ResolvedState {
  /** Null: the client does not know the peer (missing from the status report): it skips it. */
  readonly state: PeerState | null;
  readonly origin: StateOrigin;
}

const ASSUMED: ResolvedState = Object.freeze({ state: ASSUMED_STATE, origin: 'assumed' });
const MISSING: ResolvedState = Object.freeze({ state: null, origin: 'missing' });

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
      return s ? { state: s, origin: 'status' } : MISSING;
    }
    // One object for every peer assumed: a covering question keeps one per routing peer and set.
    return ASSUMED;
  }
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
  const peers = [...(model.peers?.values() ?? [])].sort((a, b) => compareStrings(a.id, b.id));
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
