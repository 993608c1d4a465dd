// Words the renderers share, so the HTML page, the Markdown and the pictures name things alike.
import type { ExportDate } from '../load/export.js';
import type { PeerHealth } from './data.js';

/** A routing peer's health in the export, as the report writes it. */
export const HEALTH_TEXT: Record<PeerHealth, string> = {
  connected: 'connected',
  disconnected: 'disconnected',
  'login-expired': 'login expired',
  'forwards-nothing': 'forwards nothing (black hole)',
  'unknown-peer': 'unknown peer',
};

/** `1 route`, `2 routes`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The "as of" words of both renderers: the date in UTC and where it comes from. */
export function asOfText(asOf: ExportDate): { readonly when: string; readonly basis: string } {
  return {
    when: `${asOf.date.slice(0, 10)} ${asOf.date.slice(11, 19)} UTC`,
    basis: asOf.basis === 'pulled' ? 'when routelint pull read the account' : "the newest modification time of the export's files",
  };
}
