import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { localize } from '../../../shared/i18n/localized-text';
import type { DefinitionsResponse, ValuesResponse } from '../../../shared/indicators/indicator-api.schema';
import { DIMENSION_IDS, type DimensionId } from '../../../shared/indicators/sources';
import type { IndicatorValue } from '../../../shared/indicators/values';
import { formatDate, formatMonth, formatNumber } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { useCan, useMe } from '../auth/session';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { Chart } from '../../ui/chart/Chart';
import { barOption, lineOption, sparklineOption } from '../../ui/chart/chart-options';
import './dashboard.css';
import { useDashboard } from './use-dashboard';
import {
  exportUrl,
  getDefinitions,
  getDisaggregation,
  getIndicatorsByIds,
  indicatorKeys,
  type PeriodParams,
} from './indicators.api';
import { type Drill, DrillDown, useDrill } from './DrillDown';
import { formatChange, formatValue, isWithinNoise, unitFormat } from './indicator-format';
import { heatOf } from './heat';
import { ChildrenMap } from './ChildrenMap';
import { CHANGE_SCALE, MEAN_CHANGE } from '../../../shared/coaching/checklist-indicators';
import { ChecklistDomains, DOMAIN_SCORE_IDS } from './ChecklistDomains';

type Def = DefinitionsResponse['items'][number];
type Kind = 'year' | 'quarter' | 'month' | 'custom';
const KINDS: readonly Kind[] = ['year', 'quarter', 'month', 'custom'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The period of the URL (?period=2024Q1 or ?from=&to=), defaulting to the current year. */
function usePeriod(): [PeriodParams, Kind, (p: PeriodParams) => void] {
  const [params, setParams] = useSearchParams();
  const period = params.get('period');
  const from = params.get('from');
  const to = params.get('to');
  const value: PeriodParams =
    from && to ? { from, to } : { period: period ?? String(new Date().getFullYear()) };
  const kind: Kind =
    'from' in value
      ? 'custom'
      : /Q/i.test(value.period)
        ? 'quarter'
        : value.period.length === 6
          ? 'month'
          : 'year';
  const set = (p: PeriodParams) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('period');
      next.delete('from');
      next.delete('to');
      for (const [k, v] of Object.entries(p)) next.set(k, v);
      return next;
    });
  return [value, kind, set];
}

/** A count or rate adjusted by the cell-key method (partner accounts): marked, with the reason on hover. */
function Perturbed({ text }: { text: string }) {
  const { t } = useTranslation('indicators');
  return (
    <span className="perturbed" title={t('perturbedTitle')} data-perturbed="">
      {t('perturbedMark')}
      {text}
    </span>
  );
}

function Count({
  n,
  perturbed,
  onOpen,
  label,
}: {
  n: number | null;
  perturbed: boolean;
  onOpen?: (() => void) | undefined;
  label: string;
}) {
  const { t, i18n } = useTranslation('indicators');
  if (n === null) return <span className="muted">—</span>;
  const text = formatNumber(n, i18n.language);
  // Perturbed counts are never drillable: only readers without record access see them.
  if (perturbed) return <Perturbed text={text} />;
  if (!onOpen || n === 0) return <>{text}</>;
  return (
    <button
      type="button"
      className="btn btn--link"
      onClick={onOpen}
      aria-label={`${label}: ${t('showRecords', { count: text })}`}
    >
      {text}
    </button>
  );
}

/** A value's numerator over its denominator ("n / d"); the numerator opens the drill-down where `onOpen` is given. */
function Ratio({
  v,
  label,
  onOpen,
}: {
  v: IndicatorValue | undefined;
  label: string;
  onOpen?: (() => void) | undefined;
}) {
  return (
    <>
      <Count
        n={v?.numerator ?? null}
        perturbed={v?.perturbed.includes('numerator') ?? false}
        onOpen={onOpen}
        label={label}
      />
      {' / '}
      <Count n={v?.denominator ?? null} perturbed={v?.perturbed.includes('denominator') ?? false} label="" />
    </>
  );
}

