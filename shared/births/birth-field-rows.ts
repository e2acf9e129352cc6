import type {
  Birth,
  DeliveryInput,
  DerivedNewborn,
  MotherInput,
  Newborn,
  NewbornInput,
} from './birth.schema';
import type { BirthFields } from './birth-fields';
import type { Discharge } from './field-rules';
import type { KeyPaths, RowOf, TableProblems } from './field-table';
import type { NewbornFields } from './newborn-fields';

/**
 * The read row types of `births` and `newborns`, and the compiler's check of the field tables
 * (birth-fields.ts, newborn-fields.ts) against the document's types. They live apart from the tables
 * because the document's schema (birth.schema.ts) is built from the tables: here both are read, and
 * neither table depends on the schema.
 */

/** Paths of the input document (`BirthInputSchema`), all of which must be stored. */
type BirthInputPath = 'facilityId' | KeyPaths<MotherInput, 'mother.'> | KeyPaths<DeliveryInput, 'delivery.'>;

/** A `births` row as read back (`select *`). */
export type BirthFieldRow = RowOf<Birth, BirthFields>;

// Every path of the input document has its entry, entries read from the input only paths that exist
// there, and each SQL type holds its value. A compile error here names the paths at fault.
const birthChecks: TableProblems<Birth, BirthFields, BirthInputPath> = true;
void birthChecks;

/** Paths of a newborn's input document (`NewbornInputSchema`; the id is resolved before writing). */
type NewbornInputPath =
  Exclude<KeyPaths<NewbornInput, ''>, 'id' | 'discharge'> | KeyPaths<Discharge, 'discharge.'>;
/** Paths of what the rules derive (`deriveNewborn`), stored so that indicators count without re-deriving. */
type NewbornDerivedPath =
  | Exclude<KeyPaths<DerivedNewborn, 'derived.'>, 'derived.practices'>
  | KeyPaths<DerivedNewborn['practices'], 'derived.practices.'>;

/** A `newborns` row as read back (`select *`). */
export type NewbornFieldRow = RowOf<Newborn, NewbornFields>;

// As for the birth, and every derived value has its entry too.
const newbornChecks: TableProblems<Newborn, NewbornFields, NewbornInputPath, NewbornDerivedPath> = true;
void newbornChecks;
