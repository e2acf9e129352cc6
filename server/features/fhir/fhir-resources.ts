import type {
  Bundle,
  CapabilityStatement,
  Location,
  Measure,
  MeasureGroupPopulation,
  MeasureReport,
  MeasureReportGroupPopulation,
  Organization,
  Resource,
} from '@medplum/fhirtypes';
import type { IndicatorValue } from '../../../shared/indicators/values';
import type { IndicatorDefinition } from '../../../shared/indicators/definitions';
import type { Period } from '../../../shared/indicators/period';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';

/**
 * OpenEENC's data as FHIR R4 resources (docs/fhir.md): org units as Organization, indicator definitions as
 * Measure, indicator values as summary MeasureReport with one stratifier per disaggregation (IHE mADX).
 * Pure functions of the same values the JSON API answers, so the two cannot disagree.
 */
export const OPENEENC_SYSTEM = 'https://openeenc.org/fhir';
const POPULATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/measure-population';
const DHIS2_UID_SYSTEM = 'https://dhis2.org/uid';

const KIND_TYPE: Record<OrgUnit['kind'], { code: string; display: string }> = {
  region: { code: 'other', display: 'Other' },
  country: { code: 'govt', display: 'Government' },
  province: { code: 'govt', display: 'Government' },
  district: { code: 'govt', display: 'Government' },
  facility: { code: 'prov', display: 'Healthcare Provider' },
  commune: { code: 'prov', display: 'Healthcare Provider' },
};

/** What an org unit's Organization and Location share: id, version, identifiers (code, DHIS2 uid). */
const unitBase = (u: OrgUnit) => ({
  id: u.id,
  meta: { versionId: String(u.version), lastUpdated: u.updatedAt },
  identifier: [
    { system: `${OPENEENC_SYSTEM}/org-unit-code`, value: u.code },
    ...(u.dhis2Id ? [{ system: DHIS2_UID_SYSTEM, value: u.dhis2Id }] : []),
  ],
});

export function toOrganization(u: OrgUnit): Organization {
  return {
    resourceType: 'Organization',
    ...unitBase(u),
    active: u.active && !u.closedOn,
    type: [
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', ...KIND_TYPE[u.kind] }],
      },
      { coding: [{ system: `${OPENEENC_SYSTEM}/CodeSystem/org-unit-kind`, code: u.kind }] },
    ],
    name: u.name,
    ...(u.parentId ? { partOf: { reference: `Organization/${u.parentId}` } } : {}),
  };
}

/** The same unit as a place: mADX reports values for a Location (MeasureReport.subject). */
export function toLocation(u: OrgUnit): Location {
  return {
    resourceType: 'Location',
    ...unitBase(u),
    status: u.active && !u.closedOn ? 'active' : 'inactive',
    name: u.name,
    mode: 'instance',
    managingOrganization: { reference: `Organization/${u.id}` },
    ...(u.parentId ? { partOf: { reference: `Location/${u.parentId}` } } : {}),
  };
}

const isProportion = (d: IndicatorDefinition) => d.denominator !== undefined;
/**
 * The population's criteria in words: R4's expression-language binding is extensible, and the counting
 * rules are OpenEENC's filters (GET /api/indicators/definitions), not CQL.
 */
const inWords = (expression: string) =>
  ({ language: 'text/plain', expression }) as unknown as MeasureGroupPopulation['criteria'];
const populationCode = (code: 'numerator' | 'denominator' | 'initial-population') => ({
  coding: [{ system: POPULATION_SYSTEM, code }],
});

export function toMeasure(d: IndicatorDefinition, baseUrl: string, lang: string): Measure {
  const text = (t: { en: string; vi?: string }) => (lang === 'vi' && t.vi ? t.vi : t.en);
  return {
    resourceType: 'Measure',
    id: d.id,
    url: `${baseUrl}/Measure/${d.id}`,
    name: d.id,
    title: text(d.name),
    status: 'active',
    description: text(d.definition),
    scoring: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/measure-scoring',
          code: isProportion(d) ? 'proportion' : 'cohort',
        },
      ],
    },
    ...(d.target
      ? {
          improvementNotation: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation',
                code: d.better === 'lower' ? 'decrease' : 'increase',
              },
            ],
          },
        }
      : {}),
    group: [
      {
        population: isProportion(d)
          ? [
              {
                code: populationCode('numerator'),
                description: text(d.numerator.label),
                criteria: inWords(text(d.numerator.label)),
              },
              {
                code: populationCode('denominator'),
                description: text(d.denominator!.label),
                criteria: inWords(text(d.denominator!.label)),
              },
            ]
          : [
              {
                code: populationCode('initial-population'),
                description: text(d.numerator.label),
                criteria: inWords(text(d.numerator.label)),
              },
            ],
        stratifier: d.disaggregations.map((dim) => ({
          code: { coding: [{ system: `${OPENEENC_SYSTEM}/CodeSystem/disaggregation`, code: dim }] },
        })),
      },
    ],
  };
}