function Value({ v, def }: { v: IndicatorValue | undefined; def: Def }) {
  const { t, i18n } = useTranslation('indicators');
  if (!v) return <span className="muted">{t('notApplicable')}</span>;
  // The mean change after coaching is a change in percentage points, shown signed (docs/coaching.md).
  const text =
    def.id === MEAN_CHANGE && v.value !== null
      ? formatChange(v.value, 'percent', i18n.language, t('pp'))
      : formatValue(v, def, i18n.language);
  if (!text) return <span className="muted">—</span>;
  if (v.perturbed.length) return <Perturbed text={text} />;
  const meets =
    def.target && v.value !== null
      ? def.target.direction === 'atLeast'
        ? v.value >= def.target.value
        : v.value <= def.target.value
      : null;
  return (
    <span
      className={meets === null ? '' : meets ? 'good' : 'bad'}
      title={meets === null ? undefined : t(meets ? 'meetsTarget' : 'belowTarget')}
    >
      {text}
    </span>
  );
}

function PeriodPicker({
  value,
  kind,
  onChange,
  allowCustom,
}: {
  value: PeriodParams;
  kind: Kind;
  onChange: (p: PeriodParams) => void;
  allowCustom: boolean;
}) {
  const { t } = useTranslation('indicators');
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear - 2009 }, (_, i) => String(thisYear - i));
  const id = 'period' in value ? value.period : '';
  const year = id.slice(0, 4) || ('from' in value ? value.from.slice(0, 4) : String(thisYear));
  const change = (k: Kind) => {
    if (k === 'year') onChange({ period: year });
    if (k === 'quarter') onChange({ period: `${year}Q1` });
    if (k === 'month') onChange({ period: `${year}01` });
    if (k === 'custom') onChange({ from: `${year}-01-01`, to: `${year}-01-31` });
  };
  return (
    <>
      <SelectField
        label={t('periodKind')}
        value={kind}
        onChange={(e) => change(e.target.value as Kind)}
        options={(allowCustom ? KINDS : KINDS.slice(0, 3)).map((k) => ({
          value: k,
          label: t(`periodKind.${k}`),
        }))}
      />
      {kind !== 'custom' ? (
        <SelectField
          label={t('year')}
          value={year}
          onChange={(e) => onChange({ period: `${e.target.value}${id.slice(4)}` })}
          options={years.map((y) => ({ value: y, label: y }))}
        />
      ) : null}
      {kind === 'quarter' ? (
        <SelectField
          label={t('quarter')}
          value={id.slice(4)}
          onChange={(e) => onChange({ period: `${year}${e.target.value}` })}
          options={[1, 2, 3, 4].map((q) => ({ value: `Q${q}`, label: `Q${q}` }))}
        />
      ) : null}
      {kind === 'month' ? (
        <SelectField
          label={t('month')}
          value={id.slice(4)}
          onChange={(e) => onChange({ period: `${year}${e.target.value}` })}
          options={Array.from({ length: 12 }, (_, i) => ({ value: pad2(i + 1), label: pad2(i + 1) }))}
        />
      ) : null}
      {kind === 'custom' && 'from' in value ? (
        <>
          <TextField
            label={t('from')}
            type="date"
            value={value.from}
            onChange={(e) => e.target.value && onChange({ from: e.target.value, to: value.to })}
          />
          <TextField
            label={t('to')}
            type="date"
            value={value.to}
            onChange={(e) => e.target.value && onChange({ from: value.from, to: e.target.value })}
          />
        </>
      ) : null}
    </>
  );
}

