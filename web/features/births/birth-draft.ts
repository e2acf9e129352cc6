import type {
  Birth,
  BirthInputRaw,
  BirthOutcome,
  DeliveryMode,
  DischargeStatus,
  NewbornInputRaw,
  Procedure,
  ResuscitationOutcome,
  Sex,
} from '../../../shared/births/birth.schema';
import { PROCEDURES } from '../../../shared/births/birth.schema';
import { isoToZonedLocal, zonedLocalToIso } from '../../../shared/births/zoned-time';

/**
 * What the birth form holds while someone types: text for numbers (a half-typed "1," is not a number
 * yet), yes/no/unknown for booleans. `toBirthInput` turns it into the API document that the shared
 * rules validate, on every keystroke and again on the server.
 */
export type Tri = '' | 'yes' | 'no';
/** `time` is minutes after birth, except for the bath, in hours. */
export type ProcedureDraft = { done: Tri; time: string };

export type NewbornDraft = {
  id?: string;
  birthOrder: number;
  sex: Sex | '';
  birthWeightGrams: string;
  outcome: BirthOutcome;
  apgar1: string;
  apgar5: string;
  dryingStartedSeconds: string;
  breathingAtBirth: Tri;
  sscStartedMinutes: string;
  sscDurationMinutes: string;
  separatedBeforeBreastfeed: Tri;
  cordClampedMinutes: string;
  breastfeedStartedMinutes: string;
  breastfeedCompletedMinutes: string;
  procedures: Record<Procedure, ProcedureDraft>;
  bagMaskStartedSeconds: string;
  resuscitationOutcome: ResuscitationOutcome | '';
  kmcInitiated: Tri;
  deviationReasons: Record<string, string>;
  discharge: { date: string; status: DischargeStatus | ''; exclusiveBreastfeeding: Tri };
};

export type BirthDraft = {
  id: string;
  facilityId: string;
  mother: {
    recordNumber: string;
    age: string;
    birthYear: string;
    communeId: string;
    communeName: string;
    ethnicMinority: Tri;
    parity: string;
    name: string;
    phone: string;
  };
  delivery: {
    /** Wall-clock time at the facility, as a datetime-local input gives it. */
    bornAtLocal: string;
    mode: DeliveryMode;
    gestationalAgeWeeks: string;
    babyCount: number;
    secondBabyChecked: Tri;
    uterotonicGiven: Tri;
    uterotonicMinutes: string;
    deviationReasons: Record<string, string>;
  };
  newborns: NewbornDraft[];
};

const emptyProcedures = (): Record<Procedure, ProcedureDraft> =>
  Object.fromEntries(PROCEDURES.map((p) => [p, { done: '', time: '' }])) as Record<Procedure, ProcedureDraft>;

export function emptyNewborn(birthOrder: number): NewbornDraft {
  return {
    birthOrder,
    sex: '',
    birthWeightGrams: '',
    outcome: 'live_birth',
    apgar1: '',
    apgar5: '',
    dryingStartedSeconds: '',
    breathingAtBirth: '',
    sscStartedMinutes: '',
    sscDurationMinutes: '',
    separatedBeforeBreastfeed: '',
    cordClampedMinutes: '',
    breastfeedStartedMinutes: '',
    breastfeedCompletedMinutes: '',
    procedures: emptyProcedures(),
    bagMaskStartedSeconds: '',
    resuscitationOutcome: '',
    kmcInitiated: '',
    deviationReasons: {},
    discharge: { date: '', status: '', exclusiveBreastfeeding: '' },
  };
}

