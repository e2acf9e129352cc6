import type { Principal } from '../../../shared/auth/principal';
import { localize } from '../../../shared/i18n/localized-text';
import { customPeriod } from '../../../shared/indicators/period';
import { COMPUTED_ITEMS, MANUAL_ITEMS, PENDING_ITEM_NAMES } from '../../../shared/reports/report-items';
import type { IndicatorValue } from '../../../shared/indicators/values';
import type { BreakdownValue } from '../../../shared/reports/report-breakdown';
import type { ReportValue } from '../../../shared/reports/report.schema';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import type { Queryable } from '../../db/db';
import {
  bundleValues,
  computeBundle,
  indicatorLibrary,
  measuresOf,
  publishedCounts,
} from '../indicators/indicators.service';
import type { Counts } from '../indicators/indicator-engine';
import { loadPerturbationTable } from '../indicators/perturbation-table';

/** A value as a partner reads it: counts of people perturbed (cell-key method), from the same counts. */
export type PartnerCopy = { numerator: number | null; denominator: number | null; value: number | null };

export type AssembledValue = Omit<ReportValue, 'name' | 'review' | 'reviewComment' | 'attachments'> & {
  partner?: PartnerCopy | null;
};

export type AssembledProvince = {
  unit: OrgUnit;
  values: Array<BreakdownValue & { partner: PartnerCopy }>;
};

const definitionOf = (id: string) => indicatorLibrary.definitions.find((d) => d.id === id);

/** The dashboard's drill-down (the records behind the numerator) for one indicator, unit and period. */
export const drillDownOf = (indicator: string, unitId: string, from: string, to: string) =>
  `/api/indicators/records?${new URLSearchParams({ orgUnit: unitId, from, to, indicator, part: 'numerator' }).toString()}`;

const partsOf = (v: IndicatorValue): PartnerCopy => ({
  numerator: v.value === null ? null : v.numerator,
  denominator: v.value === null ? null : v.denominator,
  value: v.value,
});

/**
 * The computed values of a country report and of each of its provinces: one call of the dashboard's
 * engine (`computeBundle`, the code behind GET /api/indicators/values) for the country, its children and
 * the biennium, as the author reads it. Births are never counted here. An item whose indicator the
 * library does not hold yet is null ("no data"); so is a rate whose denominator is 0. The counts keep
 * their records' key sums, so each value also gets its partner's copy (docs/decisions.md).
 */
export async function assembleComputedValues(
  q: Queryable,
  principal: Principal,
  country: OrgUnit,
  range: { from: string; to: string },
  asOf: Date,
): Promise<{ values: AssembledValue[]; provinces: AssembledProvince[] }> {
  const defs = COMPUTED_ITEMS.map((i) => definitionOf(i.indicator)).filter((d) => d !== undefined);
  const bundle = await computeBundle(q, principal, country, customPeriod(range.from, range.to), defs, {
    previous: false,
    children: true,
    trends: false,
    dims: [],
    asOf,
    keySums: true,
  });
  const table = bundle.perturbationApplied ? null : await loadPerturbationTable(q);
  const measures = measuresOf(defs);
  const byId = (counts: Counts) => new Map(bundleValues(bundle, counts).map((v) => [v.id, v]));
  const partnerById = (counts: Counts) =>
    table ? byId(publishedCounts(table, counts, measures)) : byId(counts);
  const exact = byId(bundle.main);
  const partner = partnerById(bundle.main);
  const values = COMPUTED_ITEMS.map((item): AssembledValue => {
    const def = definitionOf(item.indicator);
    const v = exact.get(item.indicator);
    if (!def || !v)
      return {
        key: item.indicator,
        kind: 'computed',
        section: item.section,
        indicatorId: null,
        unit: 'count',
        numerator: null,
        denominator: null,
        value: null,
        text: null,
        source: 'not_available',
        drillDown: null,
        partner: null,
      };
    return {
      key: item.indicator,
      kind: 'computed',
      section: item.section,
      indicatorId: def.id,
      unit: def.unit,
      ...partsOf(v),
      text: null,
      source: `indicators:${def.source}`,
      drillDown: v.value === null ? null : drillDownOf(def.id, country.id, range.from, range.to),
      partner: partsOf(partner.get(item.indicator)!),
    };
  });
  const provinces = (bundle.children ?? []).map(({ unit, counts }) => {
    const e = byId(counts);
    const p = partnerById(counts);
    return {
      unit,
      values: defs.map((d) => ({ key: d.id, ...partsOf(e.get(d.id)!), partner: partsOf(p.get(d.id)!) })),
    };
  });
  return { values, provinces };
}

/** The name of an item in a language: the library's name, else the catalogue's. */
export function itemName(key: string): ReportValue['name'] {
  const def = definitionOf(key);
  if (def) return def.name;
  const manual = MANUAL_ITEMS.find((m) => m.key === key);
  if (manual) return manual.name;
  return PENDING_ITEM_NAMES[key] ?? { en: key };
}

export const itemLabel = (key: string, language: string) => localize(itemName(key), language);
