// The report's Ask panel: its markup and style sheet. Its behaviour is the simulator itself,
// bundled for the browser from the same source as the CLI (src/commands/ask/page.ts, built by
// scripts/bundle.mjs into dist/browser/ask.js), and the account it answers about is the export,
// embedded compressed in the page. The page stays one file that needs no network: the bundle is
// an inline script the Content Security Policy allows by hash, the export an inert data block.
import { escapeHtml as esc } from '../escape.js';

/** Accounts with more routes than this get the panel switched off (README, "Ask the report"). */
export const ASK_MAX_ROUTES = 20_000;

/** Ids of the panel's elements: the markup here, the behaviour in src/commands/ask/page.ts. */
export const ASK_IDS = {
  panel: 'ask-panel',
  form: 'ask-form',
  destination: 'ask-destination',
  fromKind: 'ask-from-kind',
  from: 'ask-from',
  protocol: 'ask-protocol',
  port: 'ask-port',
  exitNode: 'ask-exit-node',
  whatIfPeer: 'ask-whatif-peer',
  whatIfState: 'ask-whatif-state',
  whatIfAdd: 'ask-whatif-add',
  whatIfs: 'ask-whatifs',
  reset: 'ask-reset',
  status: 'ask-status',
  command: 'ask-command',
  copy: 'ask-copy',
  link: 'ask-link',
  change: 'ask-change',
  answer: 'ask-answer',
  peers: 'ask-peers',
  groups: 'ask-groups',
  routingPeers: 'ask-routing-peers',
  data: 'routelint-export',
} as const;

/** The panel as the report command makes it: on (its script and the export), or off and why. */
export type AskPanel =
  | {
      readonly on: true;
      /** The bundled page script (dist/browser/ask.js). */
      readonly script: string;
      /** The export as a compact JSON bundle, gzipped, in base64. */
      readonly payload: string;
      /** The export's name as the user gave it, for messages. */
      readonly source: string;
      /** What names the account to `routelint simulate`: the export's path, or `--url URL`. */
      readonly sourceArgs: readonly string[];
    }
  | { readonly on: false; readonly reason: string };

export const ASK_CSS = `
#ask-panel { padding: 16px 18px; }
#ask-panel[data-state=off] .ask-live, #ask-panel[data-state=loading] .ask-live { display: none; }
#ask-form { display: grid; gap: 12px; }
.ask-row { display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: flex-end; }
.ask-row label, .ask-whatif label { display: flex; flex-direction: column; gap: 3px; font-size: 12px; font-weight: 600; color: var(--ink-2); text-transform: uppercase; letter-spacing: .04em; }
.ask-row input, .ask-row select, .ask-whatif input, .ask-whatif select { font: inherit; font-size: 13.5px; text-transform: none; letter-spacing: 0; font-weight: 400; color: var(--ink); padding: 6px 9px; border: 1px solid var(--line-2); border-radius: 7px; background: #fff; }
.ask-row input:focus, .ask-row select:focus, .ask-whatif input:focus, .ask-whatif select:focus { outline: 2px solid var(--accent); outline-offset: 1px; border-color: transparent; }
#ask-destination { width: 230px; } #ask-from { width: 250px; } #ask-port { width: 80px; } #ask-whatif-peer { width: 220px; }
.ask-from { display: flex; gap: 6px; }
.btn.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
.btn.primary:hover { background: #4338ca; color: #fff; }
.ask-whatif { border: 1px dashed var(--line-2); border-radius: 10px; padding: 10px 12px; margin: 0; display: flex; flex-wrap: wrap; gap: 10px 14px; align-items: flex-end; }
.ask-whatif legend { font-size: 12px; font-weight: 700; color: var(--ink-3); text-transform: uppercase; letter-spacing: .06em; padding: 0 4px; }
#ask-whatifs { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; align-self: center; }
#ask-whatifs li { display: inline-flex; align-items: center; gap: 6px; padding: 2px 4px 2px 9px; border-radius: 999px; font-size: 12.5px; background: var(--warn-soft); color: var(--warn-ink); border: 1px solid #fde68a; }
#ask-whatifs li[data-state=idle] { background: var(--info-soft); color: var(--info-ink); border-color: #bfdbfe; }
#ask-whatifs button { all: unset; cursor: pointer; width: 18px; height: 18px; line-height: 18px; text-align: center; border-radius: 50%; font-weight: 700; }
#ask-whatifs button:hover { background: rgba(0,0,0,.08); }
#ask-status { margin-top: 12px; font-size: 13px; color: var(--ink-3); min-height: 1.5em; }
#ask-status[data-kind=error] { color: var(--err-ink); font-weight: 600; }
.ask-command { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-top: 6px; }
.ask-command code { flex: 1 1 400px; background: #0f172a; color: #e2e8f0; padding: 7px 10px; border-radius: 7px; overflow-x: auto; white-space: pre; }
#ask-change { margin-top: 10px; }
#ask-change:empty { display: none; }
#ask-change .was { text-decoration: line-through; color: var(--ink-3); }
.ask-changed { border-left: 4px solid var(--warn); background: var(--warn-soft); padding: 6px 10px; border-radius: 6px; font-size: 13px; color: var(--warn-ink); }
pre.ask-answer { margin: 12px 0 0; padding: 12px 14px; background: #f8fafc; border: 1px solid var(--line); border-radius: 8px; font-family: var(--mono); font-size: 12.5px; line-height: 1.55; overflow-x: auto; white-space: pre; }
pre.ask-answer:empty { display: none; }
pre.ask-answer .chg { background: var(--warn-soft); box-shadow: -4px 0 0 var(--warn); }
#reachability td.whatif-changed { background: var(--warn-soft); box-shadow: inset 3px 0 0 var(--warn); }
#reachability .whatif-note { margin: 0 0 10px; }
`;

