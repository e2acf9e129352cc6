import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreeningClient, ScreeningListQuery } from '../../../shared/screening/screening.schema';
import { formatDate, formatNumber } from '../../lib/format';
import { useListParams } from '../../lib/use-list-params';
import { TextField } from '../../ui/Field';
import { AreaFilter, ListCard, ListStates, TabBar } from '../../ui/ListParts';
import { PageHeader } from '../../ui/PageHeader';
import { useCan, useMe } from '../auth/session';
import { stepLine } from './client-labels';
import { RegisterForm } from './RegisterForm';
import { listClients, screeningKeys } from './screening.api';
import { CallLink } from '../../ui/CallLink';

const TABS = ['worklist', 'action', 'all'] as const;
type Tab = (typeof TABS)[number];

function ClientCard({ c }: { c: ScreeningClient }) {
  const { t, i18n } = useTranslation('screening');
  const locale = i18n.language;
  const urgent = c.section === 0;
  return (
    <ListCard
      urgent={urgent}
      head={
        <>
          <strong>{c.name ?? t('code', { code: c.id.slice(0, 8) })}</strong>
          {c.section !== null ? <span className="badge">{t(`section.${c.section}`)}</span> : null}
        </>
      }
      open={{ to: `/screening/clients/${c.id}`, label: t('open') }}
    >
      <p className="muted">
        {t('ageYears', { age: c.age })} · {stepLine(t, c, locale)}
      </p>
      <p className="muted small">
        {c.lastScreenOn ? t('lastScreen', { date: formatDate(c.lastScreenOn, locale) }) : t('neverScreened')}
        {c.phone ? (
          <>
            {' · '}
            <CallLink phone={c.phone}>{c.phone}</CallLink>
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
    </ListCard>
  );
}

/** The women of a station or facility: the to-do list (treat list first), the treat list, or all. */
export default function ScreeningListPage() {
  const { t, i18n } = useTranslation('screening');
  const locale = i18n.language;
  const scopes = useMe().user.scopes;
  const { params, unit, set } = useListParams(scopes[0]?.id ?? '');
  const tab = (params.get('tab') as Tab | null) ?? 'worklist';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [registering, setRegistering] = useState(false);
  const query: ScreeningListQuery = { orgUnit: unit, section: tab, ...(q ? { q } : {}) };
  const list = useQuery({
    queryKey: screeningKeys.list(query),
    queryFn: () => listClients(query),
    enabled: unit !== '',
  });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    set('q', search.trim());
  };
  const canWrite = useCan()('pnc.write');
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      <AreaFilter label={t('area')} unit={unit} scopes={scopes} onChange={(u) => set('unit', u)} />
      <form className="filters card" onSubmit={onSearch} role="search">
        <TextField label={t('search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <button type="submit" className="btn btn--small">
          {t('searchButton')}
        </button>
      </form>
      <TabBar
        label={t('show')}
        tabs={TABS}
        current={tab}
        labelOf={(s) => t(`tab.${s}`)}
        onSelect={(s) => set('tab', s)}
      />
      <ListStates
        list={list}
        enabled={unit !== ''}
        counts={({ counts: c }) => [
          t('countAction', { count: formatNumber(c.action, locale) }),
          t('countDue', { count: formatNumber(c.due, locale) }),
          t('countOverdue', { count: formatNumber(c.overdue, locale) }),
          t('countUpcoming', { count: formatNumber(c.upcoming, locale) }),
        ]}
        empty={t('empty')}
        truncated={t('truncated')}
      >
        {(c) => <ClientCard key={c.id} c={c} />}
      </ListStates>
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
