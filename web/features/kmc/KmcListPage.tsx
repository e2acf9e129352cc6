import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { KMC_LIST_STATUSES, type KmcBaby, type KmcListStatus } from '../../../shared/kmc/kmc.schema';
import { formatDate, formatNumber } from '../../lib/format';
import { useListParams } from '../../lib/use-list-params';
import { AreaFilter, ListCard, ListStates, TabBar } from '../../ui/ListParts';
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
    <ListCard
      urgent={urgent}
      head={
        <>
          <strong>
            {b.motherName ?? t('record', { number: b.recordNumber })} · {t('baby', { n: b.birthOrder })}
          </strong>
          <span className="badge">
            {t(`status.${b.status}`)}
            {b.outcome ? ` · ${t(`outcome.${b.outcome}`)}` : ''}
          </span>
        </>
      }
      open={{ to: `/kmc/babies/${b.newbornId}`, label: t('open') }}
    >
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
    </ListCard>
  );
}

/** The KMC list of a facility (or area): babies in KMC first, then those not started, then closed. */
export default function KmcListPage() {
  const { t, i18n } = useTranslation('kmc');
  const locale = i18n.language;
  const scopes = useMe().user.scopes;
  const { params, unit, set } = useListParams(scopes[0]?.id ?? '');
  const status = (params.get('status') as KmcListStatus | null) ?? 'all';
  const query = { orgUnit: unit, status };
  const list = useQuery({
    queryKey: kmcKeys.list(query),
    queryFn: () => listKmc(query),
    enabled: unit !== '',
  });
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')}>
        <Link className="btn btn--ghost" to="/kmc/readiness">
          {t('readinessLink')}
        </Link>
      </PageHeader>
      <AreaFilter label={t('area')} unit={unit} scopes={scopes} onChange={(u) => set('unit', u)} />
      <TabBar
        label={t('show')}
        tabs={KMC_LIST_STATUSES}
        current={status}
        labelOf={(s) => t(`status.${s}`)}
        onSelect={(s) => set('status', s)}
      />
      <ListStates
        list={list}
        enabled={unit !== ''}
        counts={({ counts: c }) => [
          t('countInKmc', { count: formatNumber(c.inKmc, locale) }),
          t('countNotStarted', { count: formatNumber(c.notStarted, locale) }),
          t('countFlagged', { count: formatNumber(c.flagged, locale) }),
        ]}
        empty={t('empty')}
        truncated={t('truncated')}
      >
        {(b) => <BabyCard key={b.newbornId} b={b} />}
      </ListStates>
    </>
  );
}
