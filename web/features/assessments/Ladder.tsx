import { useTranslation } from 'react-i18next';
import type { Ladder as LadderData } from '../../../shared/assessments/assessment.schema';
import { formatDate } from '../../lib/format';
import { useLocalized } from './use-localized';

/** The EENC status ladder: each step with the date it was reached, the current one emphasised. */
export function Ladder({ ladder, compact = false }: { ladder: LadderData; compact?: boolean }) {
  const { t } = useTranslation('assessments');
  const { locale } = useLocalized();
  return (
    <section aria-labelledby="ladder-title" className={compact ? 'ladder ladder--compact' : 'ladder'}>
      <h2 id="ladder-title">{t('ladderTitle')}</h2>
      <ol className="ladder__steps">
        {ladder.steps.map((s) => (
          <li
            key={s.step}
            className={`ladder__step${s.date ? ' ladder__step--reached' : ''}${ladder.current === s.step ? ' ladder__step--current' : ''}`}
            aria-current={ladder.current === s.step ? 'step' : undefined}
          >
            <span className="ladder__name">{t(`ladder.${s.step}`)}</span>
            <span className="ladder__date">
              {s.date ? t('ladderReached', { date: formatDate(s.date, locale) }) : t('ladderNotYet')}
            </span>
            {s.step === 'introduced' && s.date && ladder.introducedFrom ? (
              <span className="ladder__source muted"> ({t(`introducedFrom.${ladder.introducedFrom}`)})</span>
            ) : null}
          </li>
        ))}
      </ol>
      {compact ? null : (
        <p className="muted">
          {ladder.current ? t('ladderCurrent', { step: t(`ladder.${ladder.current}`) }) : t('ladderNone')}
        </p>
      )}
    </section>
  );
}
