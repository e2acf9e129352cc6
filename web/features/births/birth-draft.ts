import { scalarText } from '../../../shared/scalar-text';
import type {
  Birth,
  BirthInputRaw,
  BirthOutcome,
  DeliveryMode,
  DischargeStatus,
  NewbornInputRaw,
  Procedure,
} from '../../../shared/births/birth.schema';
import { PROCEDURES } from '../../../shared/births/birth.schema';
import { BIRTH_FIELDS } from '../../../shared/births/birth-fields';
import { NEWBORN_FIELDS } from '../../../shared/births/newborn-fields';
import type { AnyField, FormKind } from '../../../shared/births/field-table';
import { isoToZonedLocal, zonedLocalToIso } from '../../../shared/births/zoned-time';

/**
 * What the birth form holds while someone types: text for numbers (a half-typed "1," is not a number
 * yet), yes/no/unknown for booleans. `toBirthInput` turns it into the API document that the shared
 * rules validate, on every keystroke and again on the server.
 */
export type Tri = '' | 'yes' | 'no';
/** `time` is minutes after birth, except for the bath, in hours. */
export type ProcedureDraft = { done: Tri; time: string };

type BirthFields = (typeof BIRTH_FIELDS)[number];
type NewbornFields = (typeof NEWBORN_FIELDS)[number];

/** The draft value of a field, by its form kind. */
type DraftValue<F> = F extends { form: 'yesNo' }
  ? Tri
  : F extends { form: 'choice' | 'requiredChoice'; values: readonly (infer V)[] }
    ? V | ''
    : string;

/** The draft of the fields under `Prefix` that the table gives a form kind (`mother.age` → `age`). */
type DraftOf<Fields, Prefix extends string> = {
  [
    P in Extract<Fields, { form: FormKind; path: string }>['path'] as P extends `${Prefix}${infer K}`
      ? K
      : never
  ]: DraftValue<Extract<Fields, { path: P }>>;
};

export type NewbornDraft = DraftOf<NewbornFields, ''> & {
  id?: string;
  birthOrder: number;
  /** '' until chosen: a birth must not look complete because a default was left in place. */
  outcome: BirthOutcome | '';
  procedures: Record<Procedure, ProcedureDraft>;
  deviationReasons: Record<string, string>;
  /** `time` as a time input gives it (HH:MM, facility time), '' when not recorded. */
  discharge: { date: string; time: string; status: DischargeStatus | ''; exclusiveBreastfeeding: Tri };
};

export type BirthDraft = {
  id: string;
  facilityId: string;
  mother: DraftOf<BirthFields, 'mother.'> & {
    /** Shown in the commune picker; not part of the document. */
    communeName: string;
  };
  delivery: DraftOf<BirthFields, 'delivery.'> & {
    /** Wall-clock time at the facility, as a datetime-local input gives it. */
    bornAtLocal: string;
    /** '' until chosen, like the time of birth and each baby's outcome. */
    mode: DeliveryMode | '';
    babyCount: number;
    deviationReasons: Record<string, string>;
  };
  newborns: NewbornDraft[];
};

/** The fields of a table under a prefix that the draft converts by their form kind. */
function formFields(fields: readonly AnyField[], prefix: string) {
  return fields.flatMap((f) =>
    f.form && f.path?.startsWith(prefix) && !f.path.includes('.', prefix.length)
      ? [{ key: f.path.slice(prefix.length), kind: f.form }]
      : [],
  );
}
type FormFields = ReturnType<typeof formFields>;
const MOTHER_FORM = formFields(BIRTH_FIELDS, 'mother.');
const DELIVERY_FORM = formFields(BIRTH_FIELDS, 'delivery.');
const NEWBORN_FORM = formFields(NEWBORN_FIELDS, '');

const emptyProcedures = (): Record<Procedure, ProcedureDraft> =>
  Object.fromEntries(PROCEDURES.map((p) => [p, { done: '', time: '' }])) as Record<Procedure, ProcedureDraft>;

/** Every field blank: '' is "not typed yet" for text, yes/no and choices alike. */
const blank = <T>(fields: FormFields) => Object.fromEntries(fields.map((f) => [f.key, ''])) as T;

export function emptyNewborn(birthOrder: number): NewbornDraft {
  return {
    ...blank<DraftOf<NewbornFields, ''>>(NEWBORN_FORM),
    birthOrder,
    outcome: '',
    procedures: emptyProcedures(),
    deviationReasons: {},
    discharge: { date: '', time: '', status: '', exclusiveBreastfeeding: '' },
  };
}

/** A new birth: nothing chosen for the midwife, the time of birth included (she taps "Now" or types it). */
export function emptyDraft(id: string, facilityId: string, bornAtLocal = ''): BirthDraft {
  return {
    id,
    facilityId,
    mother: { ...blank<DraftOf<BirthFields, 'mother.'>>(MOTHER_FORM), communeName: '' },
    delivery: {
      ...blank<DraftOf<BirthFields, 'delivery.'>>(DELIVERY_FORM),
      bornAtLocal,
      mode: '',
      babyCount: 1,
      deviationReasons: {},
    },
    newborns: [emptyNewborn(1)],
  };
}