/** The panel's section: the form, and a note when it is off or still loading. */
export function askSection(panel: AskPanel): string {
  const lead = `<p class="lead">Ask where traffic goes, here in the page: the same simulator as <code>routelint simulate</code>, run from this file with no network, on the export the report was made from. Mark routing peers down or idle and pick an exit node to see what would change; the reachability matrix follows.</p>`;
  if (!panel.on) return `<section id="ask" data-section="ask">\n<h2>Ask</h2>\n${lead}\n<div class="card" id="${ASK_IDS.panel}" data-state="off"><p class="note warn" id="${ASK_IDS.status}">The Ask panel is off: ${esc(panel.reason)}</p></div>\n</section>`;
  const protocols = ['', 'tcp', 'udp', 'icmp', 'all'].map((p) => `<option value="${p}">${p === '' ? 'any' : p}</option>`).join('');
  const form = `<form id="${ASK_IDS.form}" class="ask-live" autocomplete="off">
<div class="ask-row">
<label>Destination<input id="${ASK_IDS.destination}" name="destination" placeholder="10.20.1.7 or app.example.com" spellcheck="false" required></label>
<label>From<span class="ask-from"><select id="${ASK_IDS.fromKind}" name="from-kind" aria-label="source kind"><option value="peer">peer</option><option value="group">group</option></select><input id="${ASK_IDS.from}" name="from" list="${ASK_IDS.peers}" placeholder="name, FQDN or overlay IP" spellcheck="false" required></span></label>
<label>Protocol<select id="${ASK_IDS.protocol}" name="protocol">${protocols}</select></label>
<label>Port<input id="${ASK_IDS.port}" name="port" inputmode="numeric" placeholder="any"></label>
<button type="submit" class="btn primary">Ask</button>
</div>
<fieldset class="ask-whatif"><legend>What if</legend>
<label>Exit node<select id="${ASK_IDS.exitNode}" name="exit-node"><option value="">as the client picks</option><option value="none">none</option></select></label>
<label>Routing peer<input id="${ASK_IDS.whatIfPeer}" list="${ASK_IDS.routingPeers}" placeholder="routing peer" spellcheck="false"></label>
<label>State<select id="${ASK_IDS.whatIfState}"><option value="down">down</option><option value="idle">idle</option></select></label>
<button type="button" class="btn" id="${ASK_IDS.whatIfAdd}">Add</button>
<ul id="${ASK_IDS.whatIfs}" aria-label="what-ifs"></ul>
<button type="button" class="btn" id="${ASK_IDS.reset}">Reset what-ifs</button>
</fieldset>
</form>`;
  const out = `<div id="${ASK_IDS.status}" role="status">Loading the simulator…</div>
<div class="ask-command ask-live"><code id="${ASK_IDS.command}"></code><button type="button" class="btn" id="${ASK_IDS.copy}">Copy</button><a class="btn" id="${ASK_IDS.link}" href="#ask">Link</a></div>
<div id="${ASK_IDS.change}" class="ask-live"></div>
<pre class="ask-answer ask-live" id="${ASK_IDS.answer}"></pre>
<datalist id="${ASK_IDS.peers}"></datalist><datalist id="${ASK_IDS.groups}"></datalist><datalist id="${ASK_IDS.routingPeers}"></datalist>`;
  return `<section id="ask" data-section="ask">\n<h2>Ask</h2>\n${lead}\n<div class="card" id="${ASK_IDS.panel}" data-state="loading" data-source="${esc(panel.source)}" data-source-args="${esc(JSON.stringify(panel.sourceArgs))}">\n${form}\n${out}\n</div>\n<script type="application/octet-stream" id="${ASK_IDS.data}">${panel.payload}</script>\n<script>${panel.script}</script>\n</section>`;
}
