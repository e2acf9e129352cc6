import type { Birth, BirthInput } from '../births/birth.schema';
import { birthToInput } from '../births/birth-to-input';
import { BIRTH_FIELDS } from '../births/birth-fields';
import type { AnyField } from '../births/field-table';
import { type FlatRecord, flattenDoc, type RecordShape, unflattenDoc } from './flat-record';

/**
 * A birth in the protocol's flat form (shared/sync/flat-record.ts): `facilityId`, `mother.<field>`,
 * `delivery.<field>`, `newborns.<newbornId>.<field>`.
 */
export const BIRTH_SHAPE: RecordShape = {
  fields: ['facilityId'],
  parts: ['mother', 'delivery'],
  lists: { newborns: { id: 'id', order: 'birthOrder' } },
};

/** Paths whose values are personal data (hidden from readers without the right, so never merged from them). */
export const PERSONAL_BIRTH_PATHS: ReadonlySet<string> = new Set(
  (BIRTH_FIELDS as readonly AnyField[]).flatMap((f) => (f.personal && f.path ? [f.path] : [])),
);

/** A birth document without its id, as `birthToInput` gives it or a form produces it. */
export type BirthBody = Omit<BirthInput, 'id'>;

export const flattenBirth = (doc: BirthBody): FlatRecord => flattenDoc(BIRTH_SHAPE, doc);

/**
 * A stored birth document (as the API or an audit snapshot gives it) in flat form. Audit snapshots hold
 * each newborn's flags in place of its derived values: flags are derived, never patched, so they go.
 */
export function flattenBirthDoc(doc: Birth): FlatRecord {
  return Object.fromEntries(
    Object.entries(flattenBirth(birthToInput(doc))).filter(([k]) => !/^newborns\.[^.]+\.flags$/.test(k)),
  );
}

export const unflattenBirth = (flat: FlatRecord) => unflattenDoc(BIRTH_SHAPE, flat) as unknown as BirthBody;
