import type { DefinitionsResponse } from '../../../shared/indicators/indicator-api.schema';

type Def = DefinitionsResponse['items'][number];

/**
 * The heat of a facility's value: against the indicator's target when it has one (met, within 15
 * points, further), else none. A class, so the number stays the message and the colour only helps.
 */
export function heatOf(value: number | null | undefined, def: Pick<Def, 'target'>): string {
  const target = def.target?.value;
  if (value === null || value === undefined || target === undefined) return '';
  const higherIsBetter = def.target?.direction !== 'atMost';
  const gap = higherIsBetter ? target - value : value - target;
  return gap <= 0 ? 'heat--met' : gap <= 15 ? 'heat--near' : 'heat--far';
}
