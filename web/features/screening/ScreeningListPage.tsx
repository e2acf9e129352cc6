import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ScreeningClient, ScreeningListQuery } from '../../../shared/screening/screening.schema';
import { formatDate, formatNumber } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan, useMe } from '../auth/session';
import { stepLine } from './client-labels';
import { RegisterForm } from './RegisterForm';
import { listClients, screeningKeys } from './screening.api';

const TABS = ['worklist', 'action', 'all'] as const;
type Tab = (typeof TABS)[number];

function ClientCard({ c }: { c: ScreeningClient }) {
  const { t, i18n } = useTranslation('screening');
  const locale = i18n.language;
  const urgent = c.section === 0;
  return (
    <li className={`pnc-card${urgent ? ' pnc-card--urgent' : ''}`}>
      <div className="pnc-card__head">
        <strong>{c.name ?? t('code', { code: c.id.slice(0, 8) })}</strong>
        {c.section !== null ? <span className="badge">{t(`section.${c.section}`)}</span> : null}
      </div>
      <p className="muted">
        {t('ageYears', { age: c.age })} · {stepLine(t, c, locale)}
      </p>
      <p className="muted small">
        {c.lastScreenOn ? t('lastScreen', { date: formatDate(c.lastScreenOn, locale) }) : t('neverScreened')}
        {c.phone ? (
          <>
            {' · '}
            <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a>
          </>
        ) : null}
      </p>
      {c.recalledOn && c.recallReason ? (
        <p className="pnc-card__markers">
          <span className="badge badge--warn">
            {t(`recall.${c.recallReason}`)} · {t('recalledOn', { date: formatDate(c.recalledOn, locale) })}
          </span>
        </p>
      ) : null}
      <div className="pnc-card__actions">
        <Link className="btn btn--primary btn--small" to={`/screening/clients/${c.id}`}>
          {t('open')}
        </Link>
      </div>
    </li>
  );
}

/** The women of a station or facility: the to-do list (treat list first), the treat list, or all. */
export default function ScreeningListPage() {
  const { t, i18n } = useTranslation('screening');
  const locale = i18n.language;
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const scopes = me.user.scopes;
  const unit = params.get('unit') ?? scopes[0]?.id ?? '';
  const tab = (params.get('tab') as Tab | null) ?? 'worklist';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [registering, setRegistering] = useState(false);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const query: ScreeningListQuery = { orgUnit: unit, section: tab, ...(q ? { q } : {}) };
  const list = useQuery({
    queryKey: screeningKeys.list(query),
    queryFn: () => listClients(query),
    enabled: unit !== '',
  });
  const data = list.data;
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    set('q', search.trim());
  };
  const canWrite = useCan()('pnc.write');
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
      <form className="filters card" onSubmit={onSearch} role="search">
        <TextField label={t('search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="submit" className="btn btn--small">
          {t('searchButton')}
        </button>
      </form>
      <nav aria-label={t('show')} className="pnc-tabs">
        {TABS.map((s) => (
          <button
            key={s}
            type="button"
            className="btn btn--ghost btn--small"
            aria-pressed={tab === s}
            onClick={() => set('tab', s)}
          >
            {t(`tab.${s}`)}
          </button>
        ))}
      </nav>
      {data ? (
        <p className="muted" role="status">
          {t('countAction', { count: formatNumber(data.counts.action, locale) })} ·{' '}
          {t('countDue', { count: formatNumber(data.counts.due, locale) })} ·{' '}
          {t('countOverdue', { count: formatNumber(data.counts.overdue, locale) })} ·{' '}
          {t('countUpcoming', { count: formatNumber(data.counts.upcoming, locale) })}
        </p>
      ) : null}
      {list.isPending && unit ? <Loading /> : null}
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {data && data.items.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      {data?.truncated ? <p className="alert alert--warn">{t('truncated')}</p> : null}
      <ul className="pnc-list">
        {data?.items.map((c) => (
          <ClientCard key={c.id} c={c} />
        ))}
      </ul>
      {canWrite && unit ? (
        registering ? (
          <RegisterForm orgUnitId={unit} />
        ) : (
          <button type="button" className="btn" onClick={() => setRegistering(true)}>
            {t('registerOpen')}
          </button>
        )
      ) : null}
    </>
  );
}
