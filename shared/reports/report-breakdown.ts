import { z } from 'zod';
import { formatNumber } from './report-texts';

/**
 * The province breakdown of a country report (issue 17): the report's computed values for each province
 * of the country (the country's children), from the same engine call as the country's values, so each
 * equals GET /api/indicators/values for that province and the biennium. Frozen with the report from
 * submission on, and part of the published snapshot.
 */
export const BreakdownValueSchema = z.object({
  key: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** Null is "no data" (a rate whose denominator is 0), never 0. */
  value: z.number().nullable(),
});
export type BreakdownValue = z.infer<typeof BreakdownValueSchema>;

export const ProvinceBreakdownSchema = z.object({
  code: z.string(),
  name: z.string(),
  values: z.array(BreakdownValueSchema),
});
export type ProvinceBreakdown = z.infer<typeof ProvinceBreakdownSchema>;

/** In the API's report: with the unit's id, for the dashboard link. */
export const ReportProvinceSchema = ProvinceBreakdownSchema.extend({ orgUnitId: z.uuid() });
export type ReportProvince = z.infer<typeof ReportProvinceSchema>;

/** Provinces per table of the PDF (A4 portrait: the indicator column and four provinces). */
export const PROVINCES_PER_PDF_TABLE = 4;

const UNIT_SUFFIX: Record<string, string> = { percent: ' %', per1000: ' ‰', count: '', text: '' };

/** A value with its unit as the tables print it ("71,7 %"), or the catalogue's "no data". */
export const formatValue = (value: number | null, unit: string, language: string, noData: string) =>
  value === null ? noData : formatNumber(value, unit, language, noData) + (UNIT_SUFFIX[unit] ?? '');

/** The item rows of the breakdown table: each computed item of the library, one cell per province. */
export function breakdownRows<V extends { key: string; kind: string; indicatorId: string | null }>(
  values: readonly V[],
  provinces: readonly ProvinceBreakdown[],
): Array<{ item: V; cells: Array<BreakdownValue | null> }> {
  return values
    .filter((v) => v.kind === 'computed' && v.indicatorId)
    .map((item) => ({
      item,
      cells: provinces.map((p) => p.values.find((x) => x.key === item.key) ?? null),
    }));
}
