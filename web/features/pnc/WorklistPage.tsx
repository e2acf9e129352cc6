import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { WORKLIST_SECTIONS, type WorklistSection } from '../../../shared/pnc/pnc-schedule';
import type { WorklistItem } from '../../../shared/pnc/pnc.schema';
import { formatDate, formatNumber } from '../../lib/format';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { TabBar } from '../../ui/ListParts';
import { LoadMoreButton } from '../../ui/LoadMoreButton';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan, useMe } from '../auth/session';
import { getProfile, getWorklist, pncKeys, setProfile } from './pnc.api';
import { contactLabel } from './pnc-labels';
import { CallLink } from '../../ui/CallLink';

const COUNT_OF: Record<WorklistSection, 'referral' | 'dueToday' | 'overdue' | 'upcoming'> = {
  referral: 'referral',
  due_today: 'dueToday',
  overdue: 'overdue',
  upcoming: 'upcoming',
};

/** One visit due: a contact of the pair, with the mother and babies it concerns. */
type DueContact = { head: WorklistItem; rows: WorklistItem[] };
/** One card per mother: her pair's due contacts, in the list's order (the most urgent first). */
type PairCard = { head: WorklistItem; contacts: DueContact[] };

/**
 * The rows grouped per mother (birth): a mother with contact 2 overdue and contact 3 upcoming appears
 * once, in the section of her most urgent contact, with both contacts on her card.
 */
export function groupByMother(items: readonly WorklistItem[]): PairCard[] {
  const cards = new Map<string, PairCard>();
  for (const it of items) {
    let card = cards.get(it.birthId);
    if (!card) {
      card = { head: it, contacts: [] };
      cards.set(it.birthId, card);
    }
    const contact = card.contacts.find(
      (c) => c.head.contactCode === it.contactCode && c.head.section === it.section,
    );
    if (contact) contact.rows.push(it);
    else card.contacts.push({ head: it, rows: [it] });
  }
  return [...cards.values()];
}

function ContactLine({ contact }: { contact: DueContact }) {
  const { t, i18n } = useTranslation('pnc');
  const locale = i18n.language;
  const { head, rows } = contact;
  const when =
    head.section === 'overdue'
      ? t('overdueSince', { date: formatDate(head.overdueAt, locale) })
      : t('dueFrom', { date: formatDate(head.dueFrom, locale) });
  return (
    <li className="pnc-card__contact">
      <div>
        <span className="badge">{contactLabel(t, head, head.birthDate)}</span>{' '}
        <span className="small">
          {rows
            .map((r) =>
              r.kind === 'mother'
                ? t('mother')
                : r.birthOrder
                  ? t('baby', { n: r.birthOrder })
                  : t('babyOnly'),
            )
            .join(' · ')}
        </span>
        {head.referral ? (
          <p className="pnc-card__referral">
            {t('referralOpen', {
              date: formatDate(head.referral.openedAt, locale),
              reasons: head.referral.reasons.map((c) => t(`sign.${c}`, { defaultValue: c })).join(', '),
            })}
          </p>
        ) : (
          <p className="muted small">{when}</p>
        )}
      </div>
      <Link
        className="btn btn--primary btn--small"
        to={`/pnc/births/${head.birthId}?contact=${encodeURIComponent(head.contactCode)}`}
      >
        {head.section === 'referral' ? t('open') : t('recordContact')}
      </Link>
    </li>
  );
}

function WorklistCard({ card }: { card: PairCard }) {
  const { t } = useTranslation('pnc');
  const { head } = card;
  const rows = card.contacts.flatMap((c) => c.rows);
  const markers = [...new Set(rows.flatMap((r) => r.riskMarkers))];
  const place = head.commune?.name ?? head.facility.name;
  return (
    <li className={`pnc-card${head.section === 'referral' ? ' pnc-card--urgent' : ''}`}>
      <div className="pnc-card__head">
        <strong>{head.motherName ?? t('record', { number: head.recordNumber })}</strong>
      </div>
      <p className="pnc-card__who">
        {head.motherName ? `${t('record', { number: head.recordNumber })} · ` : ''}
        {place}
      </p>
      {head.motherAddress ? (
        <p className="pnc-card__address" data-testid="mother-address">
          {t('address', { address: head.motherAddress })}
        </p>
      ) : null}
      {markers.length ? (
        <p className="pnc-card__markers">
          {markers.map((m) => (
            <span key={m} className={`badge ${m === 'danger_signs' ? 'badge--danger' : 'badge--warn'}`}>
              {t(`marker.${m}`)}
            </span>
          ))}
        </p>
      ) : null}
      {rows.some((r) => r.screeningOffer) ? (
        <p className="pnc-card__markers">
          <Link className="badge" to="/screening">
            {t('screeningOffer')}
          </Link>
        </p>
      ) : null}
      {head.handover.reason && head.handover.reason !== 'handed_over' ? (
        <p className="muted small">{t(`handover.${head.handover.reason}`)}</p>
      ) : null}
      <ul className="pnc-card__contacts">
        {card.contacts.map((c) => (
          <ContactLine key={`${c.head.contactCode}:${c.head.section}`} contact={c} />
        ))}
      </ul>
      <div className="pnc-card__actions">
        {head.motherPhone ? (
          <CallLink phone={head.motherPhone} className="btn btn--secondary btn--small">
            {t('call', { phone: head.motherPhone })}
          </CallLink>
        ) : head.personalDataHidden ? (
          <span className="muted small">{t('hiddenPersonal')}</span>
        ) : null}
      </div>
    </li>
  );
}

