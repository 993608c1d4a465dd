// Words the renderers share, so the HTML page, the Markdown and the pictures name things alike.
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
