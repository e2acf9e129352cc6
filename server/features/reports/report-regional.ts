import type { Principal } from '../../../shared/auth/principal';
import { isAggregateOnlyRole } from '../../../shared/auth/roles';
import { indicatorLibrary } from '../indicators/indicators.service';
import { rateOf } from '../../../shared/indicators/values';
import { COMPUTED_ITEMS, HEADLINE_ITEMS } from '../../../shared/reports/report-items';
import type { RegionalTrends } from '../../../shared/reports/regional-trends';
import type { RegionalSummary } from '../../../shared/reports/report.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { partnerPartsOf } from './report-partner';
import { listReportRows, listValueRows, type ReportRow } from './reports.repo';

const REVIEWED_STATES = new Set(['validated', 'published']);

/** Per country the version the region counts: the newest validated or published one, else the newest. */
function countedVersions(rows: readonly ReportRow[]): ReportRow[] {
  const byCountry = new Map<string, ReportRow[]>();
  for (const r of rows) byCountry.set(r.country_id, [...(byCountry.get(r.country_id) ?? []), r]);
  return [...byCountry.values()].map((versions) => {
    const sorted = [...versions].sort((a, b) => b.version - a.version);
    return sorted.find((r) => REVIEWED_STATES.has(r.state)) ?? sorted[0]!;
  });
}

/**
 * The regional view of a biennium: for each country in the reader's area, its computed values that a
 * reviewer validated (any other value is left out and counted in `excluded`), the sums across countries
 * and the headline line of the meeting.
 */
export async function getRegionalSummary(
  deps: AppDeps,
  principal: Principal,
  biennium: string,
): Promise<RegionalSummary> {
  const rows = await listReportRows(deps.db, {
    paths: principal.scopes.map((s) => s.path),
    countryIds: [],
    biennium,
  });
  return summaryOf(deps.db, countedVersions(rows), biennium, isAggregateOnlyRole(principal.role));
}

/**
 * The trends over bienniums: for each biennium with published reports in the reader's area, the regional
 * summary of each country's newest published version (validated values only, as above).
 */
export async function getRegionalTrends(deps: AppDeps, principal: Principal): Promise<RegionalTrends> {
  const rows = await listReportRows(deps.db, {
    paths: principal.scopes.map((s) => s.path),
    countryIds: [],
  });
  const published = rows.filter((r) => r.state === 'published');
  const bienniums = [...new Set(published.map((r) => r.biennium))].sort();
  const out: RegionalTrends['bienniums'] = [];
  for (const biennium of bienniums) {
    const s = await summaryOf(
      deps.db,
      countedVersions(published.filter((r) => r.biennium === biennium)),
      biennium,
      isAggregateOnlyRole(principal.role),
    );
    out.push({
      biennium,
      countries: s.countries.length,
      headline: s.headline,
      totals: s.totals,
      excludedUnvalidated: s.excludedUnvalidated,
    });
  }
  return { bienniums: out };
}

/** The summary of one biennium over the versions counted, one per country. */
async function summaryOf(
  q: Queryable,
  versions: readonly ReportRow[],
  biennium: string,
  partner: boolean,
): Promise<RegionalSummary> {
  const countries: RegionalSummary['countries'] = [];
  for (const r of versions) {
    const values = (await listValueRows(q, r.id)).filter((v) => v.kind === 'computed');
    // A value with no data is neither counted nor "excluded": there is nothing to validate.
    const withData = values.filter((v) => v.value !== null);
    const validated = withData.filter((v) => v.review === 'validated');
    countries.push({
      countryId: r.country_id,
      countryName: r.country_name,
      reportId: r.id,
      version: r.version,
      state: r.state,
      // A partner reads every country's copies, and the region's sums are sums of those copies.
      values: validated.map((v) => ({
        key: v.key,
        ...(partner
          ? partnerPartsOf(v)
          : {
              numerator: v.numerator === null ? null : Number(v.numerator),
              denominator: v.denominator === null ? null : Number(v.denominator),
              value: v.value === null ? null : Number(v.value),
            }),
      })),
      excluded: withData.length - validated.length,
    });
  }
  const totals = COMPUTED_ITEMS.flatMap(({ indicator }): RegionalSummary['totals'] => {
    const def = indicatorLibrary.definitions.find((d) => d.id === indicator);
    if (!def) return [];
    const parts = countries.flatMap((c) => c.values.filter((v) => v.key === indicator));
    if (!parts.length)
      return [{ key: indicator, numerator: null, denominator: null, value: null, countries: 0 }];
    const numerator = parts.reduce((s, v) => s + (v.numerator ?? 0), 0);
    const denominator = def.denominator ? parts.reduce((s, v) => s + (v.denominator ?? 0), 0) : null;
    return [
      {
        key: indicator,
        numerator,
        denominator,
        value: rateOf(def.unit, numerator, denominator),
        countries: parts.length,
      },
    ];
  });
  const sumOf = (item: { indicator: string }) => totals.find((t) => t.key === item.indicator)?.numerator ?? 0;
  return {
    biennium,
    headline: {
      countries: countries.filter((c) =>
        c.values.some((v) => v.key === HEADLINE_ITEMS.facilities.indicator && (v.numerator ?? 0) > 0),
      ).length,
      facilities: sumOf(HEADLINE_ITEMS.facilities),
      healthWorkersCoached: sumOf(HEADLINE_ITEMS.healthWorkersCoached),
      newborns: sumOf(HEADLINE_ITEMS.newborns),
    },
    countries,
    totals,
    excludedUnvalidated: countries.reduce((s, c) => s + c.excluded, 0),
  };
}
