import { useTranslation } from 'react-i18next';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { tShared } from '../../lib/i18n';
import type { DraftWarning } from './birth-validation';
import { flagLabelParams } from './birth-validation';

type Props = {
  warnings: DraftWarning[];
  settings: EencSettings;
  reasonOf(w: DraftWarning): string;
  setReason(w: DraftWarning, reason: string): void;
};

/**
 * Practice deviations are not errors: they are saved with the record (they are the quality data), and
 * the clinician may say why.
 */
export function WarningsPanel({ warnings, settings, reasonOf, setReason }: Props) {
  const { t } = useTranslation('births');
  return (
    <section className="section warnings" aria-labelledby="warnings-title" aria-live="polite">
      <h2 id="warnings-title">{t('section.warnings')}</h2>
      {warnings.length === 0 ? (
        <p className="muted">{t('noWarnings')}</p>
      ) : (
        <>
          <p className="muted">{t('warningsIntro')}</p>
          <ul>
            {warnings.map((w) => {
              const label = tShared(`flag.${w.flag}`, flagLabelParams(w.flag, settings));
              const owner =
                w.owner === 'delivery' ? t('section.delivery') : t('section.baby', { n: w.owner + 1 });
              return (
                <li key={`${w.owner}-${w.flag}`}>
                  <strong>{owner}:</strong> {label}
                  <input
                    type="text"
                    className="warnings__reason"
                    aria-label={t('reasonFor', { flag: label })}
                    placeholder={t('reason')}
                    maxLength={500}
                    value={reasonOf(w)}
                    onChange={(e) => setReason(w, e.target.value)}
                  />
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
