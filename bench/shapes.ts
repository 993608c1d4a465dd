// Degenerate shapes for group questions (#17): the flat account (generate.ts) with every route
// covering one address, so a question about it weighs every route of the account. `one-prefix`:
// every route on 10.0.0.0/16 under its own network_id (as many HA sets as routes, all of one rank);
// `chain`: prefixes nested from 10.0.0.0/8 to 10.0.0.1/32, each route under its own network_id
// (a chain as deep as the account is large, lengths recurring). Ask about 10.0.0.1.
import { generateFlatAccount, type Account } from './generate.js';

export type CoveringShape = 'one-prefix' | 'chain';

/** The address every route of a covering shape covers. */
export const COVERED_ADDRESS = '10.0.0.1';

export function generateCoveringAccount(routeCount: number, shape: CoveringShape, seed = 7): Account {
  const flat = generateFlatAccount(routeCount, seed);
  const routes = flat.routes.map((r, i) => ({ ...r, network: shape === 'one-prefix' ? '10.0.0.0/16' : `10.0.0.${i % 25 === 24 ? 1 : 0}/${8 + (i % 25)}`, network_id: `net-${i}` }));
  return { ...flat, routes };
}