function MyReminders() {
  const { t } = useTranslation('pnc');
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: pncKeys.profile, queryFn: getProfile });
  const [phone, setPhone] = useState<string | null>(null);
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: () =>
      setProfile({
        version: profile.data!.version,
        phone: (phone ?? profile.data!.phone ?? '').trim() || null,
        remindersEnabled: enabled ?? profile.data!.remindersEnabled,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pncKeys.profile }),
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  if (!profile.data) return null;
  return (
    <details className="card pnc-details">
      <summary>{t('myReminders')}</summary>
      <form className="form" onSubmit={submitWith(save)} noValidate>
        <TextField
          label={t('myPhone')}
          type="tel"
          autoComplete="tel"
          value={phone ?? profile.data.phone ?? ''}
          onChange={(e) => setPhone(e.target.value)}
          error={errors.phone}
        />
        <CheckboxField
          label={t('remindersEnabled')}
          checked={enabled ?? profile.data.remindersEnabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        <div className="form__actions">
          <button type="submit" className="btn btn--secondary" disabled={save.isPending}>
            {t('saveProfile')}
          </button>
          {save.isSuccess ? <span role="status">{t('profileSaved')}</span> : null}
        </div>
        <ErrorMessage error={formError} />
      </form>
    </details>
  );
}

export default function WorklistPage() {
  const { t, i18n } = useTranslation('pnc');
  const locale = i18n.language;
  const me = useMe();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const scopes = me.user.scopes;
  const unit = params.get('unit') ?? scopes[0]?.id ?? '';
  const section = (params.get('section') as WorklistSection | null) ?? undefined;
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const filter = { orgUnit: unit, ...(section ? { section } : {}), ...(search ? { q: search } : {}) };
  const list = useInfiniteQuery({
    queryKey: pncKeys.worklist(filter),
    queryFn: ({ pageParam }) => getWorklist({ ...filter, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: unit !== '',
  });
  const first = list.data?.pages[0];
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const listErrors = formErrorsOf(list.error);
  const grouped = groupByMother(items);
  const bySection = WORKLIST_SECTIONS.map((s) => ({
    s,
    cards: grouped.filter((g) => g.head.section === s),
  })).filter((x) => x.cards.length);

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
      <form
        className="pnc-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set('q', typed.trim() || null);
        }}
      >
        <TextField
          label={t('searchLabel')}
          hint={t('searchHint')}
          type="search"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          error={listErrors.fieldErrors.q}
        />
        <button type="submit" className="btn btn--primary">
          {t('common:search')}
        </button>
        {search ? (
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => {
              setTyped('');
              set('q', null);
            }}
          >
            {t('clearSearch')}
          </button>
        ) : null}
      </form>
      {first ? (
        <p className="muted">
          {first.orgUnit.name} · {t('today', { date: formatDate(first.today, locale) })}
        </p>
      ) : null}
      {first ? (
        <TabBar
          label={t('sections')}
          tabs={WORKLIST_SECTIONS}
          current={section ?? null}
          labelOf={(s) => (
            <>
              {t(`section.${s}`)}{' '}
              <span className="badge">{formatNumber(first.counts[COUNT_OF[s]], locale)}</span>
            </>
          )}
          onSelect={(s) => set('section', section === s ? null : s)}
        />
      ) : null}
      {first && first.counts.notHandedOver > 0 ? (
        <p className="alert alert--warn">
          {t('notHandedOver', { count: formatNumber(first.counts.notHandedOver, locale) })}
        </p>
      ) : null}
      {list.isPending && unit ? <Loading /> : null}
      <ErrorMessage error={listErrors.formError} onRetry={() => void list.refetch()} />
      {first && items.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      {bySection.map(({ s, cards }) => (
        <section key={s} aria-labelledby={`pnc-${s}`}>
          <h2 id={`pnc-${s}`} className="pnc-section-title">
            {t(`section.${s}`)}
          </h2>
          <ul className="pnc-list">
            {cards.map((card) => (
              <WorklistCard key={card.head.birthId} card={card} />
            ))}
          </ul>
        </section>
      ))}
      <LoadMoreButton query={list} block />
      {can('pnc.write') ? <MyReminders /> : null}
    </>
  );
}
