// Boundary validation: raw API objects → typed model records. A value of the wrong type becomes a
// SchemaIssue (reported by the `invalid-field-type` rule) and the object holding it is left out.
import { typeName } from '../load/raw.js';
import type { JsonPath, SourceFile } from '../load/source.js';
import type { Loc, SchemaIssue } from './types.js';

/**
 * The keys of a raw object as a read-only set, without copying them: routes keep one, and an
 * account has a hundred thousand routes.
 */
class PresentKeys implements ReadonlySet<string> {
  constructor(private readonly obj: Record<string, unknown>) {}

  has(key: string): boolean {
    return Object.hasOwn(this.obj, key);
  }

  get size(): number {
    return Object.keys(this.obj).length;
  }

  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const k of Object.keys(this.obj)) callback.call(thisArg, k, k, this);
  }

  private copy(): Set<string> {
    return new Set(Object.keys(this.obj));
  }

  keys(): SetIterator<string> {
    return this.copy().keys();
  }

  values(): SetIterator<string> {
    return this.copy().values();
  }

  entries(): SetIterator<[string, string]> {
    return this.copy().entries();
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.copy().values();
  }
}

/** The keys of a raw object as a read-only set (see PresentKeys). */
export function presentKeysOf(obj: Record<string, unknown>): ReadonlySet<string> {
  return new PresentKeys(obj);
}

/** Reads the fields of one object, collecting issues instead of throwing. */
export class FieldReader {
  readonly issues: SchemaIssue[] = [];
  private presentKeys: ReadonlySet<string> | null = null;
  /**
   * `what` names the object in issues (`routes[3]`); given `index`, it names the section and the
   * name `routes[3]` is only built when an issue needs it.
   */
  constructor(
    readonly obj: Record<string, unknown>,
    readonly file: SourceFile,
    readonly path: JsonPath,
    private readonly whatText: string,
    private readonly index?: number,
  ) {}

  /** Which fields the object has (the API omits empty ones); made when first asked (routes keep it, peers never ask). */
  get present(): ReadonlySet<string> {
    return (this.presentKeys ??= presentKeysOf(this.obj));
  }

  get what(): string {
    return this.index === undefined ? this.whatText : `${this.whatText}[${this.index}]`;
  }

  loc(field?: string | number): Loc {
    return { file: this.file, path: field === undefined ? this.path : [...this.path, field] };
  }

  private fail(field: string, expected: string, actual: unknown): void {
    this.issues.push({ loc: this.loc(field), what: `${this.what}.${field}`, expected, actual: typeName(actual) });
  }

  private raw(field: string): unknown {
    return Object.hasOwn(this.obj, field) ? this.obj[field] : undefined;
  }

  string(field: string, fallback = ''): string {
    const v = this.raw(field);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string') return v;
    this.fail(field, 'a string', v);
    return fallback;
  }

  boolean(field: string, fallback = false): boolean {
    const v = this.raw(field);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    this.fail(field, 'a boolean', v);
    return fallback;
  }

  integer(field: string, fallback = 0): number {
    const v = this.raw(field);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    this.fail(field, 'an integer', v);
    return fallback;
  }

  /** An array of strings; `null` and a missing key read as empty, as the API emits them. */
  strings(field: string): string[] {
    const v = this.raw(field);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.fail(field, 'an array of strings', v);
      return [];
    }
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'string') out.push(item);
      else this.issues.push({ loc: this.loc(field), what: `${this.what}.${field}[${i}]`, expected: 'a string', actual: typeName(item) });
    }
    return out;
  }

  /** Like `strings`, but keeps `null` apart from an empty list (routes' `domains`). */
  nullableStrings(field: string): string[] | null {
    const v = this.raw(field);
    if (v === undefined || v === null) return null;
    return this.strings(field);
  }

  /** References given as `[{id, name}]` (what GET returns) or `["id"]` (what POST takes). */
  refs(field: string): string[] {
    const v = this.raw(field);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.fail(field, 'an array', v);
      return [];
    }
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'string') out.push(item);
      else if (isObject(item) && typeof item.id === 'string') out.push(item.id);
      else this.issues.push({ loc: { file: this.file, path: [...this.path, field, i] }, what: `${this.what}.${field}[${i}]`, expected: 'an {id, name} object', actual: typeName(item) });
    }
    return out;
  }

  object(field: string): Record<string, unknown> | null {
    const v = this.raw(field);
    if (v === undefined || v === null) return null;
    if (isObject(v)) return v;
    this.fail(field, 'an object', v);
    return null;
  }

  array(field: string): unknown[] {
    const v = this.raw(field);
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.fail(field, 'an array', v);
    return [];
  }

}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