/** A data-absent reason for a count published perturbed (partners): the value is not the exact count. */
const PERTURBED = {
  url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
  valueCode: 'masked',
};

function populations(d: IndicatorDefinition, v: IndicatorValue): MeasureReportGroupPopulation[] {
  const pop = (
    code: 'numerator' | 'denominator' | 'initial-population',
    n: number | null,
    perturbed: boolean,
  ) => ({
    code: populationCode(code),
    count: n ?? 0,
    // A perturbed count is published as it is (the cell-key method), marked so that a reader knows.
    ...(perturbed ? { extension: [PERTURBED] } : {}),
  });
  return isProportion(d)
    ? [
        pop('numerator', v.numerator, v.perturbed.includes('numerator')),
        pop('denominator', v.denominator, v.perturbed.includes('denominator')),
      ]
    : [pop('initial-population', v.numerator, v.perturbed.includes('numerator'))];
}

export type Strata = Array<{ dimension: string; rows: Array<{ value: string; v: IndicatorValue }> }>;

export function toMeasureReport(
  d: IndicatorDefinition,
  unit: OrgUnit,
  period: Period,
  v: IndicatorValue,
  strata: Strata,
  baseUrl: string,
  generated: Date,
): MeasureReport {
  return {
    resourceType: 'MeasureReport',
    id: `${d.id}.${unit.id}.${period.id}`,
    status: 'complete',
    type: 'summary',
    measure: `${baseUrl}/Measure/${d.id}`,
    subject: { reference: `Location/${unit.id}`, display: unit.name },
    reporter: { reference: `Organization/${unit.id}`, display: unit.name },
    date: generated.toISOString(),
    period: { start: period.from, end: period.to },
    group: [
      {
        population: populations(d, v),
        ...(isProportion(d) && v.value !== null ? { measureScore: { value: v.value } } : {}),
        stratifier: strata.map((s) => ({
          code: [{ coding: [{ system: `${OPENEENC_SYSTEM}/CodeSystem/disaggregation`, code: s.dimension }] }],
          stratum: s.rows.map((r) => ({
            value: { coding: [{ system: `${OPENEENC_SYSTEM}/CodeSystem/${s.dimension}`, code: r.value }] },
            population: populations(d, r.v),
          })),
        })),
      },
    ],
  };
}

/** A searchset: `total` where the whole match is in this page; a `next` link where another page follows. */
export function searchBundle(resources: Resource[], selfUrl: string, nextUrl?: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(nextUrl ? {} : { total: resources.length }),
    link: [{ relation: 'self', url: selfUrl }, ...(nextUrl ? [{ relation: 'next', url: nextUrl }] : [])],
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' as const } })),
  };
}

export function capabilityStatement(baseUrl: string, now: Date): CapabilityStatement {
  const read = [{ code: 'read' as const }, { code: 'search-type' as const }];
  // Organization and Location are both views of an org unit: searched by the same parameters.
  const orgUnitSearch = [
    { name: 'partof', type: 'reference' as const },
    { name: 'identifier', type: 'token' as const },
    { name: '_count', type: 'number' as const },
  ];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    kind: 'instance',
    software: { name: 'OpenEENC' },
    implementation: { description: 'OpenEENC FHIR R4 read API', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          description: 'The session of the OpenEENC API (cookie); the same scope rules as the JSON API.',
        },
        resource: [
          { type: 'Organization', interaction: read, searchParam: orgUnitSearch },
          { type: 'Location', interaction: read, searchParam: orgUnitSearch },
          {
            type: 'Patient',
            interaction: read,
            searchParam: [
              { name: 'organization', type: 'reference' },
              { name: 'identifier', type: 'token', documentation: "The mother's record number" },
              { name: '_count', type: 'number' },
            ],
          },
          ...(['Encounter', 'Observation'] as const).map((type) => ({
            type,
            interaction: [{ code: 'search-type' as const }],
            searchParam: [
              { name: 'patient', type: 'reference' as const },
              { name: 'subject', type: 'reference' as const },
            ],
          })),
          { type: 'Questionnaire', interaction: [{ code: 'read' }] },
          {
            type: 'QuestionnaireResponse',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              { name: 'subject', type: 'reference', documentation: 'The facility assessed' },
              { name: 'status', type: 'token' },
            ],
          },
          { type: 'Measure', interaction: read },
          {
            type: 'MeasureReport',
            interaction: [{ code: 'search-type' }],
            searchParam: [
              { name: 'measure', type: 'reference' },
              { name: 'subject', type: 'reference' },
              {
                name: 'period',
                type: 'string',
                documentation: 'A year (2025), quarter (2025Q1) or month (202501)',
              },
            ],
          },
        ],
      },
    ],
  };
}
