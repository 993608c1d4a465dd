// Routing peers that take routes and forward nothing (docs/netbird-behaviour.md §3): the management
// server still offers them and clients pick them, so what is sent to them is dropped there.
import type { Peer } from './types.js';

export type ForwardingStop = 'disable-server-routes' | 'block-inbound';

/** Why the peer forwards no routed traffic (`local_flags.disable_server_routes`, then `block_inbound`); null when it does. */
export function forwardingStop(peer: Pick<Peer, 'disableServerRoutes' | 'blockInbound'>): ForwardingStop | null {
  if (peer.disableServerRoutes) return 'disable-server-routes';
  if (peer.blockInbound) return 'block-inbound';
  return null;
}
