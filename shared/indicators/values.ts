import type { IndicatorDefinition, IndicatorUnit, MeasureRegistry } from './definitions';

/** One indicator for one org unit and period, as the API returns it. */
export type IndicatorValue = {
  id: string;
  numerator: number | null;
  denominator: number | null;
  /** Percent (0–100), per 1,000, or the count (from the published parts); null when the denominator is 0. */
  value: number | null;
  /**
   * Parts published perturbed by the cell-key method (partner viewers, shared/indicators/cell-key.ts): a
   * count of people other than zero, off by at most 2.
   */
  perturbed: Array<'numerator' | 'denominator'>;
};

export function rateOf(
  unit: IndicatorUnit,
  numerator: number | null,
  denominator: number | null,
): number | null {
  if (numerator === null) return null;
  if (unit === 'count') return numerator;
  if (denominator === null || denominator === 0) return null;
  return ((unit === 'percent' ? 100 : 1000) * numerator) / denominator;
}

export type MeasureCounts = Readonly<Record<string, number>>;

/**
 * Indicator values from measure counts, as published (perturbed counts for partner viewers, so the rate
 * is formed from the perturbed numerator and denominator). `perturbed(measureId)` says whether that
 * count was perturbed in this cell (always false for readers who see exact counts).
 */
export function valuesFromCounts(
  defs: readonly IndicatorDefinition[],
  registry: MeasureRegistry,
  counts: MeasureCounts,
  perturbed: (measureId: string) => boolean = () => false,
): IndicatorValue[] {
  return defs.map((d) => {
    const p = registry.parts[d.id]!;
    const numerator = counts[p.numerator] ?? 0;
    const denominator = p.denominator ? (counts[p.denominator] ?? 0) : null;
    const marked: IndicatorValue['perturbed'] = [];
    if (perturbed(p.numerator)) marked.push('numerator');
    if (p.denominator && perturbed(p.denominator)) marked.push('denominator');
    return {
      id: d.id,
      numerator,
      denominator,
      value: rateOf(d.unit, numerator, denominator),
      perturbed: marked,
    };
  });
}

/** Change from the previous period and whether it is an improvement (null when not comparable). */
export function compareValues(
  def: Pick<IndicatorDefinition, 'better'>,
  current: number | null,
  previous: number | null,
): { change: number | null; improved: boolean | null } {
  if (current === null || previous === null) return { change: null, improved: null };
  const change = current - previous;
  if (!def.better || change === 0) return { change, improved: null };
  return { change, improved: def.better === 'higher' ? change > 0 : change < 0 };
}

/** Whether a value meets the indicator's target (null when there is no target or no value). */
export function meetsTarget(def: Pick<IndicatorDefinition, 'target'>, value: number | null): boolean | null {
  if (!def.target || value === null) return null;
  return def.target.direction === 'atLeast' ? value >= def.target.value : value <= def.target.value;
}
