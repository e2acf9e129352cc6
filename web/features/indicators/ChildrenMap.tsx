import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DefinitionsResponse, ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { localize } from '../../../shared/i18n/localized-text';
import type { ChildBoundaries } from '../../../shared/org-units/boundary.schema';
import { api } from '../../lib/api-client';
import { choroplethOption } from '../../ui/chart/chart-options';
import { MapChart, type MapShapes } from '../../ui/chart/MapChart';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCan } from '../auth/session';
import { formatValue } from './indicator-format';
import { mapClasses } from './map-classes';

type Def = DefinitionsResponse['items'][number];
type Child = NonNullable<ValuesResponse['children']>[number];

/** Boundaries change rarely; the server's ETag makes a reload cheap, so keep them for the session. */
const getChildBoundaries = (id: string) => api.get<ChildBoundaries>(`/api/org-units/${id}/child-boundaries`);

/**
 * The units under `parentId` on a map, filled by `def`'s value (the same values and formatting as the
 * table below it, which stays the accessible way to read and open them). Without boundaries it says so
 * and, to those who may, where to import them; it never fails the dashboard.
 */
export function ChildrenMap({
  parentId,
  units: children,
  def,
  onSelect,
}: {
  parentId: string;
  units: readonly Child[];
  def: Def;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation('indicators');
  const locale = i18n.language;
  const can = useCan();
  const q = useQuery({
    queryKey: ['org-units', 'child-boundaries', parentId],
    queryFn: () => getChildBoundaries(parentId),
    staleTime: 10 * 60_000,
  });
  if (q.isPending) return null;
  if (q.isError) return <ErrorMessage error={q.error} />;
  const byId = new Map(children.map((c) => [c.orgUnit.id, c]));
  const drawn = q.data.items.filter((b) => byId.has(b.orgUnitId));
  if (drawn.length === 0)
    return (
      <p className="muted" data-testid="map-no-boundaries">
        {t('mapNoBoundaries')}{' '}
        {can('org_unit.manage') ? <Link to="/org-units?import=boundaries">{t('mapImportLink')}</Link> : null}
      </p>
    );
  const valueOf = (c: Child) => c.indicators.find((v) => v.id === def.id);
  const { classes, classOf } = mapClasses(
    def,
    children.map((c) => valueOf(c)?.value ?? null),
    locale,
    (k, p) => t(k, p),
  );
  const areas = drawn.map((b) => {
    const c = byId.get(b.orgUnitId)!;
    const v = valueOf(c);
    const text = v ? formatValue(v, def, locale) : '';
    const cls = classOf(v?.value ?? null);
    return {
      id: b.orgUnitId,
      name: c.orgUnit.name,
      valueText: text ? `${v?.perturbed.length ? t('perturbedMark') : ''}${text}` : t('mapNoData'),
      color: cls.color,
      noData: cls.key === 'none',
      cls: cls.key,
    };
  });
  const shapes: MapShapes = {
    type: 'FeatureCollection',
    features: drawn.map((b) => ({
      type: 'Feature',
      properties: { name: b.orgUnitId },
      geometry: b.geometry,
    })),
  };
  const name = localize(def.name, locale);
  const missing = children.length - drawn.length;
  return (
    <figure className="children-map">
      <MapChart
        mapName={`children-${parentId}-${q.dataUpdatedAt}`}
        shapes={shapes}
        option={choroplethOption(`children-${parentId}-${q.dataUpdatedAt}`, areas)}
        label={t('mapLabel', { name })}
        describedBy="children-map-desc"
        height="320px"
        onSelect={onSelect}
      />
      <figcaption>
        <p id="children-map-desc" className="muted">
          {t('mapDescription', { name })}
          {missing > 0 ? ` ${t('mapMissing', { count: missing })}` : ''}
        </p>
        <ul className="map-legend" aria-label={t('mapLegend')}>
          {classes.map((c) => (
            <li key={c.key} data-class={c.key}>
              <span
                className={
                  c.key === 'none' ? 'map-legend__swatch map-legend__swatch--none' : 'map-legend__swatch'
                }
                style={{ background: c.key === 'none' ? undefined : c.color }}
                aria-hidden="true"
              />
              {c.label}{' '}
              <span className="muted">
                ({t('mapUnits', { count: areas.filter((a) => a.cls === c.key).length })})
              </span>
            </li>
          ))}
        </ul>
        {areas.some((a) => a.valueText.startsWith(t('perturbedMark'))) ? (
          <p className="muted">{t('perturbedLegend')}</p>
        ) : null}
      </figcaption>
    </figure>
  );
}