function IndicatorTable({
  defs,
  data,
  onDrill,
}: {
  defs: Def[];
  data: ValuesResponse;
  onDrill: ((d: Drill) => void) | null;
}) {
  const { t, i18n } = useTranslation('indicators');
  const locale = i18n.language;
  const byId = (list: IndicatorValue[] | null, id: string) => list?.find((v) => v.id === id);
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll box must take focus to scroll by keyboard
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('indicator')}</th>
            <th scope="col" className="num">
              {t('value')}
            </th>
            <th scope="col" className="num">
              {t('numerator')}
            </th>
            <th scope="col" className="num">
              {t('denominator')}
            </th>
            <th scope="col" className="num">
              {t('target')}
            </th>
            {data.previous ? (
              <th scope="col" className="num">
                {t('previous')}
              </th>
            ) : null}
            {data.previous ? (
              <th scope="col" className="num">
                {t('change')}
              </th>
            ) : null}
            {data.trends ? <th scope="col">{t('sparkline')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {defs.map((d) => {
            const v = byId(data.indicators, d.id);
            const p = byId(data.previous, d.id);
            const change =
              v?.value !== null && v?.value !== undefined && p?.value !== null && p?.value !== undefined
                ? v.value - p.value
                : null;
            // No "better"/"worse" for a change within noise (two-proportion test on the counts).
            const improved =
              change === null || change === 0 || !d.better || isWithinNoise(v!, p!, d.unit)
                ? null
                : d.better === 'higher'
                  ? change > 0
                  : change < 0;
            // A practice (a share where higher is better) not done: the denominator's records outside the numerator.
            const notMet =
              d.unit === 'percent' && d.better === 'higher' && v?.numerator != null && v.denominator != null
                ? v.denominator - v.numerator
                : null;
            const drill = (part: Drill['part']) =>
              onDrill && (d.source === 'facility' || d.source === 'newborn' || d.source === 'delivery')
                ? () => onDrill({ def: d, part })
                : undefined;
            return (
              <tr key={d.id}>
                <th scope="row">
                  {localize(d.name, locale)}
                  {d.note ? <div className="muted">{localize(d.note, locale)}</div> : null}
                </th>
                <td className="num">
                  {v ? <Value v={v} def={d} /> : null}
                  {notMet !== null && notMet > 0 && drill('not_met') ? (
                    <div>
                      <button
                        type="button"
                        className="btn btn--link drill-not-met"
                        onClick={drill('not_met')}
                      >
                        {t('notMetCount', { count: formatNumber(notMet, locale) })}
                        {/* The name starts with what is seen (WCAG 2.5.3), then says what it opens. */}
                        <span className="visually-hidden">
                          {`: ${localize(d.name, locale)}, ${t('showNotMet', { count: formatNumber(notMet, locale) })}`}
                        </span>
                      </button>
                    </div>
                  ) : null}
                </td>
                <td className="num">
                  <Count
                    n={v?.numerator ?? null}
                    perturbed={v?.perturbed.includes('numerator') ?? false}
                    onOpen={drill('numerator')}
                    label={`${localize(d.name, locale)}, ${t('numerator')}`}
                  />
                </td>
                <td className="num">
                  {d.denominator ? (
                    <Count
                      n={v?.denominator ?? null}
                      perturbed={v?.perturbed.includes('denominator') ?? false}
                      onOpen={drill('denominator')}
                      label={`${localize(d.name, locale)}, ${t('denominator')}`}
                    />
                  ) : null}
                </td>
                <td className="num">
                  {d.target
                    ? t(d.target.direction === 'atLeast' ? 'targetAtLeast' : 'targetAtMost', {
                        value: d.target.value,
                      })
                    : t('noTarget')}
                </td>
                {data.previous ? <td className="num">{p ? <Value v={p} def={d} /> : null}</td> : null}
                {data.previous ? (
                  <td className={`num ${improved === null ? '' : improved ? 'good' : 'bad'}`}>
                    {change === null ? '' : formatChange(change, d.unit, locale, t('pp'))}
                    {improved === null ? '' : ` (${t(improved ? 'improved' : 'worsened')})`}
                  </td>
                ) : null}
                {data.trends ? (
                  <td className="sparkline-cell">
                    <Chart
                      className="chart--sparkline"
                      height="28px"
                      label={t('sparklineOf', { name: localize(d.name, locale) })}
                      option={sparklineOption(
                        data.trends.map((m) => m.indicators.find((x) => x.id === d.id)?.value ?? null),
                      )}
                    />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Disaggregation({
  orgUnit,
  period,
  defs,
  onDrill,
}: {
  orgUnit: string;
  period: PeriodParams;
  defs: Def[];
  onDrill: ((d: Drill) => void) | null;
}) {
  const { t, i18n } = useTranslation('indicators');
  const locale = i18n.language;
  const [dim, setDim] = useState<DimensionId>('sex');
  const q = useQuery({
    queryKey: indicatorKeys.disaggregation(orgUnit, period, dim),
    queryFn: () => getDisaggregation(orgUnit, period, dim),
  });
  const shown = defs.filter((d) => d.disaggregations.includes(dim) && d.source !== 'facility');
  return (
    <section className="dash__section" aria-labelledby="disagg-title">
      <h2 id="disagg-title">{t('disaggregation')}</h2>
      <div className="dash__controls no-print">
        <SelectField
          label={t('dimension')}
          value={dim}
          onChange={(e) => setDim(e.target.value as DimensionId)}
          options={DIMENSION_IDS.map((d) => ({ value: d, label: t(`dim.${d}`) }))}
        />
      </div>
      {q.isPending ? <Loading /> : null}
      {q.isError ? <ErrorMessage error={q.error} /> : null}
      {q.data ? (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll box must take focus to scroll by keyboard
        <div className="table-wrap" tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('indicator')}</th>
                {q.data.rows.map((r) => (
                  <th scope="col" className="num" key={r.value}>
                    {t(`val.${r.value}` as 'val.female')}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{localize(d.name, locale)}</th>
                  {q.data.rows.map((r) => {
                    const v = r.indicators.find((x) => x.id === d.id);
                    return (
                      <td className="num" key={r.value}>
                        <Value v={v} def={d} />
                        {v && d.denominator ? (
                          <div className="muted">
                            <Ratio
                              v={v}
                              onOpen={
                                onDrill && d.source !== 'facility'
                                  ? () =>
                                      onDrill({ def: d, part: 'numerator', dimension: dim, value: r.value })
                                  : undefined
                              }
                              label={`${localize(d.name, locale)} ${t(`val.${r.value}` as 'val.female')}`}
                            />
                          </div>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/**
 * Indicators counted from the records at each request are not computed with a country's or the region's
 * dashboard (seconds there): the reader asks for them here, for this unit and period only.
 */
function DeferredIndicators({
  orgUnit,
  period,
  data,
  defs,
  loadLabel,
}: {
  orgUnit: string;
  period: PeriodParams;
  data: ValuesResponse;
  defs: Def[];
  loadLabel: string;
}) {
  const { t } = useTranslation('indicators');
  const [asked, setAsked] = useState(false);
  const ids = data.deferred.filter((id) => defs.some((d) => d.id === id));
  const q = useQuery({
    queryKey: indicatorKeys.byIds(orgUnit, period, ids),
    queryFn: () => getIndicatorsByIds(orgUnit, period, ids),
    enabled: asked,
  });
  if (!asked)
    return (
      <p>
        <span className="muted">{t('deferredNote', { unit: data.orgUnit.name })}</span>{' '}
        <button type="button" className="btn btn--secondary" onClick={() => setAsked(true)}>
          {loadLabel}
        </button>
      </p>
    );
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorMessage error={q.error} />;
  return <IndicatorTable defs={defs} data={q.data} onDrill={null} />;
}

/**
 * A group's indicators: those counted now as a table, and those this level counts only on request
 * (`deferred`: live sources above the province) behind a button. A group may mix both (KMC: babies are
 * rolled up, facility readiness is counted live).
 */
function IndicatorGroup({
  defs,
  data,
  onDrill,
  ...deferredProps
}: {
  orgUnit: string;
  period: PeriodParams;
  data: ValuesResponse;
  defs: Def[];
  loadLabel: string;
  onDrill: ((d: Drill) => void) | null;
}) {
  const now = defs.filter((d) => !data.deferred.includes(d.id));
  const later = defs.filter((d) => data.deferred.includes(d.id));
  return (
    <>
      {now.length ? <IndicatorTable defs={now} data={data} onDrill={onDrill} /> : null}
      {later.length ? <DeferredIndicators {...deferredProps} data={data} defs={later} /> : null}
    </>
  );
}

export default function DashboardPage() {
  const { t, i18n } = useTranslation('indicators');
  const locale = i18n.language;
  const me = useMe();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [period, kind, setPeriod] = usePeriod();
  const orgUnit = params.get('orgUnit') ?? me.user.scopes[0]?.id ?? '';
  const compare = params.get('compare') !== 'none';
  const setOrgUnit = (id: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.set('orgUnit', id);
      return next;
    });
  const defsQ = useQuery({
    queryKey: indicatorKeys.definitions,
    queryFn: getDefinitions,
    staleTime: Infinity,
  });
  const dash = useDashboard(orgUnit, period, compare);
  const defs = defsQ.data?.items ?? [];
  const { drill, open: setDrill, close: closeDrill, setPage: setDrillPage } = useDrill(defs, orgUnit);
  const rateDefs = defs.filter((d) => d.unit !== 'count' && d.source !== 'facility');
  const [trendId, setTrendId] = useState('immediate_ssc');
  const [sortId, setSortId] = useState('immediate_ssc');
  const [sortDesc, setSortDesc] = useState(true);
  const data = dash.data;
  const canDrill = data && !data.perturbationApplied ? (d: Drill) => setDrill(d) : null;
  const trendDef = defs.find((d) => d.id === trendId);
  const sortDef = defs.find((d) => d.id === sortId);
  const children = (() => {
    if (!data?.children) return [];
    const val = (c: (typeof data.children)[number]) =>
      c.indicators.find((v) => v.id === sortId)?.value ?? null;
    return [...data.children].sort((a, b) => {
      const va = val(a);
      const vb = val(b);
      if (va === null && vb === null) return a.orgUnit.name.localeCompare(b.orgUnit.name);
      if (va === null) return 1;
      if (vb === null) return -1;
      return sortDesc ? vb - va : va - vb;
    });
  })();
  if (!orgUnit) return <p>{t('noChildren')}</p>;
  const group = (g: string) => defs.filter((d) => d.group === g);
  const drillable = can('record.read')
    ? canDrill
    : data && !data.perturbationApplied
      ? (d: Drill) => d.def.source === 'facility' && setDrill(d)
      : null;
  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1>{data ? `${t('title')}: ${data.orgUnit.name}` : t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
      </div>
      {data ? (
        <nav className="breadcrumb" aria-label={t('orgUnit')}>
          {data.ancestors.map((a) => (
            <span key={a.id}>
              <Link
                to={`/dashboard?orgUnit=${a.id}&${new URLSearchParams(period as Record<string, string>).toString()}`}
              >
                {a.name}
              </Link>
              {' › '}
            </span>
          ))}
          <strong aria-current="page">{data.orgUnit.name}</strong>
        </nav>
      ) : null}
      <div className="dash__controls card">
        {/* Partners see standard periods only (the server refuses custom ranges to them). */}
        <PeriodPicker
          value={period}
          kind={kind}
          onChange={setPeriod}
          allowCustom={me.user.role !== 'partner_viewer'}
        />
        {data?.children && data.children.length ? (
          <SelectField
            label={t('goToChild')}
            value=""
            placeholder={t('chooseChild')}
            onChange={(e) => e.target.value && setOrgUnit(e.target.value)}
            options={data.children.map((c) => ({ value: c.orgUnit.id, label: c.orgUnit.name }))}
          />
        ) : null}
        <OrgUnitPicker label={t('findUnit')} value={null} onChange={(u) => u && setOrgUnit(u.id)} />
        <CheckboxField
          label={t('compare')}
          checked={compare}
          onChange={(e) =>
            setParams((prev) => {
              const next = new URLSearchParams(prev);
              if (e.target.checked) next.delete('compare');
              else next.set('compare', 'none');
              return next;
            })
          }
        />
      </div>
      <div className="dash__actions">
        <a className="btn btn--secondary" href={exportUrl(orgUnit, period, 'csv', locale)} download>
          {t('downloadCsv')}
        </a>
        <a className="btn btn--secondary" href={exportUrl(orgUnit, period, 'xlsx', locale)} download>
          {t('downloadExcel')}
        </a>
        <button type="button" className="btn btn--secondary" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      {dash.isPending || defsQ.isPending ? <Loading /> : null}
      {dash.isError ? <ErrorMessage error={dash.error} onRetry={() => void dash.refetch()} /> : null}
      {data && defs.length ? (
        <>
          <p className="muted" aria-live="polite" data-testid="period-label">
            {t('periodLabel', {
              from: formatDate(data.period.from, locale),
              to: formatDate(data.period.to, locale),
            })}
            {data.previousPeriod
              ? ` · ${t('previousLabel', { from: formatDate(data.previousPeriod.from, locale), to: formatDate(data.previousPeriod.to, locale) })}`
              : ''}
          </p>
          {data.perturbationApplied ? <p className="alert alert--warn">{t('perturbedLegend')}</p> : null}
          <section className="dash__section" aria-labelledby="scale-title">
            <h2 id="scale-title">{t('scaleUp')}</h2>
            <ul className="cards">
              {group('scale_up')
                .filter((d) => !data.deferred.includes(d.id) && !DOMAIN_SCORE_IDS.has(d.id))
                .map((d) => {
                  const v = data.indicators.find((x) => x.id === d.id);
                  return (
                    <li key={d.id} className="kpi" data-testid={`kpi-${d.id}`}>
                      <div className="kpi__meta">{localize(d.name, locale)}</div>
                      <div className="kpi__value">{v ? <Value v={v} def={d} /> : null}</div>
                      <div className="kpi__meta">
                        {d.id === MEAN_CHANGE ? (
                          // Its parts are sums of weights (docs/coaching.md): the card names the pairs.
                          v?.denominator ? (
                            t('changePairs', {
                              count: formatNumber(Math.round(v.denominator / CHANGE_SCALE.pair), locale),
                            })
                          ) : null
                        ) : d.denominator ? (
                          <Ratio
                            v={v}
                            onOpen={
                              drillable && d.source !== 'coaching' && d.source !== 'coaching_checklist'
                                ? () => drillable({ def: d, part: 'numerator' })
                                : undefined
                            }
                            label={localize(d.name, locale)}
                          />
                        ) : null}
                        {d.target
                          ? ` · ${t('target')} ${t(d.target.direction === 'atLeast' ? 'targetAtLeast' : 'targetAtMost', { value: d.target.value })} %`
                          : ''}
                        {d.note ? <div>{localize(d.note, locale)}</div> : null}
                      </div>
                    </li>
                  );
                })}
            </ul>
            <ChecklistDomains data={data} />
            {group('scale_up').some((d) => data.deferred.includes(d.id)) ? (
              <DeferredIndicators
                orgUnit={orgUnit}
                period={period}
                data={data}
                defs={group('scale_up').filter((d) => data.deferred.includes(d.id))}
                loadLabel={t('deferredLoadCoaching')}
              />
            ) : null}
          </section>
          <section className="dash__section" aria-labelledby="quality-title">
            <h2 id="quality-title">{t('quality')}</h2>
            <IndicatorTable defs={group('quality')} data={data} onDrill={drillable} />
          </section>
          <section className="dash__section" aria-labelledby="outcome-title">
            <h2 id="outcome-title">{t('outcome')}</h2>
            <IndicatorTable defs={group('outcome')} data={data} onDrill={drillable} />
          </section>
          {(
            [
              ['postnatal', 'deferredLoad'],
              ['kmc', 'deferredLoadKmc'],
              ['screening', 'deferredLoadScreening'],
            ] as const
          ).map(([g, label]) => (
            <section key={g} className="dash__section" aria-labelledby={`${g}-title`}>
              <h2 id={`${g}-title`}>{t(g)}</h2>
              <IndicatorGroup
                orgUnit={orgUnit}
                period={period}
                data={data}
                defs={group(g)}
                loadLabel={t(label)}
                onDrill={drillable}
              />
            </section>
          ))}
          {data.trends && trendDef ? (
            <section className="dash__section" aria-labelledby="trend-title">
              <h2 id="trend-title">{t('trends')}</h2>
              <div className="dash__controls no-print">
                <SelectField
                  label={t('trendIndicator')}
                  value={trendId}
                  onChange={(e) => setTrendId(e.target.value)}
                  options={rateDefs.map((d) => ({ value: d.id, label: localize(d.name, locale) }))}
                />
              </div>
              <Chart
                label={`${localize(trendDef.name, locale)} · ${t('trends')}`}
                height="220px"
                option={lineOption(
                  data.trends.map((p) => ({
                    label: formatMonth(p.month, locale),
                    value: p.indicators.find((v) => v.id === trendId)?.value ?? null,
                  })),
                  unitFormat(trendDef, locale),
                  trendDef.target?.value,
                )}
              />
              <details>
                <summary>{t('trends')}</summary>
                <table className="table">
                  <tbody>
                    {data.trends.map((p) => {
                      const v = p.indicators.find((x) => x.id === trendId);
                      return (
                        <tr key={p.month}>
                          <th scope="row">
                            {p.month}
                            {p.partial ? ` (${t('partialMonth')})` : ''}
                          </th>
                          <td className="num">{v ? <Value v={v} def={trendDef} /> : null}</td>
                          <td className="num">
                            <Ratio v={v} label="" />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </details>
            </section>
          ) : null}
          <section className="dash__section" aria-labelledby="children-title">
            <h2 id="children-title">{t('children', { name: data.orgUnit.name })}</h2>
            {children.length === 0 ? (
              <p className="muted">{t('noChildren')}</p>
            ) : (
              <>
                <div className="dash__controls no-print">
                  <SelectField
                    label={t('sortBy')}
                    value={sortId}
                    onChange={(e) => setSortId(e.target.value)}
                    options={defs.map((d) => ({ value: d.id, label: localize(d.name, locale) }))}
                  />
                </div>
                {sortDef ? (
                  <Chart
                    label={t('chart', { name: localize(sortDef.name, locale) })}
                    height={`${Math.max(80, children.length * 26 + 24)}px`}
                    option={barOption(
                      children.map((c) => ({
                        label: c.orgUnit.name,
                        value: c.indicators.find((v) => v.id === sortId)?.value ?? null,
                      })),
                      unitFormat(sortDef, locale),
                      sortDef.target?.value,
                    )}
                  />
                ) : null}
                {sortDef ? (
                  <ChildrenMap
                    parentId={data.orgUnit.id}
                    units={children}
                    def={sortDef}
                    onSelect={setOrgUnit}
                  />
                ) : null}
                {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll box must take focus to scroll by keyboard */}
                <div className="table-wrap" tabIndex={0}>
                  <table className="table heat-table" data-testid="children-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('orgUnit')}</th>
                        {defs.map((d) => (
                          <th
                            scope="col"
                            className="num"
                            key={d.id}
                            aria-sort={sortId === d.id ? (sortDesc ? 'descending' : 'ascending') : 'none'}
                          >
                            <button
                              type="button"
                              className="th-sort"
                              onClick={() => {
                                if (sortId === d.id) setSortDesc(!sortDesc);
                                else {
                                  setSortId(d.id);
                                  setSortDesc(true);
                                }
                              }}
                            >
                              {localize(d.name, locale)}
                              {sortId === d.id ? (sortDesc ? ' ▼' : ' ▲') : ''}
                            </button>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {children.map((c) => (
                        <tr key={c.orgUnit.id}>
                          <th scope="row">
                            <Link
                              to={`/dashboard?orgUnit=${c.orgUnit.id}&${new URLSearchParams(period as Record<string, string>).toString()}`}
                            >
                              {c.orgUnit.name}
                            </Link>
                          </th>
                          {defs.map((d) => {
                            const v = c.indicators.find((x) => x.id === d.id);
                            const heat = heatOf(v?.value, d);
                            return (
                              <td className={heat ? `num ${heat}` : 'num'} key={d.id}>
                                <Value v={v} def={d} />
                                {v && d.denominator ? (
                                  <div className="muted">
                                    <Ratio v={v} label="" />
                                  </div>
                                ) : null}
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
          <Disaggregation
            orgUnit={orgUnit}
            period={period}
            defs={defs}
            onDrill={can('record.read') ? canDrill : null}
          />
          <DrillDown
            drill={drill}
            orgUnit={orgUnit}
            period={period}
            onClose={closeDrill}
            onPage={setDrillPage}
          />
        </>
      ) : null}
    </div>
  );
}
