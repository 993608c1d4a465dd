// A progress bar on stderr, only when stderr is a terminal: CI logs stay clean.
import { terminalText } from '../escape.js';

export interface Progress {
  update(fraction: number, label: string): void;
  done(): void;
}

const SILENT: Progress = { update() {}, done() {} };
const WIDTH = 24;

/** The bar on the terminal now, if any: an error line clears it first (`clearProgress`). */
let shown: Progress | null = null;

/** Clears the bar on the terminal, if one is drawn: the one line of a run that fails starts at the margin. */
export function clearProgress(): void {
  shown?.done();
}

/** `text` cut to `width` UTF-16 units, never between the two halves of a character outside the BMP (an emoji in a name). */
function cutTo(text: string, width: number): string {
  if (text.length <= width) return text;
  const last = text.charCodeAt(width - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? width - 1 : width);
}

/** A bar for work expected to take more than a second; silent otherwise or off a terminal. */
export function progressBar(stream: NodeJS.WriteStream, worthShowing: boolean): Progress {
  if (!worthShowing || !stream.isTTY) return SILENT;
  let last = '';
  const bar: Progress = {
    update(fraction, label) {
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
      // A label may name a file: no control character of it reaches the terminal (escape.ts).
      const line = cutTo(`\r[${'='.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${terminalText(label)}`, (stream.columns || 80) - 1);
      if (line !== last) stream.write(`${line}\x1b[K`);
      last = line;
      shown = bar;
    },
    done() {
      if (last) stream.write('\r\x1b[K');
      last = '';
      if (shown === bar) shown = null;
    },
  };
  return bar;
}

/**
 * A bar that appears only once the work has run `afterMs` (0: at once), so a run that ends quickly
 * prints nothing; silent off a terminal. Updates come between synchronous steps, so the clock is
 * read at each update.
 */
export function delayedProgressBar(stream: NodeJS.WriteStream, afterMs: number, now: () => number = Date.now): Progress {
  const bar = progressBar(stream, true);
  if (bar === SILENT) return SILENT;
  const start = now();
  return {
    update(fraction, label) {
      if (now() - start >= afterMs) bar.update(fraction, label);
    },
    done() {
      bar.done();
    },
  };
}
