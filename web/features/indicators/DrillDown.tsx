import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { localize } from '../../../shared/i18n/localized-text';
import {
  type DefinitionsResponse,
  RECORD_PARTS,
  type RecordPart,
  type RecordsResponse,
} from '../../../shared/indicators/indicator-api.schema';
import { DIMENSION_IDS, type DimensionId } from '../../../shared/indicators/sources';
import { formatDate, formatNumber } from '../../lib/format';
import { type Column, DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import {
  DRILL_PAGE_SIZE,
  getRecords,
  indicatorKeys,
  type PeriodParams,
  type RecordsParams,
} from './indicators.api';

type Def = DefinitionsResponse['items'][number];
type DrillRecord = RecordsResponse['items'][number];

/** What a dashboard number opens: the records of one part of an indicator, maybe of one disaggregation value. */
export type Drill = { def: Def; part: RecordPart; dimension?: DimensionId; value?: string };

/** The drill's keys in the dashboard URL (beside orgUnit and period, which it shares with the dashboard). */
const KEYS = ['drill', 'part', 'dim', 'dval', 'page'] as const;

/**
 * The drill-down lives in the URL (?drill=immediate_ssc&part=not_met&page=2 with the dashboard's
 * orgUnit and period): a link to it can be shared, and Back closes it or returns to the page before.
 */
export function useDrill(defs: readonly Def[], orgUnit: string) {
  const [params, setParams] = useSearchParams();
  const def = defs.find((d) => d.id === params.get('drill'));
  const part = params.get('part') as RecordPart | null;
  const dim = params.get('dim') as DimensionId | null;
  const dval = params.get('dval');
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const drill: (Drill & { page: number }) | null =
    def && part && RECORD_PARTS.includes(part)
      ? {
          def,
          part,
          page,
          ...(dim && dval && DIMENSION_IDS.includes(dim) ? { dimension: dim, value: dval } : {}),
        }
      : null;
  const open = (d: Drill) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const k of KEYS) next.delete(k);
      // The unit goes into the link even when it is the reader's default, so the link means the same to anyone.
      next.set('orgUnit', orgUnit);
      next.set('drill', d.def.id);
      next.set('part', d.part);
      if (d.dimension && d.value) {
        next.set('dim', d.dimension);
        next.set('dval', d.value);
      }
      return next;
    });
  const setPage = (n: number) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (n <= 1) next.delete('page');
      else next.set('page', String(n));
      return next;
    });
  const close = () => {
    // The native dialog also reports a close when Back has already taken the drill out of the URL.
    if (!params.has('drill')) return;
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const k of KEYS) next.delete(k);
      return next;
    });
  };
  return { drill, open, close, setPage };
}

/** The records behind a dashboard number, a page at a time, in a dialog over the dashboard. */
export function DrillDown({
  drill,
  orgUnit,
  period,
  onClose,
  onPage,
}: {
  drill: (Drill & { page: number }) | null;
  orgUnit: string;
  period: PeriodParams;
  onClose: () => void;
  onPage: (page: number) => void;
}) {
  const { t, i18n } = useTranslation('indicators');
  const locale = i18n.language;
  const q: RecordsParams | null = drill
    ? {
        orgUnit,
        indicator: drill.def.id,
        part: drill.part,
        ...(drill.dimension ? { dimension: drill.dimension, value: drill.value! } : {}),
        ...(drill.page > 1 ? { offset: (drill.page - 1) * DRILL_PAGE_SIZE } : {}),
      }
    : null;
  const records = useQuery({
    queryKey: q ? indicatorKeys.records(q, period) : ['indicators', 'records', 'none'],
    queryFn: () => getRecords(q!, period),
    enabled: q !== null,
  });
  const partLabel = !drill
    ? ''
    : drill.part === 'not_met'
      ? t('notMetPart', { numerator: localize(drill.def.numerator.label, locale) })
      : localize(drill.def[drill.part]?.label ?? { en: '' }, locale);
  const title = drill
    ? t('drillTitle', { indicator: localize(drill.def.name, locale), part: partLabel })
    : '';
  const facilitySource = drill?.def.source === 'facility';
  const data = records.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / DRILL_PAGE_SIZE)) : 1;
  const showNames = data?.items.some((r) => r.motherName !== null) ?? false;
  const recordColumns: Array<Column<DrillRecord>> = [
    { header: t('birthDate'), cell: (r) => formatDate(r.birthDate, locale) },
    { header: t('recordNumber'), cell: (r) => r.recordNumber, cellClassName: 'mono' },
    ...(showNames ? [{ header: t('motherName'), cell: (r: DrillRecord) => r.motherName ?? '—' }] : []),
    {
      header: t('baby'),
      cell: (r) => (r.birthOrder ? `#${r.birthOrder} ${r.sex ? t(`val.${r.sex}` as 'val.female') : ''}` : ''),
    },
    {
      header: t('openRecord'),
      cell: (r) => (
        <Link
          className="btn btn--secondary btn--small"
          to={`/births/${r.birthId}`}
          aria-label={`${t('openRecord')} ${r.recordNumber ?? ''}`}
        >
          {t('openRecord')}
        </Link>
      ),
    },
  ];
  return (
    <Dialog open={drill !== null} title={title} onClose={onClose}>
      {records.isPending ? <Loading /> : null}
      {records.isError ? <ErrorMessage error={records.error} /> : null}
      {data && drill ? (
        <>
          <p>
            {t(facilitySource ? 'drillFacilities' : 'drillCount', {
              count: formatNumber(data.total, locale),
            })}
            {drill.dimension
              ? ` · ${t(`dim.${drill.dimension}`)}: ${t(`val.${drill.value}` as 'val.female')}`
              : ''}
          </p>
          <DataTable
            rows={data.items}
            rowKey={(r) => `${r.newbornId ?? r.birthId ?? r.facilityId}`}
            columns={[
              {
                header: t('facility'),
                cell: (r) =>
                  facilitySource ? (
                    <Link to={`/org-units/${r.facilityId}`}>{r.facilityName}</Link>
                  ) : (
                    r.facilityName
                  ),
              },
              ...(facilitySource ? [] : recordColumns),
            ]}
          />
          {pages > 1 ? (
            <nav className="drill__pages" aria-label={t('drillPages')}>
              <button
                type="button"
                className="btn btn--secondary"
                disabled={drill.page <= 1}
                onClick={() => onPage(drill.page - 1)}
              >
                {t('previousPage')}
              </button>
              <span aria-live="polite">
                {t('pageOf', { page: formatNumber(drill.page, locale), pages: formatNumber(pages, locale) })}
              </span>
              <button
                type="button"
                className="btn btn--secondary"
                disabled={drill.page >= pages}
                onClick={() => onPage(drill.page + 1)}
              >
                {t('nextPage')}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Dialog>
  );
}
