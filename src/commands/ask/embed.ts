// The Ask panel as `routelint report` embeds it: the page bundle (dist/browser/ask.js, built by
// scripts/bundle.mjs) and the export as a compact JSON bundle, gzipped and in base64; or, when the
// page could not answer questions (no groups or peers, an account too big to load quickly, an
// export that does not read), the panel switched off with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { RawExport } from '../../load/raw.js';
import { bundleText } from '../../load/value.js';
import type { Model } from '../../model/types.js';
import { ASK_MAX_ROUTES, type AskPanel } from '../../report/ask.js';

let script: string | null | undefined;

/** The page bundle, found next to the running code (dist/cli/…, dist/src/…, or src/… under tests); null when it was not built. */
function pageScript(): string | null {
  if (script !== undefined) return script;
  let dir = new URL('.', import.meta.url);
  for (let up = 0; up < 5; up++, dir = new URL('..', dir)) {
    for (const candidate of ['browser/ask.js', 'dist/browser/ask.js']) {
      const file = new URL(candidate, dir);
      if (existsSync(file)) return (script = readFileSync(file, 'utf8').trimEnd());
    }
  }
  return (script = null);
}

/** The panel for the report of `raw`, whose model is `model`; `sourceArgs`: what names the account to `routelint simulate` (the export's path, or `--url URL`). */
export function askPanelOf(raw: RawExport, model: Model, sourceArgs: readonly string[] = [raw.input]): AskPanel {
  if (raw.syntaxProblems.length > 0 || raw.shapeProblem) return { on: false, reason: 'the export does not read in full, and the simulator refuses such an export.' };
  const missing = [model.groups ? null : 'groups', model.peers ? null : 'peers'].filter((s): s is string => s !== null);
  if (missing.length > 0) return { on: false, reason: `the simulator needs the account's groups and peers, and this export has no ${missing.join(' and no ')}.` };
  if (model.routes.length > ASK_MAX_ROUTES) {
    return { on: false, reason: `this account has ${model.routes.length.toLocaleString('en-US')} routes, and the page answers questions on accounts of up to ${ASK_MAX_ROUTES.toLocaleString('en-US')} routes: loading a larger one would hold the page for seconds. Ask with routelint simulate.` };
  }
  const page = pageScript();
  if (page === null) return { on: false, reason: 'this build of routelint has no page bundle (dist/browser/ask.js, which npm run build makes).' };
  return { on: true, script: page, payload: gzipSync(bundleText(raw), { level: 6 }).toString('base64'), source: raw.input, sourceArgs };
}
