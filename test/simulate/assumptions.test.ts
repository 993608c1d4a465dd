// The closed table of assumption ids: every id is documented in the README, and the README names
// no id the table lacks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSUMPTION_IDS } from '../../src/simulate/assumptions.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const documented = [...readme.matchAll(/^ {2}\| `([a-z0-9-]+)` \| [^|]+ \|$/gm)].map((m) => m[1]!);

describe('assumption ids', () => {
  it('are the ids of the README table, in its order', () => {
    expect(documented).toEqual([...ASSUMPTION_IDS]);
  });

});
