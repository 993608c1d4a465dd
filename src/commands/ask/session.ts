// The Ask panel's engine, for the report's page (page.ts) and for tests: the export loaded through
// the CLI's own loader, questions answered by the CLI's own simulator and renderers. Nothing here
// touches the DOM or the file system, so the same module runs in Node and in the browser bundle.
// A question is a `simulate --batch` line; its answer is the object `simulate -f json` prints.
import { modelForSimulation } from '../account.js';
import { InputError } from '../../errors.js';
import { exportFromBundleText } from '../../load/value.js';
import type { Model } from '../../model/types.js';
import { parseAddr } from '../../net/prefix.js';
import { compareByNameThenId } from '../../order.js';
import { formatAnswerJson } from '../../format/simulate-json.js';
import { formatAnswerText } from '../../format/simulate-text.js';
import type { ReachabilityReport } from '../../report/data/types.js';
import { reachabilityReportOf } from '../../report/data/reachability.js';
import type { GroupAnswer, PeerAnswer } from '../../simulate/answer.js';
import { directoriesOf } from '../../simulate/directory.js';
import { PeerStates, simulate, simulatorFor } from '../../simulate/index.js';
import { batchQuestionOf, exitNodeOf, statesOf } from '../../simulate/question.js';

/** A question as `simulate --batch` reads a line: `{ip | domain, from_peer | from_group, protocol, port, exit_node, peer_states, …}`. */
export type BatchQuestion = Readonly<Record<string, unknown>>;

export type WhatIfState = 'down' | 'idle';

/** What the panel's form holds: the question and its what-ifs, as the user typed them. */
export interface AskForm {
  readonly destination: string;
  readonly fromKind: 'peer' | 'group';
  readonly from: string;
  /** '' for any. */
  readonly protocol: string;
  /** '' for any. */
  readonly port: string;
  /** '' when the client picks; `none`, or an exit node's network_id. */
  readonly exitNode: string;
  readonly whatIfs: readonly { readonly peer: string; readonly state: WhatIfState }[];
}

export const EMPTY_FORM: AskForm = { destination: '', fromKind: 'peer', from: '', protocol: '', port: '', exitNode: '', whatIfs: [] };

/** The state a what-if gives a routing peer, as `--peer-state` and batch lines spell it (`--down` is `connecting`). */
const STATE_TEXT: Readonly<Record<WhatIfState, string>> = { down: 'connecting', idle: 'idle' };

/** The batch line the form asks; `withWhatIfs: false` leaves the what-ifs out (the export's own state). */
export function questionOfForm(form: AskForm, withWhatIfs = true): BatchQuestion {
  const destination = form.destination.trim();
  const q: Record<string, unknown> = parseAddr(destination).ok ? { ip: destination } : { domain: destination };
  q[form.fromKind === 'group' ? 'from_group' : 'from_peer'] = form.from.trim();
  if (form.protocol !== '') q.protocol = form.protocol;
  const port = form.port.trim();
  if (port !== '') q.port = /^\d+$/.test(port) ? Number(port) : port;
  if (withWhatIfs && form.exitNode !== '') q.exit_node = form.exitNode;
  if (withWhatIfs && form.whatIfs.length > 0) q.peer_states = Object.fromEntries(form.whatIfs.map((w) => [w.peer, STATE_TEXT[w.state]]));
  return q;
}

/** A word for a POSIX shell: as it is when it needs no quoting, else in single quotes. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command line that gives the same answer: `routelint simulate SOURCE --ip … --from-peer … --down …`. */
export function commandOfForm(form: AskForm, sourceArgs: readonly string[], format: 'text' | 'json' = 'text'): string {
  const q = questionOfForm(form, false);
  const args = ['routelint', 'simulate', ...sourceArgs];
  if (typeof q.ip === 'string') args.push('--ip', q.ip);
  else args.push('--domain', String(q.domain));
  args.push(form.fromKind === 'group' ? '--from-group' : '--from-peer', form.from.trim());
  if (form.protocol !== '') args.push('--protocol', form.protocol);
  if (form.port.trim() !== '') args.push('--port', form.port.trim());
  if (form.exitNode !== '') args.push('--exit-node', form.exitNode);
  for (const w of form.whatIfs) {
    if (w.state === 'down') args.push('--down', w.peer);
    else args.push('--peer-state', `${w.peer}=${w.state}`);
  }
  if (format === 'json') args.push('-f', 'json');
  return args.map(shellWord).join(' ');
}

/** The URL fragment that reproduces the form: `ask?to=…&peer=…&down=…&idle=…`. */
export function fragmentOfForm(form: AskForm): string {
  const p = new URLSearchParams();
  p.set('to', form.destination.trim());
  p.set(form.fromKind, form.from.trim());
  if (form.protocol !== '') p.set('protocol', form.protocol);
  if (form.port.trim() !== '') p.set('port', form.port.trim());
  if (form.exitNode !== '') p.set('exit', form.exitNode);
  for (const w of form.whatIfs) p.append(w.state, w.peer);
  return `ask?${p.toString()}`;
}

