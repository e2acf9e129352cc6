import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { KMC_LIST_STATUSES, type KmcBaby, type KmcListStatus } from '../../../shared/kmc/kmc.schema';
import { formatDate, formatNumber } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useMe } from '../auth/session';
import { kmcKeys, listKmc } from './kmc.api';
import { babyBadges } from './kmc-labels';

function BabyCard({ b }: { b: KmcBaby }) {
  const { t, i18n } = useTranslation('kmc');
  const locale = i18n.language;
  const badges = babyBadges(t, b);
  const urgent = badges.some((x) => x.danger);
  const value = (v: number | null) => (v === null ? t('unknown') : formatNumber(v, locale));
  return (
    <li className={`pnc-card${urgent ? ' pnc-card--urgent' : ''}`}>
      <div className="pnc-card__head">
        <strong>
          {b.motherName ?? t('record', { number: b.recordNumber })} · {t('baby', { n: b.birthOrder })}
        </strong>
        <span className="badge">
          {t(`status.${b.status}`)}
          {b.outcome ? ` · ${t(`outcome.${b.outcome}`)}` : ''}
        </span>
      </div>
      <p className="muted">
        {t('born', { date: formatDate(b.birthDate, locale) })} ·{' '}
        {t('weightWeeks', { grams: value(b.birthWeightGrams), weeks: value(b.gestationalAgeWeeks) })}
        {b.motherName ? ` · ${t('record', { number: b.recordNumber })}` : ''}
      </p>
      {b.lastLogDate ? (
        <p className="muted small">
          {t('lastLog', { date: formatDate(b.lastLogDate, locale), hours: value(b.lastSscHours) })}
        </p>
      ) : null}
      {badges.length ? (
        <p className="pnc-card__markers">
          {badges.map((x) => (
            <span key={x.key} className={`badge ${x.danger ? 'badge--danger' : 'badge--warn'}`}>
              {x.text}
            </span>
          ))}
        </p>
      ) : null}
      <div className="pnc-card__actions">
        <Link className="btn btn--primary btn--small" to={`/kmc/babies/${b.newbornId}`}>
          {t('open')}
        </Link>
      </div>
    </li>
  );
}

/** The KMC list of a facility (or area): babies in KMC first, then those not started, then closed. */
export default function KmcListPage() {
  const { t, i18n } = useTranslation('kmc');
  const locale = i18n.language;
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const scopes = me.user.scopes;
  const unit = params.get('unit') ?? scopes[0]?.id ?? '';
  const status = (params.get('status') as KmcListStatus | null) ?? 'all';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const query = { orgUnit: unit, status };
  const list = useQuery({
    queryKey: kmcKeys.list(query),
    queryFn: () => listKmc(query),
    enabled: unit !== '',
  });
  const data = list.data;
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      {scopes.length > 1 ? (
        <div className="filters card">
          <SelectField
            label={t('area')}
            value={unit}
            onChange={(e) => set('unit', e.target.value)}
            options={scopes.map((s) => ({ value: s.id, label: s.name }))}
          />
        </div>
      ) : null}
      <nav aria-label={t('show')} className="pnc-tabs">
        {KMC_LIST_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className="btn btn--ghost btn--small"
            aria-pressed={status === s}
            onClick={() => set('status', s)}
          >
            {t(`status.${s}`)}
          </button>
        ))}
      </nav>
      {data ? (
        <p className="muted" role="status">
          {t('countInKmc', { count: formatNumber(data.counts.inKmc, locale) })} ·{' '}
          {t('countNotStarted', { count: formatNumber(data.counts.notStarted, locale) })} ·{' '}
          {t('countFlagged', { count: formatNumber(data.counts.flagged, locale) })}
        </p>
      ) : null}
      {list.isPending && unit ? <Loading /> : null}
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {data && data.items.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      {data?.truncated ? <p className="alert alert--warn">{t('truncated')}</p> : null}
      <ul className="pnc-list">
        {data?.items.map((b) => (
          <BabyCard key={b.newbornId} b={b} />
        ))}
      </ul>
    </>
  );
}
