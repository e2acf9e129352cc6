import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { getKmcBaby, kmcKeys } from './kmc.api';
import { babyBadges, logAnswerText, ruleLabel, specialCareText } from './kmc-labels';
import { KMC_LOG_CHECKS } from '../../../shared/kmc/kmc-discharge';

import { StartForm } from './StartForm';
import { LogSection } from './LogSection';
import { DischargeForm } from './DischargeForm';
import { GraduationForm } from './GraduationForm';

/** One baby's KMC: eligibility under the rule, the start, the daily log, the discharge. */
export default function KmcBabyPage() {
  const { t, i18n } = useTranslation('kmc');
  const locale = i18n.language;
  const { newbornId = '' } = useParams();
  const can = useCan();
  const q = useQuery({ queryKey: kmcKeys.baby(newbornId), queryFn: () => getKmcBaby(newbornId) });
  if (q.isPending) return <Loading />;
  if (!q.data) return <ErrorMessage error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  const canWrite = can('record.write');
  const value = (v: number | null) => (v === null ? t('unknown') : formatNumber(v, locale));
  const rule = ruleLabel(t, b.rule);
  return (
    <>
      <PageHeader
        title={`${b.motherName ?? t('record', { number: b.recordNumber })} · ${t('baby', { n: b.birthOrder })}`}
        intro={`${t('born', { date: formatDateTime(b.bornAt, locale) })} · ${t('weightWeeks', {
          grams: value(b.birthWeightGrams),
          weeks: value(b.gestationalAgeWeeks),
        })} · ${b.facilityName}`}
      >
        <Link className="btn btn--ghost" to="/kmc">
          {t('back')}
        </Link>
      </PageHeader>
      {b.specialCare ? (
        <p
          className={`alert ${b.specialCareHere === true ? 'alert--warn' : 'alert--error'}`}
          data-special-care={String(b.specialCareHere)}
        >
          {specialCareText(t, b, locale)}
        </p>
      ) : null}
      <p className="muted">{b.ruleIsCurrent ? t('ruleCurrent', { rule }) : t('ruleOfDay', { rule })}</p>
      <p className="pnc-card__markers">
        <span className="badge">{t(`status.${b.status}`)}</span>{' '}
        {babyBadges(t, b).map((x) => (
          <span key={x.key} className={`badge ${x.danger ? 'badge--danger' : 'badge--warn'}`}>
            {x.text}
          </span>
        ))}
      </p>
      {b.episode?.startedAt ? (
        <p>
          {formatDateTime(b.episode.startedAt, locale)} · {b.place ? t(`place.${b.place}`) : ''} ·{' '}
          {b.episode.provider ? t(`provider.${b.episode.provider}`) : ''} ·{' '}
          {b.immediate ? t('immediate') : t('notImmediate')}
        </p>
      ) : null}
      {b.episode?.discharge ? (
        <p className="card">
          {t('closedOn', {
            date: formatDate(b.episode.discharge.dischargedOn, locale),
            outcome: t(`outcome.${b.episode.discharge.outcome}`),
          })}
          {KMC_LOG_CHECKS.map((c) => {
            const recorded = b.episode!.discharge!.fromLog?.[c];
            return recorded?.overrideReason ? (
              <span key={c} className="muted small" style={{ display: 'block' }}>
                {t('fromLogLine', {
                  check: t(`check.${c}`, { days: b.dischargeCheckRule.kmcWeightGainDays }),
                  fromLog: logAnswerText(t, recorded.fromLog),
                  answer: logAnswerText(t, b.episode!.discharge!.checks[c]),
                  reason: recorded.overrideReason,
                })}
              </span>
            ) : null;
          })}
        </p>
      ) : null}
      {b.inFollowUp ? (
        <p className="card" role="status">
          {t('inFollowUp')}
        </p>
      ) : null}
      {b.episode?.graduation ? (
        <p className="card">
          {t('graduatedOnLine', {
            date: formatDate(b.episode.graduation.graduatedOn, locale),
            grams: value(b.episode.graduation.weightGrams),
            weeks: value(b.episode.graduation.pmaWeeks),
          })}
        </p>
      ) : null}
      {canWrite && b.status === 'not_started' ? <StartForm data={b} /> : null}
      {b.status !== 'not_started' && b.episode?.startedAt ? (
        <LogSection data={b} canWrite={canWrite && b.status === 'in_kmc'} />
      ) : null}
      {canWrite && b.status === 'in_kmc' ? <DischargeForm data={b} /> : null}
      {canWrite && b.inFollowUp ? <GraduationForm data={b} /> : null}
    </>
  );
}
