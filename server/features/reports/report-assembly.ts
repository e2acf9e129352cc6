import type { Principal } from '../../../shared/auth/principal';
import { localize } from '../../../shared/i18n/localized-text';
import { customPeriod } from '../../../shared/indicators/period';
import { COMPUTED_ITEMS, MANUAL_ITEMS, PENDING_ITEM_NAMES } from '../../../shared/reports/report-items';
import type { ReportValue } from '../../../shared/reports/report.schema';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import type { Queryable } from '../../db/db';
import { bundleValues, computeBundle, indicatorLibrary } from '../indicators/indicators.service';

export type AssembledValue = Omit<ReportValue, 'name' | 'review' | 'reviewComment'>;

const definitionOf = (id: string) => indicatorLibrary.definitions.find((d) => d.id === id);

/** The dashboard's drill-down (the records behind the numerator) for one indicator, unit and period. */
export const drillDownOf = (indicator: string, unitId: string, from: string, to: string) =>
  `/api/indicators/records?${new URLSearchParams({ orgUnit: unitId, from, to, indicator, part: 'numerator' }).toString()}`;

/**
 * The computed values of a country report: one call of the dashboard's engine (`computeBundle`, the
 * code behind GET /api/indicators/values) for the country and the biennium, as the author reads it.
 * Births are never counted here. An item whose indicator the library does not hold yet is null ("no
 * data"); so is a rate whose denominator is 0.
 */
export async function assembleComputedValues(
  q: Queryable,
  principal: Principal,
  country: OrgUnit,
  range: { from: string; to: string },
  asOf: Date,
): Promise<AssembledValue[]> {
  const defs = COMPUTED_ITEMS.map((i) => definitionOf(i.indicator)).filter((d) => d !== undefined);
  const bundle = await computeBundle(q, principal, country, customPeriod(range.from, range.to), defs, {
    previous: false,
    children: false,
    trends: false,
    dims: [],
    asOf,
  });
  const values = new Map(bundleValues(bundle, bundle.main).map((v) => [v.id, v]));
  return COMPUTED_ITEMS.map((item) => {
    const def = definitionOf(item.indicator);
    const v = values.get(item.indicator);
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
      };
    return {
      key: item.indicator,
      kind: 'computed',
      section: item.section,
      indicatorId: def.id,
      unit: def.unit,
      numerator: v.value === null ? null : v.numerator,
      denominator: v.value === null ? null : v.denominator,
      value: v.value,
      text: null,
      source: `indicators:${def.source}`,
      drillDown: v.value === null ? null : drillDownOf(def.id, country.id, range.from, range.to),
    };
  });
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
