import type {
  CompareResponse,
  DefinitionsResponse,
  DisaggregationResponse,
  RecordPart,
  RecordsResponse,
  ValuesResponse,
} from '../../../shared/indicators/indicator-api.schema';
import type { DimensionId } from '../../../shared/indicators/sources';
import { api, withQuery } from '../../lib/api-client';

/** The period part of a query: a standard period id, or a custom range. */
export type PeriodParams = { period: string } | { from: string; to: string };

export const getDefinitions = () => api.get<DefinitionsResponse>('/api/indicators/definitions');

/** The unit's values with the previous period and the trend; the units under it come from `getComparison`. */
export const getDashboard = (orgUnit: string, p: PeriodParams, compare: boolean) =>
  api.get<ValuesResponse>(
    withQuery('/api/indicators/values', {
      orgUnit,
      ...p,
      compare: compare ? 'previous' : 'none',
      include: 'trends',
    }),
  );

/** Every unit directly under `parent` (all countries of the region, all provinces of a country): one request. */
export const getComparison = (parent: string, p: PeriodParams) =>
  api.get<CompareResponse>(withQuery('/api/indicators/compare', { parent, ...p }));

/** Chosen indicators for the unit and period (with the previous period), e.g. those the dashboard deferred. */
export const getIndicatorsByIds = (orgUnit: string, p: PeriodParams, ids: readonly string[]) =>
  api.get<ValuesResponse>(
    withQuery('/api/indicators/values', { orgUnit, ...p, compare: 'previous', indicators: ids.join(',') }),
  );

export const getDisaggregation = (orgUnit: string, p: PeriodParams, dimension: DimensionId) =>
  api.get<DisaggregationResponse>(withQuery('/api/indicators/disaggregation', { orgUnit, ...p, dimension }));

export type RecordsParams = {
  orgUnit: string;
  indicator: string;
  part: RecordPart;
  dimension?: DimensionId;
  value?: string;
  offset?: number;
};
/** A page of the drill-down (50 records: a page a phone can scroll, a quality team can read). */
export const DRILL_PAGE_SIZE = 50;
export const getRecords = (q: RecordsParams, p: PeriodParams) =>
  api.get<RecordsResponse>(withQuery('/api/indicators/records', { ...q, ...p, limit: DRILL_PAGE_SIZE }));

/** Download links: served by the API (audited), opened as plain links. */
export const exportUrl = (orgUnit: string, p: PeriodParams, format: 'csv' | 'xlsx', lang: string) =>
  withQuery('/api/indicators/export', { orgUnit, ...p, format, lang });

export const indicatorKeys = {
  definitions: ['indicators', 'definitions'] as const,
  dashboard: (orgUnit: string, p: PeriodParams, compare: boolean) =>
    ['indicators', 'dashboard', orgUnit, p, compare] as const,
  comparison: (parent: string, p: PeriodParams) => ['indicators', 'comparison', parent, p] as const,
  byIds: (orgUnit: string, p: PeriodParams, ids: readonly string[]) =>
    ['indicators', 'byIds', orgUnit, p, ids.join(',')] as const,
  disaggregation: (orgUnit: string, p: PeriodParams, dim: string) =>
    ['indicators', 'disaggregation', orgUnit, p, dim] as const,
  records: (q: RecordsParams, p: PeriodParams) => ['indicators', 'records', q, p] as const,
};
