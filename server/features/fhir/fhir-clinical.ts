import type { Coding, Encounter, Observation, Organization, Patient, Reference } from '@medplum/fhirtypes';
import type { Birth, Newborn } from '../../../shared/births/birth.schema';
import { BIRTH_FIELDS } from '../../../shared/births/birth-fields';
import type { FieldObservation } from '../../../shared/births/field-table';
import { NEWBORN_FIELDS } from '../../../shared/births/newborn-fields';
import type { KmcEpisode } from '../../../shared/kmc/kmc.schema';
import type { FollowUp } from '../../../shared/pnc/pnc.schema';
import { OPENEENC_SYSTEM } from './fhir-resources';

/**
 * A birth record as FHIR R4 clinical resources (docs/fhir.md): the mother and each baby as Patient, the
 * delivery, each postnatal contact and each KMC episode as Encounter, and the fields that the field tables
 * mark with `fhir` as Observation. Pure functions of the documents the JSON API answers (with personal
 * fields already removed where the reader may not see them), so the two cannot disagree.
 */
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const OBSERVATION_SYSTEM = `${OPENEENC_SYSTEM}/CodeSystem/observation`;
export const MOTHER_EXTENSION = `${OPENEENC_SYSTEM}/StructureDefinition/mother`;
const codeSystem = (name: string) => `${OPENEENC_SYSTEM}/CodeSystem/${name}`;

/** The mother of a birth is a Patient of that birth record: OpenEENC keeps no person index across births. */
export const motherPatientId = (birthId: string) => `mother-${birthId}`;
/** `mother-<birth id>` or a newborn's id; what birth it belongs to is looked up by the caller. */
export function parsePatientId(id: string): { motherOf: string } | { newborn: string } | null {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (id.startsWith('mother-') && uuid.test(id.slice(7))) return { motherOf: id.slice(7) };
  return uuid.test(id) ? { newborn: id } : null;
}

const GENDER: Record<Newborn['sex'], Patient['gender']> = {
  female: 'female',
  male: 'male',
  undetermined: 'unknown',
};
const meta = (b: Birth) => ({
  versionId: String(b.version),
  lastUpdated: b.updatedAt,
  // Name and phone were removed for this reader: say so rather than let the record look complete.
  ...(b.personalDataHidden
    ? { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'MASKED' }] }
    : {}),
});
const facilityRef = (b: Birth): Reference<Organization> => ({
  reference: `Organization/${b.facilityId}`,
  display: b.facilityName,
});

export function toMotherPatient(b: Birth): Patient {
  const m = b.mother;
  return {
    resourceType: 'Patient',
    id: motherPatientId(b.id),
    meta: meta(b),
    identifier: [
      { system: `${OPENEENC_SYSTEM}/mother-record-number/${b.facilityId}`, value: m.recordNumber },
    ],
    gender: 'female',
    ...(m.name ? { name: [{ text: m.name }] } : {}),
    ...(m.phone ? { telecom: [{ system: 'phone', value: m.phone }] } : {}),
    ...(m.birthYear ? { birthDate: String(m.birthYear) } : {}),
    ...(m.communeId && m.communeName ? { address: [{ use: 'home', text: m.communeName }] } : {}),
    managingOrganization: facilityRef(b),
  };
}

export function toNewbornPatient(b: Birth, n: Newborn): Patient {
  const died = n.outcome !== 'live_birth' || n.discharge?.status === 'died';
  return {
    resourceType: 'Patient',
    id: n.id,
    meta: meta(b),
    extension: [{ url: MOTHER_EXTENSION, valueReference: { reference: `Patient/${motherPatientId(b.id)}` } }],
    identifier: [
      {
        system: `${OPENEENC_SYSTEM}/newborn-record-number/${b.facilityId}`,
        value: `${b.mother.recordNumber}/${n.birthOrder}`,
      },
    ],
    gender: GENDER[n.sex],
    birthDate: b.birthDate,
    _birthDate: {
      extension: [
        {
          url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
          valueDateTime: b.delivery.bornAt,
        },
      ],
    },
    ...(b.delivery.babyCount > 1 ? { multipleBirthInteger: n.birthOrder } : { multipleBirthBoolean: false }),
    deceasedBoolean: died,
    managingOrganization: facilityRef(b),
    // The primitive's own extension (`_birthDate`), which the type package does not declare.
  } as Patient & { _birthDate: unknown };
}

