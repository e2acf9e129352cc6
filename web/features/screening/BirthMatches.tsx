import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ScreeningClientDetail } from '../../../shared/screening/screening.schema';
import { formatDate } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { decideBirthMatch, listBirthMatches, screeningKeys } from './screening.api';

/** The two answers to a suggested birth, the confirmation first and marked as the main action. */
const DECISIONS = [
  { decision: 'confirm', className: 'btn btn--small btn--primary', label: 'matchConfirm' },
  { decision: 'reject', className: 'btn btn--small', label: 'matchReject' },
] as const;

/**
 * Birth records whose mother may be this woman, registered by hand before (docs/screening.md): the same
 * phone, or the same name and year of birth. The worker confirms (one person: she is linked to the
 * birth) or rejects (not proposed again).
 */
export function BirthMatches({ client }: { client: ScreeningClientDetail }) {
  const { t, i18n } = useTranslation('screening');
  const queryClient = useQueryClient();
  const matches = useQuery({
    queryKey: screeningKeys.matches(client.id),
    queryFn: () => listBirthMatches(client.id),
  });
  const decide = useMutation({
    mutationFn: (d: { birthId: string; decision: 'confirm' | 'reject' }) =>
      decideBirthMatch(client.id, d.birthId, { decision: d.decision, version: client.version }),
    onSuccess: (c) => {
      queryClient.setQueryData(screeningKeys.client(c.id), c);
      void queryClient.invalidateQueries({ queryKey: screeningKeys.matches(c.id) });
    },
  });
  const items = matches.data?.items ?? [];
  if (items.length === 0 && !matches.error) return null;
  return (
    <section className="card" aria-labelledby="birth-matches">
      <h2 id="birth-matches">{t('matchesTitle')}</h2>
      <p className="muted small">{t('matchesIntro')}</p>
      <ErrorMessage error={matches.error ?? decide.error} />
      <ul className="pnc-list">
        {items.map((m) => (
          <li key={m.birthId} className="pnc-card">
            <div className="pnc-card__head">
              <strong>{m.motherName ?? t('matchMother')}</strong>
              <span className="badge">
                {[m.samePhone ? t('matchPhone') : null, m.sameName ? t('matchName') : null]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </div>
            <p className="muted small">
              {t('matchBirth', { date: formatDate(m.birthDate, i18n.language), place: m.facilityName })}
              {m.motherBirthYear !== null ? ` · ${t('birthYear')} ${m.motherBirthYear}` : ''}
              {m.motherPhone ? ` · ${m.motherPhone}` : ''}
            </p>
            <div className="pnc-card__actions">
              {DECISIONS.map(({ decision, className, label }) => (
                <button
                  key={decision}
                  type="button"
                  className={className}
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ birthId: m.birthId, decision })}
                >
                  {t(label)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