/** Numbers as typed: empty is "not recorded"; a decimal comma (Vietnamese keyboards) is accepted. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

const tri = (v: Tri): boolean | null => (v === '' ? null : v === 'yes');
const toTri = (v: boolean | null | undefined): Tri => (v === null || v === undefined ? '' : v ? 'yes' : 'no');
const nonEmpty = (v: string) => (v.trim() === '' ? null : v.trim());

const TO_DOCUMENT: Record<FormKind, (v: string) => unknown> = {
  number: parseNumber,
  yesNo: (v) => tri(v as Tri),
  text: (v) => v,
  optionalText: nonEmpty,
  choice: (v) => v || null,
  requiredChoice: (v) => v || undefined,
};
const TO_DRAFT: Record<FormKind, (v: unknown) => string> = {
  number: (v) => (v === null || v === undefined ? '' : scalarText(v)),
  yesNo: (v) => toTri(v as boolean | null),
  text: (v) => v as string,
  optionalText: (v) => (v as string | null) ?? '',
  choice: (v) => (v as string | null) ?? '',
  requiredChoice: (v) => (v as string | null) ?? '',
};

/** The document's values of the table-driven fields of a draft object. */
function documentValues<T>(fields: FormFields, draft: object): T {
  const d = draft as Record<string, string>;
  return Object.fromEntries(fields.map((f) => [f.key, TO_DOCUMENT[f.kind](d[f.key]!)])) as T;
}

/** The draft values of the table-driven fields of a document object. */
function draftValues<T>(fields: FormFields, doc: object): T {
  const o = doc as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f.key, TO_DRAFT[f.kind](o[f.key])])) as T;
}
const reasons = (r: Record<string, string>) =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v.trim() !== ''));

function procedureOut(p: ProcedureDraft, unitMinutes: number) {
  if (p.done === '') return null;
  const time = parseNumber(p.time);
  return { done: p.done === 'yes', minutes: time === null ? null : time * unitMinutes };
}

function newbornOut(n: NewbornDraft): NewbornInputRaw {
  const procedures = Object.fromEntries(
    PROCEDURES.map((p) => [p, procedureOut(n.procedures[p], p === 'bath' ? 60 : 1)]),
  ) as NewbornInputRaw['procedures'];
  return {
    ...(n.id ? { id: n.id } : {}),
    ...documentValues<Omit<NewbornInputRaw, 'birthOrder' | 'outcome'>>(NEWBORN_FORM, n),
    birthOrder: n.birthOrder,
    // An empty choice is left out, so the schema answers "choose the outcome" in the reader's words.
    outcome: (n.outcome || undefined) as BirthOutcome,
    procedures,
    deviationReasons: reasons(n.deviationReasons),
    discharge:
      n.discharge.date || n.discharge.status
        ? {
            date: n.discharge.date,
            time: n.discharge.time || null,
            status: (n.discharge.status || undefined) as DischargeStatus,
            exclusiveBreastfeeding: tri(n.discharge.exclusiveBreastfeeding),
          }
        : null,
  };
}

/** The API document for a draft, with the time of birth placed in the facility's time zone. */
export function toBirthInput(d: BirthDraft, timeZone: string): BirthInputRaw {
  return {
    id: d.id,
    facilityId: d.facilityId,
    mother: documentValues<BirthInputRaw['mother']>(MOTHER_FORM, d.mother),
    delivery: {
      ...documentValues<Omit<BirthInputRaw['delivery'], 'bornAt' | 'mode' | 'babyCount'>>(
        DELIVERY_FORM,
        d.delivery,
      ),
      bornAt: zonedLocalToIso(d.delivery.bornAtLocal, timeZone) ?? '',
      mode: (d.delivery.mode || undefined) as DeliveryMode,
      babyCount: d.delivery.babyCount,
      deviationReasons: reasons(d.delivery.deviationReasons),
    },
    newborns: d.newborns.map(newbornOut),
  };
}

/** A stored birth as a draft, for editing. */
export function fromBirth(b: Birth, timeZone: string): BirthDraft {
  return {
    id: b.id,
    facilityId: b.facilityId,
    mother: {
      ...draftValues<DraftOf<BirthFields, 'mother.'>>(MOTHER_FORM, b.mother),
      communeName: b.mother.communeName ?? '',
    },
    delivery: {
      ...draftValues<DraftOf<BirthFields, 'delivery.'>>(DELIVERY_FORM, b.delivery),
      bornAtLocal: isoToZonedLocal(b.delivery.bornAt, timeZone),
      mode: b.delivery.mode,
      babyCount: b.delivery.babyCount,
      deviationReasons: { ...b.delivery.deviationReasons },
    },
    newborns: b.newborns.map((n) => ({
      ...draftValues<DraftOf<NewbornFields, ''>>(NEWBORN_FORM, n),
      id: n.id,
      birthOrder: n.birthOrder,
      outcome: n.outcome,
      procedures: Object.fromEntries(
        PROCEDURES.map((p) => {
          const v = n.procedures[p];
          const time =
            v?.minutes === null || v?.minutes === undefined
              ? ''
              : String(p === 'bath' ? v.minutes / 60 : v.minutes);
          return [p, { done: toTri(v?.done), time }];
        }),
      ) as Record<Procedure, ProcedureDraft>,
      deviationReasons: { ...n.deviationReasons },
      discharge: {
        date: n.discharge?.date ?? '',
        time: n.discharge?.time ?? '',
        status: n.discharge?.status ?? '',
        exclusiveBreastfeeding: toTri(n.discharge?.exclusiveBreastfeeding),
      },
    })),
  };
}

/** Adds or removes baby sections to match the number of babies, keeping what was typed. */
export function withBabyCount(d: BirthDraft, count: number): BirthDraft {
  const newborns = Array.from({ length: count }, (_, i) => d.newborns[i] ?? emptyNewborn(i + 1));
  return { ...d, delivery: { ...d.delivery, babyCount: count }, newborns };
}