/** The delivery: an inpatient stay at the facility, from the time of birth. */
export function toDeliveryEncounter(b: Birth): Encounter {
  return {
    resourceType: 'Encounter',
    id: b.id,
    meta: { versionId: String(b.version), lastUpdated: b.updatedAt },
    status: 'finished',
    class: { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' },
    type: [{ coding: [{ system: codeSystem('encounter-type'), code: 'delivery' }] }],
    subject: { reference: `Patient/${motherPatientId(b.id)}` },
    period: { start: b.delivery.bornAt },
    serviceProvider: facilityRef(b),
  };
}

type FollowUpSubject = FollowUp['subjects'][number];
const subjectRef = (birthId: string, s: Pick<FollowUpSubject, 'kind' | 'newbornId'>): Reference<Patient> => ({
  reference: `Patient/${s.kind === 'mother' ? motherPatientId(birthId) : s.newbornId}`,
});

/** Each recorded postnatal contact of each subject: at the facility (ambulatory) or at home. */
export function toContactEncounters(f: FollowUp): Encounter[] {
  return f.subjects.flatMap((s) =>
    s.contacts.flatMap((c): Encounter[] =>
      c.recorded
        ? [
            {
              resourceType: 'Encounter',
              id: c.recorded.id,
              status: 'finished',
              class:
                c.recorded.place === 'home'
                  ? { system: ACT_CODE, code: 'HH', display: 'home health' }
                  : { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
              type: [{ coding: [{ system: codeSystem('pnc-contact'), code: c.code }] }],
              subject: subjectRef(f.birthId, s),
              period: { start: c.recorded.doneAt },
              partOf: { reference: `Encounter/${f.birthId}` },
            },
          ]
        : [],
    ),
  );
}

/** Danger signs and other findings of the postnatal contacts: urgent ones critical, the others abnormal. */
export function toFindingObservations(f: FollowUp): Observation[] {
  return f.subjects.flatMap((s) =>
    s.contacts.flatMap((c) =>
      (c.recorded?.findings ?? []).map((finding): Observation => ({
        resourceType: 'Observation',
        id: `${c.recorded!.id}-${finding.code}`.slice(0, 64),
        status: 'final',
        category: [{ coding: [{ system: CATEGORY, code: 'exam' }] }],
        code: { coding: [{ system: codeSystem('pnc-finding'), code: finding.code }] },
        subject: subjectRef(f.birthId, s),
        encounter: { reference: `Encounter/${c.recorded!.id}` },
        effectiveDateTime: c.recorded!.doneAt,
        valueBoolean: true,
        interpretation: [
          { coding: [{ system: INTERPRETATION, code: finding.level === 'urgent' ? 'AA' : 'A' }] },
        ],
      })),
    ),
  );
}

/** A KMC episode: where the baby was cared for, from the start to the discharge. */
export function toKmcEncounter(k: KmcEpisode): Encounter[] {
  const e = k.episode;
  if (!e) return [];
  return [
    {
      resourceType: 'Encounter',
      id: e.id,
      meta: { versionId: String(e.version) },
      status: e.discharge ? 'finished' : e.startedAt ? 'in-progress' : 'cancelled',
      class:
        e.place === 'home'
          ? { system: ACT_CODE, code: 'HH', display: 'home health' }
          : { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' },
      type: [{ coding: [{ system: codeSystem('encounter-type'), code: 'kmc' }] }],
      subject: { reference: `Patient/${k.newbornId}` },
      ...(e.startedAt
        ? { period: { start: e.startedAt, ...(e.discharge ? { end: e.discharge.dischargedOn } : {}) } }
        : {}),
      ...(e.place ? { location: [{ location: { display: e.place } }] } : {}),
      partOf: { reference: `Encounter/${k.birthId}` },
      serviceProvider: { reference: `Organization/${k.facilityId}` },
    },
  ];
}

/** KMC daily-log values: body weight and temperature have LOINC codes, the hours of skin-to-skin do not. */
const KMC_LOG_VALUES = [
  { key: 'weightGrams', coding: { system: LOINC, code: '29463-7', display: 'Body weight' }, unit: 'g' },
  {
    key: 'lowestTemperatureC',
    coding: { system: LOINC, code: '8310-5', display: 'Body temperature' },
    unit: 'Cel',
  },
  {
    key: 'sscHours',
    coding: {
      system: OBSERVATION_SYSTEM,
      code: 'kmc-ssc-hours',
      display: 'Hours of skin-to-skin in the day',
    },
    unit: 'h',
  },
] as const;

export function toKmcLogObservations(k: KmcEpisode): Observation[] {
  const e = k.episode;
  if (!e) return [];
  return k.logs.flatMap((log) =>
    KMC_LOG_VALUES.flatMap(({ key, coding, unit }): Observation[] => {
      const value = log[key];
      if (value === null) return [];
      return [
        {
          resourceType: 'Observation',
          id: `${e.id}-${log.date}-${coding.code}`,
          status: 'final',
          category: [{ coding: [{ system: CATEGORY, code: 'vital-signs' }] }],
          code: { coding: [coding] },
          subject: { reference: `Patient/${k.newbornId}` },
          encounter: { reference: `Encounter/${e.id}` },
          effectiveDateTime: log.date,
          valueQuantity: { value, unit, system: UCUM, code: unit },
        },
      ];
    }),
  );
}

/** The value of a document at a dotted field path (`discharge.exclusiveBreastfeeding`). */
function at(doc: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v === null || v === undefined ? v : (v as Record<string, unknown>)[k]), doc);
}

const codingOf = (f: FieldObservation): Coding => ({
  system: f.code.system === 'loinc' ? LOINC : OBSERVATION_SYSTEM,
  code: f.code.code,
  display: f.code.display,
});

/** One Observation per field marked `fhir` that has a value; the value's FHIR type follows the field's. */
function fieldObservation(
  field: { path: string; sql: string; fhir: FieldObservation },
  doc: unknown,
  ids: { record: string; patient: string; birth: Birth },
): Observation[] {
  const value = at(doc, field.path);
  if (value === null || value === undefined) return [];
  const { unit } = field.fhir;
  const valueX =
    typeof value === 'boolean'
      ? { valueBoolean: value }
      : typeof value === 'number'
        ? unit
          ? { valueQuantity: { value, unit, system: UCUM, code: unit } }
          : { valueInteger: value }
        : typeof value === 'string'
          ? { valueCodeableConcept: { coding: [{ system: codeSystem(field.fhir.code.code), code: value }] } }
          : null;
  // A marked field is a number, a yes/no or an enum; anything else would be a mistake in a table.
  if (!valueX) throw new Error(`field ${field.path} cannot be an Observation`);
  return [
    {
      resourceType: 'Observation',
      id: `${ids.record}-${field.fhir.code.code}`,
      status: ids.birth.version > 1 ? 'amended' : 'final',
      category: [
        { coding: [{ system: CATEGORY, code: field.path.startsWith('derived.') ? 'survey' : 'exam' }] },
      ],
      code: { coding: [codingOf(field.fhir)] },
      subject: { reference: `Patient/${ids.patient}` },
      encounter: { reference: `Encounter/${ids.birth.id}` },
      effectiveDateTime: ids.birth.delivery.bornAt,
      ...valueX,
    },
  ];
}

type Marked = { path: string; sql: string; fhir: FieldObservation };
const marked = (fields: readonly { path?: string; sql: string; fhir?: FieldObservation }[]): Marked[] =>
  fields.filter((f): f is Marked => f.path !== undefined && f.fhir !== undefined);
/** The fields that are Observations, from the field tables (the one place that says so). */
export const MOTHER_OBSERVATION_FIELDS = marked(BIRTH_FIELDS);
export const NEWBORN_OBSERVATION_FIELDS = marked(NEWBORN_FIELDS);

/** The delivery's observations: the mother's from the birth's fields, each baby's from its own. */
export function toBirthObservations(b: Birth): Observation[] {
  return [
    ...MOTHER_OBSERVATION_FIELDS.flatMap((f) =>
      fieldObservation(f, b, { record: motherPatientId(b.id), patient: motherPatientId(b.id), birth: b }),
    ),
    ...b.newborns.flatMap((n) =>
      NEWBORN_OBSERVATION_FIELDS.flatMap((f) =>
        fieldObservation(f, n, { record: n.id, patient: n.id, birth: b }),
      ),
    ),
  ];
}
