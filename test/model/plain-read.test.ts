// Routes and peers whose fields have their API types are read straight from the object
// (build.ts plainRoute, plainPeer); any other object goes through a FieldReader. Both must give the
// same model object, and the direct read must refuse every object the FieldReader has an issue with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSource, type SourceFile } from '../../src/load/source.js';
import { objectReaders } from '../../src/model/build.js';
import { FieldReader } from '../../src/model/validate.js';

const parsed = parseSource('routes.json', '[]');
if (!parsed.ok) throw new Error('unreachable');
const file: SourceFile = parsed.file;

/** A field's value: usually of its type, sometimes missing, null or of another type. */
function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.string(), fc.constant([1]), fc.constant({})) },
  );
}

const text = field(fc.constantFrom('', 'a', 'net-1', '10.0.0.0/8', '10.1.2.3/16', 'fd00::/64', '0.0.0.0/0', 'invalid.domain.placeholder', 'x/99'));
const flag = field(fc.boolean());
const list = field(fc.array(fc.oneof({ weight: 9, arbitrary: fc.constantFrom('g1', 'g2', 'example.com') }, { weight: 1, arbitrary: fc.integer() }), { maxLength: 3 }));
const metric = field(fc.oneof(fc.integer({ min: -5, max: 10000 }), fc.constant(1.5), fc.constant(-0)));

/** An object with some of the fields, each possibly missing (absent key rather than undefined). */
function objectOf(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(fields, { requiredKeys: [] }).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

const routeObject = objectOf({
  id: text, network: text, network_id: text, network_type: text, peer: text, description: text,
  domains: list, peer_groups: list, groups: list, access_control_groups: list,
  metric, masquerade: flag, enabled: flag, keep_route: flag, skip_auto_apply: flag,
});

const refs = field(fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom('g1', 'g2') }, { weight: 4, arbitrary: fc.record({ id: fc.constantFrom('g1', 'g3'), name: fc.string() }) }, { weight: 1, arbitrary: fc.record({ name: fc.string() }) }), { maxLength: 3 }));
const peerObject = objectOf({
  id: text, name: text, ip: field(fc.constantFrom('100.64.0.1', 'fd00::1', 'bad')), ipv6: field(fc.constantFrom('', 'fd00::1', '100.64.0.9')),
  dns_label: text, os: text, version: text, kernel_version: text, country_code: text, city_name: text, connection_ip: text,
  connected: flag, login_expired: flag, approval_required: flag, groups: refs,
  local_flags: field(fc.record({ block_inbound: fc.oneof(fc.boolean(), fc.integer()), disable_server_routes: fc.boolean() }, { requiredKeys: [] })),
});

// JSON round trip: the objects are what JSON.parse gives the loader.
const asParsed = (o: Record<string, unknown>) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

describe('reading routes and peers straight from the object', () => {
  it('a route: the same Route as through a FieldReader, or null exactly when that has an issue', () => {
    fc.assert(
      fc.property(routeObject.map(asParsed), fc.nat(1000), (o, index) => {
        const path = ['routes', index];
        const reader = new FieldReader(o, file, path, 'routes', index);
        const slow = objectReaders.readRoute(reader, index);
        const fast = objectReaders.plainRoute(o, file, path, index);
        if (reader.issues.length > 0) expect(fast).toBeNull();
        else {
          expect(fast).not.toBeNull();
          expect({ ...fast!, present: [...fast!.present] }).toEqual({ ...slow, present: [...slow.present] });
          expect(Object.isFrozen(fast)).toBe(true);
          expect(Object.isFrozen(fast!.groups)).toBe(true);
          // The model keeps no list of the raw object.
          if (Array.isArray(o.groups) && o.groups.length > 0) expect(fast!.groups).not.toBe(o.groups);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a peer: the same Peer as through a FieldReader, or null exactly when that has an issue', () => {
    fc.assert(
      fc.property(peerObject.map(asParsed), (o) => {
        const path = ['peers', 3];
        const reader = new FieldReader(o, file, path, 'peers', 3);
        const slow = objectReaders.readPeer(reader);
        const fast = objectReaders.plainPeer(o, file, path);
        if (reader.issues.length > 0) expect(fast).toBeNull();
        else {
          expect(fast).not.toBeNull();
          expect(fast).toEqual(slow);
          expect(Object.isFrozen(fast!.groupIds)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
