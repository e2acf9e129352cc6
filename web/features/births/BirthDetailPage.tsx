import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Newborn } from '../../../shared/births/birth.schema';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { tShared } from '../../lib/i18n';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { useCan } from '../auth/session';
import { BirthHistory } from './BirthHistory';
import { birthKeys, deleteBirth, getBirth, getEencSettings } from './births.api';
import { flagLabelParams } from './birth-validation';
import { DischargeForm } from './DischargeForm';

function Practice({ label, value }: { label: string; value: boolean | null }) {
  const { t } = useTranslation('births');
  const text = value === null ? t('practiceNa') : value ? t('practiceMet') : t('practiceNotMet');
  return (
    <div>
      <dt>{label}</dt>
      <dd className={value === null ? 'muted' : value ? 'practice--met' : 'practice--not'}>{text}</dd>
    </div>
  );
}

export default function BirthDetailPage() {
  const { t, i18n } = useTranslation('births');
  const locale = i18n.language;
  const { id } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const can = useCan();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'none' | 'discharge' | 'history'>('none');
  const birth = useQuery({ queryKey: birthKeys.detail(id!), queryFn: () => getBirth(id!) });
  const settings = useQuery({
    queryKey: birthKeys.settings(birth.data?.facilityId ?? ''),
    queryFn: () => getEencSettings(birth.data!.facilityId),
    enabled: Boolean(birth.data),
  });
  const remove = useMutation({
    mutationFn: () => deleteBirth(id!, birth.data!.version),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: birthKeys.all });
      void navigate('/births');
    },
  });
  if (birth.isPending) return <Loading />;
  if (birth.isError) return <ErrorMessage error={birth.error} />;
  const b = birth.data;
  const savedFlags = (location.state as { savedFlags?: number } | null)?.savedFlags;
  const flagText = (flag: string, reasons: Record<string, string>) => {
    const label = settings.data
      ? tShared(`flag.${flag}`, flagLabelParams(flag, settings.data.settings))
      : tShared(`flag.${flag}`);
    return reasons[flag] ? `${label} — ${reasons[flag]}` : label;
  };
  const canWrite = can('record.write');
  const baby = (n: Newborn) => (
    <section key={n.id} className="section" aria-labelledby={`baby-${n.id}`}>
      <h2 id={`baby-${n.id}`}>
        {t('section.baby', { n: n.birthOrder })}: {t(`sex.${n.sex}`)},{' '}
        {n.birthWeightGrams === null ? '—' : `${formatNumber(n.birthWeightGrams, locale)} g`},{' '}
        {t(`outcome.${n.outcome}`)}
      </h2>
      <p>
        <span className="badge">{t(`band.${n.derived.weightBand}`)}</span>
        <span className="badge">{t(`preterm.${n.derived.pretermBand}`)}</span>
        {n.derived.kmcEligible ? <span className="badge badge--warn">{t('kmcEligible')}</span> : null}
      </p>
      <dl className="props">
        {(Object.keys(n.derived.practices) as Array<keyof Newborn['derived']['practices']>).map((k) => (
          <Practice key={k} label={t(`practice.${k}`)} value={n.derived.practices[k]} />
        ))}
      </dl>
      {n.derived.flags.length ? (
        <ul className="flag-list">
          {n.derived.flags.map((f) => (
            <li key={f}>{flagText(f, n.deviationReasons)}</li>
          ))}
        </ul>
      ) : null}
      {n.discharge ? (
        <p>
          {t('section.discharge')}: {formatDate(n.discharge.date, locale)}
          {n.discharge.time ? ` ${n.discharge.time}` : ''} · {t(`discharge.${n.discharge.status}`)}
          {n.discharge.exclusiveBreastfeeding !== null
            ? ` · ${t('exclusiveBf')}: ${n.discharge.exclusiveBreastfeeding ? t('yes') : t('no')}`
            : ''}
        </p>
      ) : null}
    </section>
  );

  return (
    <>
      <div className="page__header">
        <div>
          <h1>
            {b.mother.recordNumber} · {formatDateTime(b.delivery.bornAt, locale)}
          </h1>
          <p className="muted">
            {b.facilityName} · {t(`mode.${b.delivery.mode}`)}
            {b.delivery.gestationalAgeWeeks !== null
              ? ` · ${t('weeksValue', { weeks: b.delivery.gestationalAgeWeeks })}`
              : ''}
            {b.createdBy ? ` · ${t('addedBy', { user: b.createdBy })}` : ''}
          </p>
        </div>
        {canWrite ? (
          <div className="form__actions">
            <Link className="btn btn--primary" to={`/births/${b.id}/edit`}>
              {t('edit')}
            </Link>
            <button type="button" className="btn btn--secondary" onClick={() => setDialog('discharge')}>
              {t('recordDischarge')}
            </button>
            <button
              type="button"
              className="btn btn--danger"
              onClick={() => window.confirm(t('confirmDelete')) && remove.mutate()}
            >
              {t('delete')}
            </button>
          </div>
        ) : null}
      </div>
      {savedFlags !== undefined ? (
        <div className="alert alert--success saved-next">
          <p role="status">{savedFlags ? t('savedWithWarnings', { count: savedFlags }) : t('saved')}</p>
          {canWrite ? (
            <Link className="btn btn--primary" to="/births/new" state={{ facilityId: b.facilityId }}>
              {t('recordNextBirth')}
            </Link>
          ) : null}
        </div>
      ) : null}
      <ErrorMessage error={remove.error} />
      <section className="section" aria-labelledby="mother-title">
        <h2 id="mother-title">{t('section.mother')}</h2>
        <dl className="props">
          {(
            [
              // Name and phone are absent when the reader may not see personal data.
              [t('motherName'), b.mother.name || null],
              [t('motherPhone'), b.mother.phone || null],
              [
                t('age'),
                b.mother.age ?? (b.mother.birthYear ? `${t('birthYear')} ${b.mother.birthYear}` : '—'),
              ],
              [t('parity'), b.mother.parity ?? '—'],
              [t('commune'), b.mother.communeName ?? '—'],
            ] as const
          ).map(([label, value]) =>
            value === null ? null : (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ),
          )}
        </dl>
        {b.personalDataHidden ? <p className="muted">{t('personalHidden')}</p> : null}
        {b.delivery.flags.length ? (
          <ul className="flag-list">
            {b.delivery.flags.map((f) => (
              <li key={f}>{flagText(f, b.delivery.deviationReasons)}</li>
            ))}
          </ul>
        ) : null}
      </section>
      {b.newborns.map(baby)}
      <button type="button" className="btn btn--secondary" onClick={() => setDialog('history')}>
        {t('history')}
      </button>
      <Dialog open={dialog === 'discharge'} title={t('recordDischarge')} onClose={() => setDialog('none')}>
        <DischargeForm birth={b} onDone={() => setDialog('none')} />
      </Dialog>
      <Dialog open={dialog === 'history'} title={t('history')} onClose={() => setDialog('none')}>
        <BirthHistory id={b.id} />
      </Dialog>
    </>
  );
}
