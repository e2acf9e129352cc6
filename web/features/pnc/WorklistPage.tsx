import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { WorklistSection } from '../../../shared/pnc/pnc-schedule';
import type { WorklistItem } from '../../../shared/pnc/pnc.schema';
import { formatDate, formatNumber } from '../../lib/format';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { LoadMoreButton } from '../../ui/LoadMoreButton';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan, useMe } from '../auth/session';
import { getProfile, getWorklist, pncKeys, setProfile } from './pnc.api';
import { contactLabel } from './pnc-labels';

const SECTIONS: WorklistSection[] = ['referral', 'due_today', 'overdue', 'upcoming'];
const COUNT_OF: Record<WorklistSection, 'referral' | 'dueToday' | 'overdue' | 'upcoming'> = {
  referral: 'referral',
  due_today: 'dueToday',
  overdue: 'overdue',
  upcoming: 'upcoming',
};

/** Consecutive rows of one pair and one contact make one card (mother and babies are seen together). */
function groupRows(items: WorklistItem[]): WorklistItem[][] {
  const out: WorklistItem[][] = [];
  for (const it of items) {
    const last = out.at(-1);
    const head = last?.[0];
    if (
      head &&
      head.birthId === it.birthId &&
      head.contactCode === it.contactCode &&
      head.section === it.section
    )
      last.push(it);
    else out.push([it]);
  }
  return out;
}

function WorklistCard({ rows }: { rows: WorklistItem[] }) {
  const { t, i18n } = useTranslation('pnc');
  const locale = i18n.language;
  const head = rows[0]!;
  const markers = [...new Set(rows.flatMap((r) => r.riskMarkers))];
  const when =
    head.section === 'overdue'
      ? t('overdueSince', { date: formatDate(head.overdueAt, locale) })
      : t('dueFrom', { date: formatDate(head.dueFrom, locale) });
  return (
    <li className={`pnc-card${head.section === 'referral' ? ' pnc-card--urgent' : ''}`}>
      <div className="pnc-card__head">
        <strong>{head.motherName ?? t('record', { number: head.recordNumber })}</strong>
        <span className="badge">{contactLabel(t, head, head.birthDate)}</span>
      </div>
      <p className="pnc-card__who">
        {rows
          .map((r) =>
            r.kind === 'mother' ? t('mother') : r.birthOrder ? t('baby', { n: r.birthOrder }) : t('babyOnly'),
          )
          .join(' · ')}
        {head.motherName ? ` · ${t('record', { number: head.recordNumber })}` : ''}
      </p>
      {head.referral ? (
        <p className="pnc-card__referral">
          {t('referralOpen', {
            date: formatDate(head.referral.openedAt, locale),
            reasons: head.referral.reasons.map((c) => t(`sign.${c}`, { defaultValue: c })).join(', '),
          })}
        </p>
      ) : (
        <p className="muted">{when}</p>
      )}
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
      <div className="pnc-card__actions">
        {head.motherPhone ? (
          <a
            className="btn btn--secondary btn--small"
            href={`tel:${head.motherPhone.replace(/[^+0-9]/g, '')}`}
          >
            {t('call', { phone: head.motherPhone })}
          </a>
        ) : head.personalDataHidden ? (
          <span className="muted small">{t('hiddenPersonal')}</span>
        ) : null}
        <Link
          className="btn btn--primary btn--small"
          to={`/pnc/births/${head.birthId}?contact=${encodeURIComponent(head.contactCode)}`}
        >
          {head.section === 'referral' ? t('open') : t('recordContact')}
        </Link>
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
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const list = useInfiniteQuery({
    queryKey: pncKeys.worklist({ orgUnit: unit, ...(section ? { section } : {}) }),
    queryFn: ({ pageParam }) =>
      getWorklist({
        orgUnit: unit,
        ...(section ? { section } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: unit !== '',
  });
  const first = list.data?.pages[0];
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const grouped = groupRows(items);
  const bySection = SECTIONS.map((s) => ({ s, rows: grouped.filter((g) => g[0]!.section === s) })).filter(
    (x) => x.rows.length,
  );

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
      {first ? (
        <p className="muted">
          {first.orgUnit.name} · {t('today', { date: formatDate(first.today, locale) })}
        </p>
      ) : null}
      {first ? (
        <nav aria-label={t('sections')} className="pnc-tabs">
          {SECTIONS.map((s) => (
            <button
              key={s}
              type="button"
              className="btn btn--ghost btn--small"
              aria-pressed={section === s}
              onClick={() => set('section', section === s ? null : s)}
            >
              {t(`section.${s}`)}{' '}
              <span className="badge">{formatNumber(first.counts[COUNT_OF[s]], locale)}</span>
            </button>
          ))}
        </nav>
      ) : null}
      {first && first.counts.notHandedOver > 0 ? (
        <p className="alert alert--warn">
          {t('notHandedOver', { count: formatNumber(first.counts.notHandedOver, locale) })}
        </p>
      ) : null}
      {list.isPending && unit ? <Loading /> : null}
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {first && items.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      {bySection.map(({ s, rows }) => (
        <section key={s} aria-labelledby={`pnc-${s}`}>
          <h2 id={`pnc-${s}`} className="pnc-section-title">
            {t(`section.${s}`)}
          </h2>
          <ul className="pnc-list">
            {rows.map((g) => (
              <WorklistCard key={`${g[0]!.birthId}:${g[0]!.contactCode}:${g[0]!.section}`} rows={g} />
            ))}
          </ul>
        </section>
      ))}
      <LoadMoreButton query={list} block />
      {can('pnc.write') ? <MyReminders /> : null}
    </>
  );
}
