// How a question names peers and groups: by id, by name (a peer also by its DNS name, the DNS
// name's first label, or an overlay IPv4 or IPv6 address), then by name ignoring case. An unknown
// reference is an InputError with the nearest names (suggest.ts); an ambiguous one lists the ids.
import { InputError } from '../errors.js';
import type { Model } from '../model/types.js';
import { formatAddr, parseAddr } from '../net/prefix.js';
import { compareByNameThenId } from '../order.js';
import { didYouMeanText, nearestItems } from '../suggest.js';
import { simulatorFor } from './index.js';

interface Named {
  readonly id: string;
  readonly name: string;
  /** Other names the item answers to: a peer's DNS name and its first label. */
  readonly aliases?: readonly string[];
  /** Overlay addresses (canonical text): a peer's IPv4 and IPv6. */
  readonly addresses?: readonly string[];
}

function listNames(items: readonly Named[], max = 12): string {
  const names = items.map((i) => i.name || i.id);
  return names.length > max ? `${names.slice(0, max).join(', ')}, … (${names.length - max} more)` : names.join(', ');
}

function pushTo(map: Map<string, Named[]>, key: string, item: Named): void {
  if (key === '') return;
  const list = map.get(key);
  if (!list) map.set(key, [item]);
  else if (!list.includes(item)) list.push(item);
}

/** Every name a user may type for the item, for suggestions. */
function namesOf(item: Named): string[] {
  return [item.id, item.name, ...(item.aliases ?? []), ...(item.addresses ?? [])].filter((n) => n !== '');
}

/**
 * Peers or groups by id, by exact name (or alias), by overlay address and by name ignoring case,
 * built once per model so that a batch of questions resolves each reference with a few Map lookups.
 */
export class Directory {
  private readonly byId = new Map<string, Named>();
  private readonly byName = new Map<string, Named[]>();
  private readonly byAlias = new Map<string, Named[]>();
  private readonly byAddress = new Map<string, Named[]>();
  private readonly folded = new Map<string, Named[]>();

  /** `items` sorted by name, then id: lists of candidates keep that order. */
  constructor(
    readonly items: readonly Named[],
    private readonly what: string,
    /** How an error names what a reference may be, e.g. "id, name, DNS name or overlay IP". */
    private readonly refKinds = 'id or name',
  ) {
    for (const item of items) {
      if (!this.byId.has(item.id)) this.byId.set(item.id, item);
      pushTo(this.byName, item.name, item);
      for (const alias of item.aliases ?? []) pushTo(this.byAlias, alias, item);
      for (const name of [item.name, ...(item.aliases ?? [])]) pushTo(this.folded, name.toLowerCase(), item);
      for (const address of item.addresses ?? []) pushTo(this.byAddress, address, item);
    }
  }

  private byAddressOf(ref: string): Named[] | undefined {
    if (this.byAddress.size === 0) return undefined;
    const addr = parseAddr(ref.trim());
    return addr.ok ? this.byAddress.get(formatAddr(addr.value)) : undefined;
  }

  /** Finds one item by id, exact name, exact alias, overlay address, then name ignoring case; throws listing the ids of an ambiguous name. */
  resolve(ref: string, flag: string): string | { unknown: string } {
    const byId = this.byId.get(ref);
    if (byId) return byId.id;
    const matches = this.byName.get(ref) ?? this.byAlias.get(ref) ?? this.byAddressOf(ref) ?? this.folded.get(ref.toLowerCase()) ?? [];
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length > 1) {
      throw new InputError(`${flag} "${ref}": ${matches.length} ${this.what}s have this name, give an id: ${matches.map((m) => `${m.name} (${m.id})`).join(', ')}`);
    }
    const near = [...new Set(nearestItems(ref, this.items, namesOf).map((n) => n.name))];
    const hint = near.length > 0 ? ` (${didYouMeanText(near)})` : `; ${this.what}s in the export: ${this.items.length > 0 ? listNames(this.items) : 'none'}`;
    return { unknown: `${flag} "${ref}": no ${this.what} has this ${this.refKinds}${hint}` };
  }

  mustResolve(ref: string, flag: string): string {
    const r = this.resolve(ref, flag);
    if (typeof r === 'string') return r;
    throw new InputError(r.unknown);
  }
}

export interface Directories {
  readonly peers: Directory;
  readonly groups: Directory;
  readonly exitNetworkIds: readonly string[];
}

const directories = new WeakMap<Model, Directories>();

/** A DNS name and, when it has more, its first label: `alice-mbp.netbird.cloud` and `alice-mbp`. */
function dnsNames(dnsLabel: string): string[] {
  const first = dnsLabel.split('.')[0]!;
  return first !== '' && first !== dnsLabel ? [dnsLabel, first] : [dnsLabel];
}

function peerDirectory(model: Model): Directory {
  const peers = [...model.peers!.values()]
    .map((p) => ({
      id: p.id,
      name: p.name,
      aliases: dnsNames(p.dnsLabel),
      addresses: [p.overlayV4, p.overlayV6].flatMap((a) => (a ? [formatAddr(a)] : [])),
    }))
    .sort(compareByNameThenId);
  return new Directory(peers, 'peer', 'id, name, DNS name or overlay IP');
}

/** The model's directories, built on first use: a batch resolves every line's references with them. */
export function directoriesOf(model: Model): Directories {
  let d = directories.get(model);
  if (!d) {
    const groups = [...model.groups!.values()].map((g) => ({ id: g.id, name: g.name })).sort(compareByNameThenId);
    // Peers are indexed when a question first names one: a group question over 50,000 peers names none.
    let peers: Directory | null = null;
    d = {
      get peers(): Directory {
        return (peers ??= peerDirectory(model));
      },
      groups: new Directory(groups, 'group'),
      exitNetworkIds: simulatorFor(model).exitNetworkIds(),
    };
    directories.set(model, d);
  }
  return d;
}
