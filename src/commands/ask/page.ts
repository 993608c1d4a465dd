// The Ask panel's behaviour in the report's page: the entry point of the browser bundle
// (scripts/bundle.mjs → dist/browser/ask.js). It unpacks the embedded export, loads it with the
// CLI's loader (session.ts) and wires the form (src/report/ask.ts) to the simulator. Everything
// taken from the export reaches the page as text nodes, or through the report's own renderer
// (which escapes it); nothing is fetched and nothing is evaluated.
import { formatAnswerText } from '../../format/simulate-text.js';
import { ASK_IDS } from '../../report/ask.js';
import { reachabilitySection } from '../../report/html.js';
import type { GroupAnswer, PeerAnswer } from '../../simulate/answer.js';
import { AskSession, commandOfForm, EMPTY_FORM, formOfFragment, fragmentOfForm, inputProblem, questionOfForm, type AskForm, type BatchQuestion, type Completion, type WhatIfState } from './session.js';

/** What the page offers scripts (the console, tests) as `window.routelint`. */
export interface PageApi {
  /** Settles once the export is loaded; rejects when it cannot be. */
  readonly ready: Promise<void>;
  /** The object `routelint simulate -f json` prints for a `--batch` line (an object or its JSON text). */
  ask(question: BatchQuestion | string): unknown;
  /** What `routelint simulate -f text` prints for it. */
  text(question: BatchQuestion | string): string;
}

declare global {
  interface Window {
    routelint?: PageApi;
  }
}

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/** Decodes the embedded export: base64 of gzip of the bundle's JSON. */
async function unpack(base64: string): Promise<string> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

function fillList(list: HTMLElement, items: readonly Completion[]): void {
  const frag = document.createDocumentFragment();
  for (const item of items) {
    const option = document.createElement('option');
    option.value = item.value;
    option.label = item.label;
    frag.appendChild(option);
  }
  list.replaceChildren(frag);
}

/** One line per outcome: what carries the traffic. */
function summaryOf(a: PeerAnswer | GroupAnswer): string {
  const one = (o: PeerAnswer | GroupAnswer['outcomes'][number]): string => `${o.disposition}${o.nondeterministic ? ' (nondeterministic)' : o.peer ? ` via ${o.peer.name}` : ''}`;
  if (!('outcomes' in a)) return one(a);
  return a.outcomes.map((o) => `${o.sources.length} of ${a.outcomes.reduce((n, x) => n + x.sources.length, 0)}: ${one(o)}`).join('; ');
}

/** The answer's text in the <pre>, lines the what-ifs brought in (absent from `before`) marked. */
function showText(pre: HTMLElement, text: string, before: string | null): void {
  const seen = new Map<string, number>();
  for (const line of before?.split('\n') ?? []) seen.set(line, (seen.get(line) ?? 0) + 1);
  const frag = document.createDocumentFragment();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const left = seen.get(line) ?? 0;
    if (left > 0) seen.set(line, left - 1);
    if (before !== null && left === 0 && line.trim() !== '') {
      const span = document.createElement('span');
      span.className = 'chg';
      span.textContent = line;
      frag.appendChild(span);
    } else frag.appendChild(document.createTextNode(line));
    if (i < lines.length - 1) frag.appendChild(document.createTextNode('\n'));
  });
  pre.replaceChildren(frag);
}

/** The outcome cells of a reachability section, by `set key \0 group id`. */
function matrixCells(section: Element): Map<string, HTMLElement> {
  const cells = new Map<string, HTMLElement>();
  for (const row of section.querySelectorAll<HTMLTableRowElement>('tr[data-set-key]')) {
    const key = row.dataset.setKey!;
    // Groups as columns: a cell per group; too many groups: a row per group, the outcome last.
    if (row.dataset.groupId !== undefined) cells.set(`${key}\0${row.dataset.groupId}`, row.cells[row.cells.length - 1]!);
    else for (const td of row.querySelectorAll<HTMLTableCellElement>('td[data-group-id]')) cells.set(`${key}\0${td.dataset.groupId}`, td);
  }
  return cells;
}

