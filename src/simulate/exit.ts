// Exit node activation on the client (docs/netbird-behaviour.md §6): at most one exit node is active. The user's
// selection wins; otherwise, among exit sets with at least one route whose skip_auto_apply is
// false, the lexicographically smallest network_id (compared as bytes, like Go strings) is
// applied, whatever the metrics. A `<id>-v6` ::/0 set paired with a 0.0.0.0/0 set `<id>` follows
// its base; an unpaired `-v6` exit set is not part of that choice and applies on its own.
import { compareCodePoints } from '../order.js';
import { V6_TWIN_NETWORK_SUFFIX, type SetDelivery, type SimRoute } from './distribution.js';

export interface ExitSelection {
  /** Network ids of the exit sets the client installs. */
  readonly active: ReadonlySet<string>;
  /** The exit node chosen by the rules above (the user's or auto-applied); null when none. */
  readonly chosen: string | null;
  /** How `chosen` came about. */
  readonly how: 'user' | 'user-none' | 'auto' | 'none';
  /** The user's `--exit-node` when the source does not receive that exit node. */
  readonly unavailableUserChoice: string | null;
  /** Network ids of the exit nodes the source receives, sorted. */
  readonly available: readonly string[];
  /** Auto-applicable ones among them (a route with skip_auto_apply false), sorted. */
  readonly autoApplicable: readonly string[];
  /** Unpaired `-v6` exit sets: applied on their own, with only their auto-apply routes. */
  readonly unpairedV6: ReadonlySet<string>;
}

function isV6Suffixed(networkId: string): boolean {
  return networkId.endsWith(V6_TWIN_NETWORK_SUFFIX);
}

const autoApplies = (routes: readonly SimRoute[]): boolean => routes.some((r) => !r.route.skipAutoApply);

/** Chooses the active exit node from the exit sets the source receives as a client. */
/** `--exit-node none`: a client with no exit node applied (network_ids are never empty). */
export const NO_EXIT_NODE = '';

export function selectExitNodes(received: readonly Pick<SetDelivery, 'set' | 'received'>[], userChoice: string | null): ExitSelection {
  const exits = received.filter((d) => d.set.isExit && d.received.length > 0);
  const byNetworkId = new Map<string, Pick<SetDelivery, 'set' | 'received'>[]>();
  for (const d of exits) {
    const list = byNetworkId.get(d.set.networkId);
    if (list) list.push(d);
    else byNetworkId.set(d.set.networkId, [d]);
  }
  const hasV4Default = (id: string) => (byNetworkId.get(id) ?? []).some((d) => d.set.network?.family === 4);
  const hasV6Default = (id: string) => (byNetworkId.get(id) ?? []).some((d) => d.set.network?.family === 6);
  const pairedBase = (id: string): string | null => {
    if (!isV6Suffixed(id) || !hasV6Default(id)) return null;
    const base = id.slice(0, -V6_TWIN_NETWORK_SUFFIX.length);
    return hasV4Default(base) ? base : null;
  };

  const ids = [...byNetworkId.keys()].sort(compareCodePoints);
  const available = ids.filter((id) => !isV6Suffixed(id));
  const autoApplicable = available.filter((id) => byNetworkId.get(id)!.some((d) => autoApplies(d.received)));
  const unpairedV6 = new Set(ids.filter((id) => isV6Suffixed(id) && pairedBase(id) === null && byNetworkId.get(id)!.some((d) => autoApplies(d.received))));

  // Selecting a paired `-v6` exit selects its base: the client treats the pair as one toggle.
  const requested = userChoice === null ? null : (pairedBase(userChoice) ?? userChoice);
  let chosen: string | null = null;
  let how: ExitSelection['how'] = 'none';
  if (userChoice === NO_EXIT_NODE) {
    how = 'user-none';
  } else if (requested !== null && available.includes(requested)) {
    chosen = requested;
    how = 'user';
  } else if (autoApplicable.length > 0) {
    chosen = autoApplicable[0]!;
    how = 'auto';
  }
  const active = new Set(how === 'user-none' ? [] : unpairedV6);
  if (chosen !== null) {
    active.add(chosen);
    const twin = chosen + V6_TWIN_NETWORK_SUFFIX;
    if (pairedBase(twin) === chosen) active.add(twin);
  }
  return {
    active,
    chosen,
    how,
    unavailableUserChoice: userChoice !== null && how !== 'user' && how !== 'user-none' ? userChoice : null,
    available,
    autoApplicable,
    unpairedV6,
  };
}
