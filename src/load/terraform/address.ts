// Terraform resource addresses (`module.office["berlin"].netbird_route.lan[0]`) and configuration
// references (`netbird_group.ops.id`, `var.groups`, `data.netbird_peer.gw["x"].id`), parsed into
// steps so that the same object written two ways compares equal.

/** An instance key: a `for_each` key (string) or a `count` index (number). */
export type InstanceKey = string | number;

export type Step = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'key'; readonly key: InstanceKey };

export interface ModuleStep {
  readonly name: string;
  readonly key: InstanceKey | null;
}

export interface ResourceAddress {
  readonly module: readonly ModuleStep[];
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly key: InstanceKey | null;
}

/** Splits an address or reference into name and index steps; null when it is not of that form. */
export function parseSteps(text: string): Step[] | null {
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text[i + 1] === '"' ? closingQuote(text, i + 1) : text.indexOf(']', i);
      if (close < 0) return null;
      const end = text[i + 1] === '"' ? close + 1 : close;
      if (text[end] !== ']') return null;
      const inner = text.slice(i + 1, end);
      const key = parseKey(inner);
      if (key === null) return null;
      steps.push({ kind: 'key', key });
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
      if (end === i) return null;
      steps.push({ kind: 'name', name: text.slice(i, end) });
      i = end;
    }
    if (text[i] === '.') {
      i++;
      if (i === text.length) return null;
    } else if (i < text.length && text[i] !== '[') return null;
  }
  return steps.length > 0 ? steps : null;
}

/** Index of the quote closing the string that opens at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function parseKey(inner: string): InstanceKey | null {
  if (/^(0|[1-9][0-9]*)$/.test(inner)) return Number(inner);
  if (inner.startsWith('"')) {
    try {
      const key: unknown = JSON.parse(inner);
      return typeof key === 'string' ? key : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** `["berlin"]` or `[0]`, as Terraform writes instance keys. */
export function keyText(key: InstanceKey | null): string {
  if (key === null) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

export function moduleText(module: readonly ModuleStep[]): string {
  return module.map((m) => `module.${m.name}${keyText(m.key)}`).join('.');
}

/** The canonical text of a resource instance address. */
export function addressText(a: ResourceAddress): string {
  const local = `${a.mode === 'data' ? 'data.' : ''}${a.type}.${a.name}${keyText(a.key)}`;
  return a.module.length > 0 ? `${moduleText(a.module)}.${local}` : local;
}

/** The resource (all its instances) an instance belongs to, as text. */
export function resourceText(a: ResourceAddress): string {
  return addressText({ ...a, key: null });
}

/** Reads the module path off the front of a step list; returns it and the index of the first step after it. */
export function readModulePath(steps: readonly Step[]): { module: ModuleStep[]; next: number } | null {
  const module: ModuleStep[] = [];
  let i = 0;
  while (i < steps.length && steps[i]!.kind === 'name' && (steps[i] as { name: string }).name === 'module') {
    const name = steps[i + 1];
    if (!name || name.kind !== 'name') return null;
    const keyStep = steps[i + 2];
    const key = keyStep?.kind === 'key' ? keyStep.key : null;
    module.push({ name: name.name, key });
    i += key === null ? 2 : 3;
  }
  return { module, next: i };
}

/** Parses an absolute resource instance address; null when it is not one. */
export function parseAddress(text: string): ResourceAddress | null {
  const steps = parseSteps(text);
  if (!steps) return null;
  const head = readModulePath(steps);
  if (!head) return null;
  let i = head.next;
  let mode: 'managed' | 'data' = 'managed';
  const first = steps[i];
  if (first?.kind === 'name' && first.name === 'data') {
    mode = 'data';
    i++;
  }
  const type = steps[i];
  const name = steps[i + 1];
  if (type?.kind !== 'name' || name?.kind !== 'name') return null;
  const keyStep = steps[i + 2];
  const key = keyStep?.kind === 'key' ? keyStep.key : null;
  if (i + (key === null ? 2 : 3) !== steps.length) return null;
  return { module: head.module, mode, type: type.name, name: name.name, key };
}

/** The canonical form of an address, so that differently quoted keys compare equal; the text itself when it does not parse. */
export function canonicalAddress(text: string): string {
  const parsed = parseAddress(text);
  return parsed ? addressText(parsed) : text;
}