function install(): PageApi {
  const panel = byId(ASK_IDS.panel);
  const status = byId(ASK_IDS.status);
  const say = (text: string, kind: 'info' | 'error' = 'info'): void => {
    status.textContent = text;
    status.dataset.kind = kind;
  };
  let session: AskSession | null = null;
  const sourceArgs = JSON.parse(panel.dataset.sourceArgs ?? '[]') as string[];
  let whatIfs: { peer: string; state: WhatIfState }[] = [];
  const field = <T extends HTMLInputElement | HTMLSelectElement>(id: string): T => byId<T>(id);

  const readForm = (): AskForm => ({
    destination: field<HTMLInputElement>(ASK_IDS.destination).value,
    fromKind: field<HTMLSelectElement>(ASK_IDS.fromKind).value === 'group' ? 'group' : 'peer',
    from: field<HTMLInputElement>(ASK_IDS.from).value,
    protocol: field<HTMLSelectElement>(ASK_IDS.protocol).value,
    port: field<HTMLInputElement>(ASK_IDS.port).value,
    exitNode: field<HTMLSelectElement>(ASK_IDS.exitNode).value,
    whatIfs,
  });

  const showWhatIfs = (): void => {
    const frag = document.createDocumentFragment();
    for (const w of whatIfs) {
      const li = document.createElement('li');
      li.dataset.state = w.state;
      li.dataset.peer = w.peer;
      li.append(`${w.peer} ${w.state}`);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = '×';
      remove.title = `${w.peer} as in the export`;
      remove.addEventListener('click', () => {
        whatIfs = whatIfs.filter((x) => x !== w);
        changed();
      });
      li.appendChild(remove);
      frag.appendChild(li);
    }
    byId(ASK_IDS.whatIfs).replaceChildren(frag);
  };

  const writeForm = (form: AskForm): void => {
    field<HTMLInputElement>(ASK_IDS.destination).value = form.destination;
    field<HTMLSelectElement>(ASK_IDS.fromKind).value = form.fromKind;
    field<HTMLInputElement>(ASK_IDS.from).value = form.from;
    field<HTMLInputElement>(ASK_IDS.from).setAttribute('list', form.fromKind === 'group' ? ASK_IDS.groups : ASK_IDS.peers);
    field<HTMLSelectElement>(ASK_IDS.protocol).value = form.protocol;
    field<HTMLInputElement>(ASK_IDS.port).value = form.port;
    const exit = field<HTMLSelectElement>(ASK_IDS.exitNode);
    // A link may name an exit node this export lacks: keep it, for the simulator to refuse by name.
    if (form.exitNode !== '' && ![...exit.options].some((o) => o.value === form.exitNode)) exit.add(new Option(form.exitNode, form.exitNode));
    exit.value = form.exitNode;
    whatIfs = [...form.whatIfs];
    showWhatIfs();
  };

  // The reachability section as the report made it, and the what-ifs it shows now.
  // The script runs where the panel is, near the top: the matrix further down is read once parsed.
  let baseline: { original: HTMLElement; cells: Map<string, HTMLElement>; order: string[] } | null | undefined;
  const matrixBaseline = (): typeof baseline => {
    if (baseline !== undefined) return baseline;
    if (document.readyState === 'loading') return null;
    const original = document.getElementById('reachability');
    if (!original || original.querySelector('table.matrix') === null) return (baseline = null);
    return (baseline = { original, cells: matrixCells(original), order: [...new Set([...original.querySelectorAll<HTMLElement>('tr[data-set-key]')].map((r) => r.dataset.setKey!))] });
  };
  let matrixShows = JSON.stringify(['', []]);
  let matrixTimer: number | undefined;

  const updateMatrix = (form: AskForm): void => {
    const base = matrixBaseline();
    if (!session || !base) return;
    const { original, cells: originalCells, order: setOrder } = base;
    const key = JSON.stringify([form.exitNode, form.whatIfs]);
    if (key === matrixShows) return;
    const current = document.getElementById('reachability')!;
    if (form.exitNode === '' && form.whatIfs.length === 0) {
      current.replaceWith(original);
      matrixShows = key;
      return;
    }
    let html: string;
    try {
      html = reachabilitySection({ reachability: session.matrix(form, setOrder) });
    } catch (err) {
      const problem = inputProblem(err);
      if (problem === null) throw err;
      say(problem, 'error');
      return;
    }
    const template = document.createElement('template');
    template.innerHTML = html;
    const next = template.content.firstElementChild!;
    let changedCells = 0;
    for (const [cellKey, cell] of matrixCells(next)) {
      const before = originalCells.get(cellKey);
      if (before && before.innerHTML === cell.innerHTML) continue;
      changedCells++;
      cell.classList.add('whatif-changed');
      cell.title = `In the export's state: ${before ? before.textContent!.trim() : 'not in the matrix'}`;
    }
    const note = document.createElement('p');
    note.className = 'note warn whatif-note';
    note.dataset.changedCells = String(changedCells);
    const what = [...form.whatIfs.map((w) => `${w.peer} ${w.state}`), ...(form.exitNode !== '' ? [`exit node ${form.exitNode}`] : [])].join(', ');
    note.textContent = `What-ifs from the Ask panel: ${what}. ${changedCells === 1 ? '1 cell differs' : `${changedCells} cells differ`} from the export's state (highlighted).`;
    next.querySelector('h2')!.after(note);
    current.replaceWith(next);
    matrixShows = key;
  };

  /** Answers the form's question and shows it; the matrix follows once the answer is painted. */
  const run = (): void => {
    if (!session) return;
    const form = session.resolvedForm(readForm());
    const whatIfsGiven = form.exitNode !== '' || form.whatIfs.length > 0;
    const command = byId(ASK_IDS.command);
    const answerPre = byId(ASK_IDS.answer);
    const change = byId(ASK_IDS.change);
    // The link holds the what-ifs even before there is a question.
    const link = form.destination.trim() === '' && form.from.trim() === '' && !whatIfsGiven ? '#ask' : `#${fragmentOfForm(form)}`;
    byId<HTMLAnchorElement>(ASK_IDS.link).href = link;
    history.replaceState(null, '', link);
    if (form.destination.trim() !== '' && form.from.trim() !== '') {
      command.textContent = commandOfForm(form, sourceArgs);
      try {
        const answer = session.answer(questionOfForm(form));
        const before = whatIfsGiven ? session.answer(questionOfForm(form, false)) : null;
        showText(answerPre, formatAnswerText(answer), before ? formatAnswerText(before) : null);
        change.replaceChildren();
        if (before) {
          const was = summaryOf(before);
          const now = summaryOf(answer);
          const p = document.createElement('p');
          p.className = 'ask-changed';
          p.dataset.changed = String(was !== now);
          if (was === now) p.textContent = `The what-ifs leave the outcome as in the export's state: ${now}.`;
          else {
            const old = document.createElement('span');
            old.className = 'was';
            old.textContent = was;
            p.append('The what-ifs change the outcome: ', old, ` → ${now}`);
          }
          change.appendChild(p);
        }
        performance.mark('ask-answered');
        panel.dataset.disposition = 'outcomes' in answer ? answer.outcomes.map((o) => o.disposition).join(' ') : answer.disposition;
        say('');
      } catch (err) {
        const problem = inputProblem(err);
        if (problem === null) throw err;
        answerPre.replaceChildren();
        change.replaceChildren();
        delete panel.dataset.disposition;
        say(problem, 'error');
      }
    }
    window.clearTimeout(matrixTimer);
    // Two frames: the answer is painted before the matrix, which takes longer, is built.
    const rebuilding = 'Rebuilding the reachability matrix with the what-ifs…';
    if (JSON.stringify([form.exitNode, form.whatIfs]) !== matrixShows && status.dataset.kind !== 'error' && matrixBaseline()) say(rebuilding);
    const afterPaint = (): void => {
      matrixTimer = window.setTimeout(() => {
        updateMatrix(form);
        if (status.textContent === rebuilding) say('');
        panel.dataset.matrix = JSON.stringify([form.exitNode, form.whatIfs]);
      }, 0);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', afterPaint, { once: true });
    else requestAnimationFrame(afterPaint);
  };

  const changed = (): void => {
    showWhatIfs();
    run();
  };

  const wire = (): void => {
    byId<HTMLFormElement>(ASK_IDS.form).addEventListener('submit', (e) => {
      e.preventDefault();
      run();
    });
    field<HTMLSelectElement>(ASK_IDS.fromKind).addEventListener('change', (e) => {
      field<HTMLInputElement>(ASK_IDS.from).setAttribute('list', (e.target as HTMLSelectElement).value === 'group' ? ASK_IDS.groups : ASK_IDS.peers);
    });
    const addWhatIf = (): void => {
      const input = field<HTMLInputElement>(ASK_IDS.whatIfPeer);
      const peer = input.value.trim();
      if (peer === '') return;
      const state = field<HTMLSelectElement>(ASK_IDS.whatIfState).value === 'idle' ? 'idle' : 'down';
      whatIfs = [...whatIfs.filter((w) => w.peer !== peer), { peer, state }];
      input.value = '';
      changed();
    };
    byId(ASK_IDS.whatIfAdd).addEventListener('click', addWhatIf);
    field<HTMLInputElement>(ASK_IDS.whatIfPeer).addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      addWhatIf();
    });
    field<HTMLSelectElement>(ASK_IDS.exitNode).addEventListener('change', run);
    byId(ASK_IDS.reset).addEventListener('click', () => {
      whatIfs = [];
      field<HTMLSelectElement>(ASK_IDS.exitNode).value = '';
      changed();
    });
    byId(ASK_IDS.copy).addEventListener('click', () => {
      const text = byId(ASK_IDS.command).textContent ?? '';
      navigator.clipboard?.writeText(text).then(
        () => say('Command copied.'),
        () => say('Select the command to copy it: the browser does not let the page write to the clipboard.'),
      );
    });
    window.addEventListener('hashchange', () => {
      const form = formOfFragment(location.hash);
      if (!form) return;
      writeForm(form);
      run();
    });
  };

  const ready = (async () => {
    performance.mark('ask-start');
    const text = await unpack(byId(ASK_IDS.data).textContent!.trim());
    performance.mark('ask-unpacked');
    session = new AskSession(panel.dataset.source ?? 'export', text);
    performance.mark('ask-loaded');
    const exit = field<HTMLSelectElement>(ASK_IDS.exitNode);
    for (const id of session.exitNodes()) exit.add(new Option(id, id));
    wire();
    panel.dataset.state = 'ready';
    say(`Ready: ask about ${session.model.routes.length} routes and ${session.model.peers!.size} peers.`);
    const linked = formOfFragment(location.hash);
    writeForm(linked ?? EMPTY_FORM);
    if (linked) {
      run();
      document.getElementById('ask')?.scrollIntoView();
    }
    // Completions after the first answer: thousands of options are not what a linked question waits for.
    await new Promise((resolve) => setTimeout(resolve, 0));
    fillList(byId(ASK_IDS.peers), session.peerCompletions());
    fillList(byId(ASK_IDS.groups), session.groupCompletions());
    fillList(byId(ASK_IDS.routingPeers), session.routingPeerCompletions());
    if (!linked) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      session.warm();
    }
  })();
  ready.catch((err: unknown) => {
    panel.dataset.state = 'error';
    say(`The Ask panel could not load the export: ${err instanceof Error ? err.message : String(err)}`, 'error');
  });

  const loaded = (): AskSession => {
    if (!session) throw new Error('the Ask panel is still loading the export: await routelint.ready');
    return session;
  };
  return { ready, ask: (q) => loaded().ask(q), text: (q) => loaded().text(q) };
}

window.routelint = install();
