import type { Principal } from '../../../shared/auth/principal';
import type {
  Dhis2DataValue,
  Dhis2ExportSummary,
  Dhis2Mapping,
  Dhis2MappingRow,
  Dhis2PeriodType,
} from '../../../shared/dhis2/dhis2-exchange.schema';
import { AppError, validationError } from '../../../shared/errors';
import { type Period, type PeriodKind, parsePeriod, periodsBetween } from '../../../shared/indicators/period';
import type { DimensionId } from '../../../shared/indicators/sources';
import type { Queryable } from '../../db/db';
import { authorize } from '../../http/access';
import { type Cell, countCells, countCellsBy } from '../indicators/indicator-engine';
import { indicatorLibrary } from '../indicators/indicators.service';
import { findOrgUnit } from '../org-units/org-units.repo';
import { facilitiesUnder } from './dhis2-mappings.repo';

const KIND_OF: Record<Dhis2PeriodType, Exclude<PeriodKind, 'custom'>> = {
  Monthly: 'month',
  Quarterly: 'quarter',
  Yearly: 'year',
};
const MONTHS: Record<Exclude<PeriodKind, 'custom'>, number> = { month: 1, quarter: 3, year: 12 };

/** The data set's periods inside a standard period: a year as 12 months for a monthly data set. */
export function dhis2Periods(periodText: string, periodType: string): Period[] {
  const period = parsePeriod(periodText);
  if (typeof period === 'string' || period.kind === 'custom')
    throw validationError([{ path: 'period', message: 'dhis2.standardPeriod' }]);
  const kind = KIND_OF[periodType as Dhis2PeriodType];
  if (!kind) throw validationError([{ path: 'period', message: 'dhis2.periodType', params: { periodType } }]);
  if (MONTHS[period.kind] < MONTHS[kind])
    throw validationError([{ path: 'period', message: 'dhis2.periodTooShort', params: { periodType } }]);
  return periodsBetween(kind, period.from, period.to);
}

const measureOf = (row: Dhis2MappingRow) => {
  const parts = indicatorLibrary.registry.parts[row.indicator];
  const id = row.part === 'numerator' ? parts?.numerator : parts?.denominator;
  return indicatorLibrary.registry.measures.find((m) => m.id === id);
};

/**
 * The data values a mapping gives for the facilities of a subtree and the data set's periods inside
 * `period`, from the same engine and counts as `GET /api/indicators/values` (exact counts: the exporter
 * manages configuration and is not an aggregate-only reader). Facilities without a DHIS2 id are left out
 * and listed. Zeros are sent: a zero is a reported value in DHIS2, not a missing one.
 */
export async function dhis2DataValues(
  q: Queryable,
  principal: Principal,
  mapping: Dhis2Mapping,
  orgUnitId: string,
  periodText: string,
  asOf: Date,
): Promise<Dhis2ExportSummary> {
  const unit = await findOrgUnit(q, orgUnitId);
  if (!unit) throw new AppError('not_found', 'errors.notFound');
  authorize(principal, 'config.manage', unit.path);
  const periods = dhis2Periods(periodText, mapping.dataSet.periodType);
  const facilities = await facilitiesUnder(q, unit.path);
  const sent = facilities.filter((f) => f.dhis2_id);
  const cells: Cell[] = sent.flatMap((f) =>
    periods.map((p) => ({
      unit: { id: f.id, path: f.path, kind: 'facility' as const },
      from: p.from,
      to: p.to,
    })),
  );
  const cellKey = (i: number) => ({
    orgUnit: sent[Math.floor(i / periods.length)]!.dhis2_id!,
    period: periods[i % periods.length]!.id,
  });

  const plain = mapping.rows.filter((r) => !r.dimension);
  const measures = [...new Set(plain.map(measureOf))].filter((m) => m !== undefined);
  const counts = await countCells(q, cells, measures, asOf);
  const byDim = new Map<DimensionId, Awaited<ReturnType<typeof countCellsBy>>>();
  for (const dim of new Set(mapping.rows.flatMap((r) => (r.dimension ? [r.dimension] : [])))) {
    const ms = [...new Set(mapping.rows.filter((r) => r.dimension === dim).map(measureOf))].filter(
      (m) => m !== undefined,
    );
    byDim.set(dim, await countCellsBy(q, cells, ms, dim));
  }

  const dataValues: Dhis2DataValue[] = [];
  cells.forEach((_, i) => {
    const at = cellKey(i);
    for (const row of mapping.rows) {
      const m = measureOf(row);
      if (!m) continue;
      const n = row.dimension
        ? (byDim.get(row.dimension)![i]![row.value!]?.[m.id] ?? 0)
        : (counts[i]![m.id] ?? 0);
      dataValues.push({
        dataElement: row.dataElement,
        period: at.period,
        orgUnit: at.orgUnit,
        categoryOptionCombo: row.categoryOptionCombo,
        value: String(n),
      });
    }
  });
  return {
    mappingVersion: mapping.version,
    periods: periods.map((p) => p.id),
    values: dataValues.length,
    unitsWithoutDhis2Id: facilities.filter((f) => !f.dhis2_id).map(({ code, name }) => ({ code, name })),
    dataValues,
  };
}
