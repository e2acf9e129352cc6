import type { Birth, BirthInput } from '../births/birth.schema';
import { birthToInput } from '../births/birth-to-input';
import { BIRTH_FIELDS } from '../births/birth-fields';
import type { AnyField } from '../births/field-table';
import { canonicalJson } from '../diff';

/**
 * A birth as the sync protocol sees it: a flat map of field paths to values, one entry per field of the
 * input document (`facilityId`, `mother.age`, `delivery.bornAt`, `newborns.<newbornId>.birthWeightGrams`).
 * Newborns are addressed by id, not by position, so that two devices editing twins never mix them up.
 * A patch is such a map holding only the fields an edit changed; `newborns.<id>: null` removes a newborn.
 */
export type FlatRecord = Record<string, unknown>;
export type Patch = Record<string, unknown>;

/** The document parts that are objects of fields (each key is a field). */
const PARTS = ['mother', 'delivery'] as const;

/** Paths whose values are personal data (hidden from readers without the right, so never merged from them). */
export const PERSONAL_BIRTH_PATHS: ReadonlySet<string> = new Set(
  (BIRTH_FIELDS as readonly AnyField[]).flatMap((f) => (f.personal && f.path ? [f.path] : [])),
);

/** A birth document without its id, as `birthToInput` gives it or a form produces it. */
export type BirthBody = Omit<BirthInput, 'id'>;

export function flattenBirth(doc: BirthBody): FlatRecord {
  const flat: FlatRecord = { facilityId: doc.facilityId };
  for (const part of PARTS) {
    for (const [k, v] of Object.entries(doc[part])) flat[`${part}.${k}`] = v ?? null;
  }
  for (const n of doc.newborns) {
    if (!n.id) throw new Error('flattenBirth: every newborn needs its id');
    for (const [k, v] of Object.entries(n)) if (k !== 'id') flat[`newborns.${n.id}.${k}`] = v ?? null;
  }
  return flat;
}

/**
 * A stored birth document (as the API or an audit snapshot gives it) in flat form. Audit snapshots hold
 * each newborn's flags in place of its derived values: flags are derived, never patched, so they go.
 */
export function flattenBirthDoc(doc: Birth): FlatRecord {
  return Object.fromEntries(
    Object.entries(flattenBirth(birthToInput(doc))).filter(([k]) => !/^newborns\.[^.]+\.flags$/.test(k)),
  );
}

export function unflattenBirth(flat: FlatRecord): BirthBody {
  const doc = { facilityId: flat.facilityId, mother: {}, delivery: {} } as Record<string, unknown> & {
    mother: Record<string, unknown>;
    delivery: Record<string, unknown>;
  };
  const newborns = new Map<string, Record<string, unknown>>();
  for (const [path, value] of Object.entries(flat)) {
    const [head, a, b] = path.split('.');
    if (head === 'mother' || head === 'delivery') doc[head][a!] = value;
    else if (head === 'newborns' && a && b) {
      const n = newborns.get(a) ?? { id: a };
      n[b] = value;
      newborns.set(a, n);
    }
  }
  doc.newborns = [...newborns.values()].sort((x, y) => Number(x.birthOrder) - Number(y.birthOrder));
  return doc as unknown as BirthBody;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** The patch that turns `before` into `after` (a newborn that is gone becomes `newborns.<id>: null`). */
export function patchBetween(before: FlatRecord, after: FlatRecord): Patch {
  const patch: Patch = {};
  for (const [k, v] of Object.entries(after)) if (!same(before[k], v)) patch[k] = v;
  const kept = new Set(
    Object.keys(after).flatMap((k) => (k.startsWith('newborns.') ? [k.split('.')[1]] : [])),
  );
  for (const k of Object.keys(before)) {
    const id = k.startsWith('newborns.') ? k.split('.')[1] : undefined;
    if (id && !kept.has(id)) patch[`newborns.${id}`] = null;
  }
  return patch;
}

/** `record` with `patch` applied. */
export function applyPatch(record: FlatRecord, patch: Patch): FlatRecord {
  const out: FlatRecord = { ...record };
  for (const [k, v] of Object.entries(patch)) {
    if (/^newborns\.[^.]+$/.test(k) && v === null) {
      for (const key of Object.keys(out)) if (key.startsWith(`${k}.`)) delete out[key];
    } else out[k] = v;
  }
  return out;
}

/** The value a record holds at a patch path (a whole newborn is "present" or null). */
export function valueAt(record: FlatRecord, path: string): unknown {
  if (/^newborns\.[^.]+$/.test(path)) {
    return Object.keys(record).some((k) => k.startsWith(`${path}.`)) ? 'present' : null;
  }
  return record[path] ?? null;
}

export { same as sameValue };
