import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { FollowUp, Referral, VisitResult } from '../../../shared/pnc/pnc.schema';
import { REFERRAL_OUTCOMES, type ReferralOutcome } from '../../../shared/pnc/pnc-values';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { useCan } from '../auth/session';
import { closeReferral, getFollowUp, pncKeys, setPreferences } from './pnc.api';
import { contactLabel, signLabel } from './pnc-labels';
import { VisitForm } from './VisitForm';
import { CallLink } from '../../ui/CallLink';

const LANGUAGES = ['vi', 'en', 'km', 'lo', 'mn', 'zh', 'fil'] as const;

function CloseReferralForm({ referral, onDone }: { referral: Referral; onDone(): void }) {
  const { t } = useTranslation('pnc');
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<ReferralOutcome | ''>('');
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () =>
      closeReferral(referral.contactId, {
        version: referral.version,
        outcome: outcome as ReferralOutcome,
        note: note.trim() || null,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pncKeys.all });
      onDone();
    },
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  return (
    <form className="form" onSubmit={submitWith(save)} noValidate>
      <SelectField
        label={t('outcome')}
        value={outcome}
        onChange={(e) => setOutcome(e.target.value as ReferralOutcome)}
        options={REFERRAL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
        placeholder="—"
        error={errors.outcome}
        required
      />
      <TextField
        label={t('note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        error={errors.note}
      />
      <FormFooter formError={formError} pending={save.isPending} submitLabel={t('common:save')} />
    </form>
  );
}

function Preferences({ f }: { f: FollowUp }) {
  const { t } = useTranslation('pnc');
  const queryClient = useQueryClient();
  const can = useCan();
  const save = useMutation({
    mutationFn: (p: { language: string | null; remindersEnabled: boolean }) =>
      setPreferences(f.birthId, { version: f.preferences.version, ...p }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pncKeys.followUp(f.birthId) }),
  });
  const langLabel = (l: string) => t(`lang.${l}`, { defaultValue: l });
  const disabled = !can('pnc.write') || save.isPending;
  return (
    <div className="card">
      <SelectField
        label={t('motherLanguage')}
        value={f.preferences.language ?? ''}
        disabled={disabled}
        onChange={(e) =>
          save.mutate({ language: e.target.value || null, remindersEnabled: f.preferences.remindersEnabled })
        }
        options={LANGUAGES.map((l) => ({ value: l, label: langLabel(l) }))}
        placeholder={t('countryDefault', { language: langLabel(f.preferences.effectiveLanguage) })}
      />
      <CheckboxField
        label={t('remindersEnabled')}
        checked={f.preferences.remindersEnabled}
        disabled={disabled}
        onChange={(e) =>
          save.mutate({ language: f.preferences.language, remindersEnabled: e.target.checked })
        }
      />
      <ErrorMessage error={save.error} />
    </div>
  );
}

export default function FollowUpPage() {
  const { t, i18n } = useTranslation('pnc');
  const locale = i18n.language;
  const { birthId = '' } = useParams();
  const [params] = useSearchParams();
  const can = useCan();
  const [closing, setClosing] = useState<Referral | null>(null);
  const [saved, setSaved] = useState<VisitResult | null>(null);
  const [formKey, setFormKey] = useState(0);
  const followUp = useQuery({ queryKey: pncKeys.followUp(birthId), queryFn: () => getFollowUp(birthId) });
  const f = followUp.data;
  const recordRef = useRef<HTMLElement>(null);
  const loaded = f !== undefined;
  useEffect(() => {
    if (!loaded || !params.has('contact')) return;
    recordRef.current?.scrollIntoView({ block: 'start' });
    recordRef.current?.focus({ preventScroll: true });
  }, [loaded, params]);

  if (followUp.isPending) return <Loading />;
  if (!f) return <ErrorMessage error={followUp.error} onRetry={() => void followUp.refetch()} />;

  const openReferrals = f.subjects.flatMap((s) =>
    s.contacts.filter((c) => c.recorded?.referral).map((c) => ({ s, c, r: c.recorded!.referral! })),
  );
  const who = (kind: string, order: number | null) =>
    kind === 'mother' ? t('mother') : t('baby', { n: order ?? 1 });

  // Opened from the worklist's "Record contact" (?contact=), the form comes first and takes the focus: a
  // worker on a phone lands on it, not 1,500 px above it.
  const recordFirst = params.has('contact') && can('pnc.write');
  const recordSection = can('pnc.write') ? (
    <section ref={recordRef} className="card" aria-labelledby="pnc-record" tabIndex={-1}>
      <h2 id="pnc-record">{t('recordContact')}</h2>
      <VisitForm
        key={formKey}
        followUp={f}
        initialCode={params.get('contact')}
        onSaved={(result) => {
          setSaved(result);
          setFormKey((k) => k + 1);
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }}
      />
    </section>
  ) : null;

  return (
    <>
      <p>
        <Link to="/pnc">← {t('backToList')}</Link>
      </p>
      <div className="page__header">
        <div>
          <h1>{f.motherName ?? t('record', { number: f.recordNumber })}</h1>
          <p className="muted">
            {t('record', { number: f.recordNumber })} ·{' '}
            {t('bornOn', { date: formatDateTime(f.bornAt, locale), facility: f.facility.name })}
          </p>
          <p className="muted">
            {f.handover.reason === 'handed_over'
              ? t('handover.handed_over', { unit: f.handover.unit.name })
              : t(`handover.${f.handover.reason}`)}
          </p>
          {f.motherAddress ? (
            <p data-testid="mother-address">{t('address', { address: f.motherAddress })}</p>
          ) : null}
          {f.motherPhone ? (
            <CallLink phone={f.motherPhone} className="btn btn--secondary btn--small">
              {t('call', { phone: f.motherPhone })}
            </CallLink>
          ) : f.personalDataHidden ? (
            <p className="muted small">{t('hiddenPersonal')}</p>
          ) : null}
        </div>
      </div>

      {saved ? (
        <div className={`alert ${saved.urgentReferral ? 'alert--error' : 'alert--success'}`} role="alert">
          {saved.urgentReferral ? (
            <>
              <p>
                <strong>{t('urgentTitle')}</strong>
              </p>
              <p>
                {t('savedUrgent', {
                  reasons: saved.subjects
                    .flatMap((s) =>
                      s.findings.filter((x) => x.level === 'urgent').map((x) => signLabel(t, x.code)),
                    )
                    .join(', '),
                })}
              </p>
            </>
          ) : (
            <p>{t('saved')}</p>
          )}
        </div>
      ) : null}

      {recordFirst ? recordSection : null}

      {openReferrals.length ? (
        <section className="card" aria-labelledby="pnc-referrals">
          <h2 id="pnc-referrals">{t('referrals')}</h2>
          <ul className="list">
            {openReferrals.map(({ s, c, r }) => (
              <li key={r.contactId}>
                <strong>
                  {who(s.kind, s.birthOrder)} · {contactLabel(t, c, f.birthDate)}
                </strong>
                <br />
                {r.status === 'open'
                  ? t('referralOpen', {
                      date: formatDate(r.openedAt, locale),
                      reasons: r.reasons.map((x) => signLabel(t, x)).join(', '),
                    })
                  : t('referralClosed', {
                      date: formatDate(r.closedAt, locale),
                      outcome: t(`outcome.${r.outcome}`),
                    })}
                {r.status === 'open' && can('pnc.write') ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="btn btn--secondary btn--small"
                      onClick={() => setClosing(r)}
                    >
                      {t('closeReferral')}
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="pnc-schedule">
        <h2 id="pnc-schedule">{t('schedule')}</h2>
        <div className="cards">
          {f.subjects.map((s) => (
            <div key={s.subjectId} className="card">
              <h3>
                {who(s.kind, s.birthOrder)}
                {s.birthWeightGrams ? ` · ${formatNumber(s.birthWeightGrams, locale)} g` : ''}
              </h3>
              {s.riskMarkers.length ? (
                <p>
                  {s.riskMarkers.map((m) => (
                    <span
                      key={m}
                      className={`badge ${m === 'danger_signs' ? 'badge--danger' : 'badge--warn'}`}
                    >
                      {t(`marker.${m}`)}
                    </span>
                  ))}
                </p>
              ) : null}
              <ul className="list">
                {s.contacts.map((c) => (
                  <li key={c.code}>
                    <strong>{contactLabel(t, c, f.birthDate)}</strong>{' '}
                    <span className={`badge pnc-status--${c.status}`}>{t(`status.${c.status}`)}</span>
                    <br />
                    <span className="muted small">
                      {c.recorded
                        ? `${formatDateTime(c.recorded.doneAt, locale)} · ${t(`place.${c.recorded.place}`)} · ${
                            c.recorded.onTime ? t('onTime') : t('late')
                          }`
                        : `${t('dueFrom', { date: formatDate(c.dueFrom, locale) })} · ${t('expires', {
                            date: formatDate(c.expiresAt, locale),
                          })}`}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>

      {recordFirst ? null : recordSection}

      <section aria-labelledby="pnc-visits">
        <h2 id="pnc-visits">{t('visits')}</h2>
        {f.visits.length ? (
          <ul className="list">
            {f.visits.map((v) => (
              <li key={v.id}>
                {formatDateTime(v.visitedAt, locale)} · {t(`place.${v.place}`)} · {v.seenBy}
                {v.refused !== undefined ? (
                  <>
                    {' '}
                    <span className="badge badge--warn" data-testid="visit-refused">
                      {t('visitRefused', { message: v.refused })}
                    </span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('noVisits')}</p>
        )}
      </section>

      <section aria-labelledby="pnc-reminders">
        <h2 id="pnc-reminders">{t('reminders')}</h2>
        <Preferences f={f} />
        {f.reminders.length ? (
          <ul className="list">
            {f.reminders.map((r, i) => (
              <li key={i}>
                {t(`reminder.${r.recipient}`)} · {r.contactCode ?? ''} · {t(`reminderStatus.${r.status}`)}
                {r.sentAt ? ` · ${formatDateTime(r.sentAt, locale)}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('noReminders')}</p>
        )}
      </section>

      <Dialog open={closing !== null} title={t('closeReferral')} onClose={() => setClosing(null)}>
        {closing ? <CloseReferralForm referral={closing} onDone={() => setClosing(null)} /> : null}
      </Dialog>
    </>
  );
}
