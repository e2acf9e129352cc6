import { canonicalJson } from '../diff';

/**
 * A record as the sync protocol sees it, whatever its type: a flat map of field paths to values. A
 * document's top-level fields keep their names (`visitedAt`), the fields of a part are `<part>.<field>`
 * (`mother.age`), and the entries of a list are addressed by their id, not their position
 * (`newborns.<newbornId>.birthWeightGrams`), so that two devices editing twins never mix them up. A patch
 * is such a map holding only the fields an edit changed; `<list>.<id>: null` removes a whole entry.
 *
 * Everything here works on the structure alone (an entry is a path with fields below it), so the merge
 * and the outbox serve every record type; only flattening needs to know a type's shape (`RecordShape`).
 */
export type FlatRecord = Record<string, unknown>;
export type Patch = Record<string, unknown>;

/**
 * How a record type's input document is laid out: its top-level fields, its parts (objects of fields),
 * its optional parts (null when absent; `presence` names the flat field that says whether it is there,
 * so that "not seen" merges like any field), and its lists of entries (keyed by the entry's `id` field,
 * put back in `order` when given).
 */
export type RecordShape = {
  fields: readonly string[];
  parts?: readonly string[];
  optionalParts?: Readonly<Record<string, { presence: string }>>;
  lists?: Readonly<Record<string, { id: string; order?: string }>>;
};

type Doc = Record<string, unknown>;

export function flattenDoc(shape: RecordShape, doc: Doc): FlatRecord {
  const flat: FlatRecord = {};
  for (const f of shape.fields) flat[f] = doc[f] ?? null;
  for (const part of shape.parts ?? []) {
    for (const [k, v] of Object.entries((doc[part] ?? {}) as Doc)) flat[`${part}.${k}`] = v ?? null;
  }
  for (const [part, { presence }] of Object.entries(shape.optionalParts ?? {})) {
    const value = doc[part] as Doc | null | undefined;
    flat[`${part}.${presence}`] = Boolean(value);
    for (const [k, v] of Object.entries(value ?? {})) flat[`${part}.${k}`] = v ?? null;
  }
  for (const [list, { id }] of Object.entries(shape.lists ?? {})) {
    for (const entry of (doc[list] ?? []) as Doc[]) {
      const key = entry[id];
      if (typeof key !== 'string') throw new Error(`flattenDoc: every entry of ${list} needs its ${id}`);
      for (const [k, v] of Object.entries(entry)) if (k !== id) flat[`${list}.${key}.${k}`] = v ?? null;
    }
  }
  return flat;
}

export function unflattenDoc(shape: RecordShape, flat: FlatRecord): Doc {
  const doc: Doc = {};
  for (const f of shape.fields) if (f in flat) doc[f] = flat[f];
  const objects = new Map<string, Doc>();
  const entries = new Map<string, Map<string, Doc>>();
  for (const [path, value] of Object.entries(flat)) {
    const [head, a, b] = path.split('.') as [string, string | undefined, string | undefined];
    if (a === undefined) continue;
    const list = shape.lists?.[head];
    if (list && b !== undefined) {
      const byId = entries.get(head) ?? new Map<string, Doc>();
      const entry = byId.get(a) ?? { [list.id]: a };
      entry[b] = value;
      entries.set(head, byId.set(a, entry));
    } else if (!list) {
      const object = objects.get(head) ?? {};
      object[a] = value;
      objects.set(head, object);
    }
  }
  for (const part of shape.parts ?? []) doc[part] = objects.get(part) ?? {};
  for (const [part, { presence }] of Object.entries(shape.optionalParts ?? {})) {
    const { [presence]: present, ...fields } = objects.get(part) ?? {};
    doc[part] = present ? fields : null;
  }
  for (const [list, { order, id }] of Object.entries(shape.lists ?? {})) {
    const items = [...(entries.get(list)?.values() ?? [])];
    const key = (x: Doc) => (order ? Number(x[order]) : 0);
    doc[list] = items.sort((x, y) => key(x) - key(y) || String(x[id]).localeCompare(String(y[id])));
  }
  return doc;
}

export const sameValue = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Whether `path` is a whole entry of the record (it has fields below it). */
export const hasFieldsBelow = (record: FlatRecord, path: string) =>
  Object.keys(record).some((k) => k.startsWith(`${path}.`));

/** The list entry (`newborns.<id>`) a field path lies in, if any. */
const entryOf = (path: string) => {
  const parts = path.split('.');
  return parts.length > 2 ? `${parts[0]}.${parts[1]}` : undefined;
};

/** The patch that turns `before` into `after` (an entry that is gone becomes `<list>.<id>: null`). */
export function patchBetween(before: FlatRecord, after: FlatRecord): Patch {
  const patch: Patch = {};
  for (const [k, v] of Object.entries(after)) if (!sameValue(before[k], v)) patch[k] = v;
  const kept = new Set(Object.keys(after).flatMap((k) => entryOf(k) ?? []));
  for (const k of Object.keys(before)) {
    const entry = entryOf(k);
    if (entry && !kept.has(entry)) patch[entry] = null;
  }
  return patch;
}

/** `record` with `patch` applied. */
export function applyPatch(record: FlatRecord, patch: Patch): FlatRecord {
  const out: FlatRecord = { ...record };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null && !(k in out)) {
      for (const key of Object.keys(out)) if (key.startsWith(`${k}.`)) delete out[key];
    } else out[k] = v;
  }
  return out;
}

/** A patch followed by another, as one. */
export function combinePatches(a: Patch, b: Patch): Patch {
  const out: Patch = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === null) for (const key of Object.keys(out)) if (key.startsWith(`${k}.`)) delete out[key];
    out[k] = v;
  }
  return out;
}

/** The value a record holds at a patch path (a whole entry is "present" or null). */
export function valueAt(record: FlatRecord, path: string): unknown {
  if (!(path in record) && hasFieldsBelow(record, path)) return 'present';
  return record[path] ?? null;
}