/** The form a fragment made by `fragmentOfForm` holds; null for any other fragment (a section's anchor). */
export function formOfFragment(hash: string): AskForm | null {
  const text = hash.replace(/^#/, '');
  if (!text.startsWith('ask?')) return null;
  const p = new URLSearchParams(text.slice(4));
  const fromKind = p.has('group') ? 'group' : 'peer';
  const whatIfs: { peer: string; state: WhatIfState }[] = [];
  // In the fragment's order, so that a link gives back the what-ifs as they were listed.
  for (const [key, value] of p) if (key === 'down' || key === 'idle') whatIfs.push({ peer: value, state: key });
  return { destination: p.get('to') ?? '', fromKind, from: p.get(fromKind) ?? '', protocol: p.get('protocol') ?? '', port: p.get('port') ?? '', exitNode: p.get('exit') ?? '', whatIfs };
}

/** A completion: what the field takes, and what else names the same thing (FQDN, overlay IP, health). */
export interface Completion {
  readonly value: string;
  readonly label: string;
}

/** One loaded export and everything the panel asks of it. */
export class AskSession {
  readonly model: Model;

  /** `name`: the export as the user named it; `text`: the export as a JSON bundle (load/value.ts `bundleText`). */
  constructor(
    readonly name: string,
    text: string,
  ) {
    this.model = modelForSimulation(exportFromBundleText(name, text), name);
  }

  /** Builds the simulator's indexes now, so that the first question does not wait for them. */
  warm(): void {
    simulatorFor(this.model);
    // The peer directory is built when first read (a group question names no peer): read it now.
    void directoriesOf(this.model).peers;
  }

  /** The simulator's answer to a batch line (an object, or its JSON text); an InputError says why it cannot be asked. */
  answer(question: BatchQuestion | string): PeerAnswer | GroupAnswer {
    const text = typeof question === 'string' ? question : JSON.stringify(question);
    const { query, states } = batchQuestionOf(this.model, new PeerStates(), text);
    return simulate(this.model, query, states);
  }

  /** What `routelint simulate -f json` prints for the question, as an object. */
  ask(question: BatchQuestion | string): unknown {
    return JSON.parse(formatAnswerJson(this.answer(question)));
  }

  /** What `routelint simulate -f text` prints for the question. */
  text(question: BatchQuestion | string): string {
    return formatAnswerText(this.answer(question));
  }

  /**
   * A peer named by its overlay IP as the command line shows it best: by its name (its id when the
   * name is shared), which reads better than the address; any other reference as it is, for the
   * simulator to resolve (the one resolver, simulate/directory.ts) or refuse.
   */
  peerRef(ref: string): string {
    const text = ref.trim();
    if (!parseAddr(text).ok) return text;
    let id: string | { unknown: string };
    try {
      id = directoriesOf(this.model).peers.resolve(text, '');
    } catch {
      // Several peers answer to it: the simulator says so, with their ids.
      return text;
    }
    const peer = typeof id === 'string' ? this.model.peers!.get(id) : undefined;
    if (!peer) return text;
    const sameName = [...this.model.peers!.values()].filter((p) => p.name === peer.name).length;
    return sameName === 1 ? peer.name : peer.id;
  }

  /** The form with its peers named as the command line takes them (see `peerRef`). */
  resolvedForm(form: AskForm): AskForm {
    return {
      ...form,
      from: form.fromKind === 'peer' ? this.peerRef(form.from) : form.from.trim(),
      whatIfs: form.whatIfs.map((w) => ({ ...w, peer: this.peerRef(w.peer) })),
    };
  }

  /** Peers for the source field: by name, with FQDN and overlay IPs to match on. */
  peerCompletions(): Completion[] {
    return [...this.model.peers!.values()]
      .sort(compareByNameThenId)
      .map((p) => ({ value: p.name, label: [p.dnsLabel, p.ip, p.ipv6 ?? ''].filter(Boolean).join(' · ') }));
  }

  groupCompletions(): Completion[] {
    return [...this.model.groups!.values()]
      .sort(compareByNameThenId)
      .map((g) => ({ value: g.name, label: `${this.model.membersOf(g.id).size} peers` }));
  }

  /** Peers that serve a route: the ones a what-if can take down. */
  routingPeerCompletions(): Completion[] {
    const ids = new Set<string>();
    for (const route of this.model.routes) for (const id of this.model.routingPeersOf(route) ?? []) ids.add(id);
    return [...ids]
      .flatMap((id) => {
        const p = this.model.peers!.get(id);
        return p ? [p] : [];
      })
      .sort(compareByNameThenId)
      .map((p) => ({ value: p.name, label: `${p.connected ? 'connected' : 'disconnected'} in the export · ${p.ip}` }));
  }

  exitNodes(): readonly string[] {
    return directoriesOf(this.model).exitNetworkIds;
  }

  /**
   * The reachability matrix with the form's what-ifs (every other routing peer connected), rows
   * in `order` (the HA set keys as the report lists them). An InputError names a what-if that
   * does not resolve, as the command line would.
   */
  matrix(form: Pick<AskForm, 'exitNode' | 'whatIfs'>, order: readonly string[]): ReachabilityReport {
    const states = statesOf(this.model, { down: form.whatIfs.filter((w) => w.state === 'down').map((w) => w.peer), peerState: form.whatIfs.filter((w) => w.state !== 'down').map((w) => `${w.peer}=${w.state}`) });
    const exitNode = exitNodeOf(this.exitNodes(), form.exitNode === '' ? undefined : form.exitNode);
    return reachabilityReportOf(this.model, order.map((key) => ({ key })), { states, exitNode });
  }
}

/** The message of an error the user can fix (a bad question), or null for a bug. */
export function inputProblem(err: unknown): string | null {
  return err instanceof InputError ? err.message : null;
}
