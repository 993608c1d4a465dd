// How a question names peers and groups: by id, by name (or DNS label) or by name ignoring case.
// An unknown or ambiguous reference is an InputError that lists the candidates.
import { InputError } from '../errors.js';
import type { Model } from '../model/types.js';
import { compareStrings } from '../order.js';
import { simulatorFor } from './index.js';

interface Named {
  readonly id: string;
  readonly name: string;
  readonly alias?: string;
}

function listNames(items: readonly Named[], max = 12): string {
  const names = items.map((i) => i.name || i.id);
  return names.length > max ? `${names.slice(0, max).join(', ')}, … (${names.length - max} more)` : names.join(', ');
}

function pushTo(map: Map<string, Named[]>, key: string, item: Named): void {
  const list = map.get(key);
  if (!list) map.set(key, [item]);
  else if (list[list.length - 1] !== item) list.push(item);
}

/**
 * Peers or groups by id, by exact name (or alias) and by name ignoring case, built once per model
 * so that a batch of questions resolves each reference with a few Map lookups.
 */
export class Directory {
  private readonly byId = new Map<string, Named>();
  private readonly exact = new Map<string, Named[]>();
  private readonly folded = new Map<string, Named[]>();

  /** `items` sorted by name, then id: lists of candidates keep that order. */
  constructor(
    readonly items: readonly Named[],
    private readonly what: string,
  ) {
    for (const item of items) {
      if (!this.byId.has(item.id)) this.byId.set(item.id, item);
      pushTo(this.exact, item.name, item);
      if (item.alias !== undefined) pushTo(this.exact, item.alias, item);
      pushTo(this.folded, item.name.toLowerCase(), item);
      if (item.alias !== undefined) pushTo(this.folded, item.alias.toLowerCase(), item);
    }
  }

  /** Finds one item by id, then by exact name (or alias), then by name ignoring case; throws listing the candidates. */
  resolve(ref: string, flag: string): string | { unknown: string } {
    const byId = this.byId.get(ref);
    if (byId) return byId.id;
    const exact = this.exact.get(ref);
    const matches = exact ?? this.folded.get(ref.toLowerCase()) ?? [];
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length > 1) {
      throw new InputError(`${flag} "${ref}": ${matches.length} ${this.what}s have this name, give an id: ${matches.map((m) => `${m.name} (${m.id})`).join(', ')}`);
    }
    const lower = ref.toLowerCase();
    const near = this.items.filter((i) => i.name.toLowerCase().includes(lower) || lower.includes(i.name.toLowerCase()));
    const hint = near.length > 0 ? `did you mean ${listNames(near)}?` : `${this.what}s in the export: ${this.items.length > 0 ? listNames(this.items) : 'none'}`;
    return { unknown: `${flag} "${ref}": no ${this.what} has this id or name; ${hint}` };
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

/** The model's directories, built on first use: a batch resolves every line's references with them. */
export function directoriesOf(model: Model): Directories {
  let d = directories.get(model);
  if (!d) {
    const peers = [...model.peers!.values()].map((p) => ({ id: p.id, name: p.name, alias: p.dnsLabel })).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
    const groups = [...model.groups!.values()].map((g) => ({ id: g.id, name: g.name })).sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
    d = { peers: new Directory(peers, 'peer'), groups: new Directory(groups, 'group'), exitNetworkIds: simulatorFor(model).exitNetworkIds() };
    directories.set(model, d);
  }
  return d;
}
