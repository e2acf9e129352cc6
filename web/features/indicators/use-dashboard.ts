import { useQuery } from '@tanstack/react-query';
import type { ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { getComparison, getDashboard, indicatorKeys, type PeriodParams } from './indicators.api';

/**
 * The dashboard's data: the unit's values (previous period, trend) and the comparison of the units under
 * it, fetched side by side as two requests (the comparison is one request whatever the number of units,
 * GET /api/indicators/compare), joined into the values response's shape (`children`) that the page reads.
 */
export function useDashboard(orgUnit: string, period: PeriodParams, compare: boolean) {
  const enabled = orgUnit !== '';
  const dash = useQuery({
    queryKey: indicatorKeys.dashboard(orgUnit, period, compare),
    queryFn: () => getDashboard(orgUnit, period, compare),
    enabled,
  });
  const units = useQuery({
    queryKey: indicatorKeys.comparison(orgUnit, period),
    queryFn: () => getComparison(orgUnit, period),
    enabled,
  });
  const data: ValuesResponse | undefined =
    dash.data && units.data ? { ...dash.data, children: units.data.units } : undefined;
  const failed = dash.isError ? dash : units.isError ? units : null;
  return {
    data,
    isPending: dash.isPending || units.isPending,
    isError: failed !== null,
    error: failed?.error ?? null,
    refetch: () => Promise.all([dash.refetch(), units.refetch()]),
  };
}
