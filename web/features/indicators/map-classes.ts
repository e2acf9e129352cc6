import type { DefinitionsResponse } from '../../../shared/indicators/indicator-api.schema';
import type { Locale } from '../../../shared/users/user.schema';
import { heatOf } from './heat';
import { unitFormat } from './indicator-format';

type Def = Pick<DefinitionsResponse['items'][number], 'unit' | 'target' | 'better'>;

/** One class of the map's legend: its colour and how the legend names it. */
export type MapClass = { key: string; color: string; label: string };
export type MapClasses = { classes: MapClass[]; classOf: (value: number | null) => MapClass };

/** Units without a value: light grey, hatched on the map (ECharts decal) and in the legend (CSS). */
export const NO_DATA_COLOR = '#d9dde3';
/** Against the target: the heat table's three classes, in stronger colours for areas. */
const TARGET_COLORS = { 'heat--met': '#2e7d32', 'heat--near': '#e0a526', 'heat--far': '#c0392b' } as const;
/** Without a target: a light-to-dark blue sequence (ColorBrewer Blues, colour-blind safe). */
const SEQUENTIAL = ['#c6dbef', '#6baed6', '#2171b5', '#08306b'];

/**
 * The classes the map colours units by. With a target, the same three as the children table's heat
 * (meets it, within 15 points, further), so the map and the table tell the same story; without one, four
 * equal steps over 0–100 % for percentages, else over the children's own range.
 */
export function mapClasses(
  def: Def,
  values: ReadonlyArray<number | null>,
  locale: Locale,
  t: (key: string, params?: Record<string, unknown>) => string,
): MapClasses {
  const noData: MapClass = { key: 'none', color: NO_DATA_COLOR, label: t('mapNoData') };
  const format = unitFormat(def, locale);
  const target = def.target;
  if (target) {
    const bound = (gap: number) =>
      format(target.direction === 'atMost' ? target.value + gap : target.value - gap);
    const classes: MapClass[] = [
      {
        key: 'heat--met',
        color: TARGET_COLORS['heat--met'],
        label: t('mapMeets', { value: format(target.value) }),
      },
      { key: 'heat--near', color: TARGET_COLORS['heat--near'], label: t('mapNear', { value: bound(15) }) },
      { key: 'heat--far', color: TARGET_COLORS['heat--far'], label: t('mapFar', { value: bound(15) }) },
    ];
    return {
      classes: [...classes, noData],
      classOf: (v) => classes.find((c) => c.key === heatOf(v, def)) ?? noData,
    };
  }
  const present = values.filter((v): v is number => v !== null);
  const [low, high] = def.unit === 'percent' ? [0, 100] : [Math.min(0, ...present), Math.max(1, ...present)];
  const step = (high - low) / SEQUENTIAL.length;
  const classes = SEQUENTIAL.map((color, i) => ({
    key: `step-${i}`,
    color,
    label: `${format(low + i * step)} – ${format(low + (i + 1) * step)}`,
  }));
  return {
    classes: [...classes, noData],
    classOf: (v) =>
      v === null
        ? noData
        : classes[Math.min(SEQUENTIAL.length - 1, Math.max(0, Math.floor((v - low) / step)))]!,
  };
}