export function emptyDraft(id: string, facilityId: string, bornAtLocal: string): BirthDraft {
  return {
    id,
    facilityId,
    mother: {
      recordNumber: '',
      age: '',
      birthYear: '',
      communeId: '',
      communeName: '',
      ethnicMinority: '',
      parity: '',
      name: '',
      phone: '',
    },
    delivery: {
      bornAtLocal,
      mode: 'spontaneous_vaginal',
      gestationalAgeWeeks: '',
      babyCount: 1,
      secondBabyChecked: '',
      uterotonicGiven: '',
      uterotonicMinutes: '',
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
const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const nonEmpty = (v: string) => (v.trim() === '' ? null : v.trim());
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
    birthOrder: n.birthOrder,
    sex: (n.sex || undefined) as Sex,
    birthWeightGrams: parseNumber(n.birthWeightGrams),
    outcome: n.outcome,
    apgar1: parseNumber(n.apgar1),
    apgar5: parseNumber(n.apgar5),
    dryingStartedSeconds: parseNumber(n.dryingStartedSeconds),
    breathingAtBirth: tri(n.breathingAtBirth),
    sscStartedMinutes: parseNumber(n.sscStartedMinutes),
    sscDurationMinutes: parseNumber(n.sscDurationMinutes),
    separatedBeforeBreastfeed: tri(n.separatedBeforeBreastfeed),
    cordClampedMinutes: parseNumber(n.cordClampedMinutes),
    breastfeedStartedMinutes: parseNumber(n.breastfeedStartedMinutes),
    breastfeedCompletedMinutes: parseNumber(n.breastfeedCompletedMinutes),
    procedures,
    bagMaskStartedSeconds: parseNumber(n.bagMaskStartedSeconds),
    resuscitationOutcome: n.resuscitationOutcome || null,
    kmcInitiated: tri(n.kmcInitiated),
    deviationReasons: reasons(n.deviationReasons),
    discharge:
      n.discharge.date || n.discharge.status
        ? {
            date: n.discharge.date,
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
    mother: {
      recordNumber: d.mother.recordNumber,
      age: parseNumber(d.mother.age),
      birthYear: parseNumber(d.mother.birthYear),
      communeId: nonEmpty(d.mother.communeId),
      ethnicMinority: tri(d.mother.ethnicMinority),
      parity: parseNumber(d.mother.parity),
      name: nonEmpty(d.mother.name),
      phone: nonEmpty(d.mother.phone),
    },
    delivery: {
      bornAt: zonedLocalToIso(d.delivery.bornAtLocal, timeZone) ?? '',
      mode: d.delivery.mode,
      gestationalAgeWeeks: parseNumber(d.delivery.gestationalAgeWeeks),
      babyCount: d.delivery.babyCount,
      secondBabyChecked: tri(d.delivery.secondBabyChecked),
      uterotonicGiven: tri(d.delivery.uterotonicGiven),
      uterotonicMinutes: parseNumber(d.delivery.uterotonicMinutes),
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
      recordNumber: b.mother.recordNumber,
      age: text(b.mother.age),
      birthYear: text(b.mother.birthYear),
      communeId: b.mother.communeId ?? '',
      communeName: b.mother.communeName ?? '',
      ethnicMinority: toTri(b.mother.ethnicMinority),
      parity: text(b.mother.parity),
      name: b.mother.name ?? '',
      phone: b.mother.phone ?? '',
    },
    delivery: {
      bornAtLocal: isoToZonedLocal(b.delivery.bornAt, timeZone),
      mode: b.delivery.mode,
      gestationalAgeWeeks: text(b.delivery.gestationalAgeWeeks),
      babyCount: b.delivery.babyCount,
      secondBabyChecked: toTri(b.delivery.secondBabyChecked),
      uterotonicGiven: toTri(b.delivery.uterotonicGiven),
      uterotonicMinutes: text(b.delivery.uterotonicMinutes),
      deviationReasons: { ...b.delivery.deviationReasons },
    },
    newborns: b.newborns.map((n) => ({
      id: n.id,
      birthOrder: n.birthOrder,
      sex: n.sex,
      birthWeightGrams: text(n.birthWeightGrams),
      outcome: n.outcome,
      apgar1: text(n.apgar1),
      apgar5: text(n.apgar5),
      dryingStartedSeconds: text(n.dryingStartedSeconds),
      breathingAtBirth: toTri(n.breathingAtBirth),
      sscStartedMinutes: text(n.sscStartedMinutes),
      sscDurationMinutes: text(n.sscDurationMinutes),
      separatedBeforeBreastfeed: toTri(n.separatedBeforeBreastfeed),
      cordClampedMinutes: text(n.cordClampedMinutes),
      breastfeedStartedMinutes: text(n.breastfeedStartedMinutes),
      breastfeedCompletedMinutes: text(n.breastfeedCompletedMinutes),
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
      bagMaskStartedSeconds: text(n.bagMaskStartedSeconds),
      resuscitationOutcome: n.resuscitationOutcome ?? '',
      kmcInitiated: toTri(n.kmcInitiated),
      deviationReasons: { ...n.deviationReasons },
      discharge: {
        date: n.discharge?.date ?? '',
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
