import { useTranslation } from 'react-i18next';
import type { Issue } from '../../../shared/errors';
import type { BirthDraft } from './birth-draft';

type SectionState = 'done' | 'error' | 'todo';
export type FormSection = { anchor: string; label: string; state: SectionState };

const isStillbirth = (outcome: string) =>
  outcome === 'fresh_stillbirth' || outcome === 'macerated_stillbirth';
const CARE_PATH = /^newborns\.\d+\.(procedures|discharge|kmcInitiated)/;

/**
 * The sections of the birth form in the order a birth happens (mother, delivery, each baby's EENC
 * steps, each live baby's routine care), each complete when what it asks for is filled and nothing in it
 * is wrong. Errors count only once shown (`showErrors`), as the fields show them.
 */
export function formSections(
  draft: BirthDraft,
  issues: readonly Issue[],
  showErrors: boolean,
  label: (key: string, n?: number) => string,
): FormSection[] {
  const state = (filled: boolean, inSection: (path: string) => boolean): SectionState =>
    showErrors && issues.some((i) => inSection(i.path))
      ? 'error'
      : filled && !issues.some((i) => inSection(i.path))
        ? 'done'
        : 'todo';
  const sections: FormSection[] = [
    {
      anchor: 'mother-title',
      label: label('section.mother'),
      state: state(draft.mother.recordNumber.trim() !== '', (p) => p.startsWith('mother.')),
    },
    {
      anchor: 'delivery-title',
      label: label('section.delivery'),
      state: state(draft.delivery.bornAtLocal !== '' && draft.delivery.mode !== '', (p) =>
        p.startsWith('delivery.'),
      ),
    },
  ];
  draft.newborns.forEach((baby, i) => {
    const prefix = `newborns.${i}.`;
    sections.push({
      anchor: `baby-${i}-title`,
      label: label('section.baby', baby.birthOrder),
      state: state(baby.sex !== '' && baby.outcome !== '', (p) => p.startsWith(prefix) && !CARE_PATH.test(p)),
    });
    if (!isStillbirth(baby.outcome))
      sections.push({
        anchor: `care-${i}-title`,
        label: label('section.care', baby.birthOrder),
        state: state(
          Object.values(baby.procedures).every((p) => p.done !== ''),
          (p) => p.startsWith(prefix) && CARE_PATH.test(p),
        ),
      });
  });
  return sections;
}

/** The section index: where the midwife is, what is left, one tap to go there. Sticky on a phone. */
export function SectionIndex({ sections }: { sections: readonly FormSection[] }) {
  const { t } = useTranslation('births');
  const done = sections.filter((s) => s.state === 'done').length;
  return (
    <nav className="section-index" aria-label={t('index.label')}>
      <p className="section-index__progress">
        <progress max={sections.length} value={done} aria-hidden="true" />
        <span>{t('index.progress', { done, total: sections.length })}</span>
      </p>
      <ol>
        {sections.map((s) => (
          <li key={s.anchor}>
            <button
              type="button"
              className={`section-index__item section-index__item--${s.state}`}
              onClick={() => {
                const heading = document.getElementById(s.anchor);
                heading?.scrollIntoView({ block: 'start' });
              }}
            >
              <span aria-hidden="true">{s.state === 'done' ? '✓ ' : s.state === 'error' ? '! ' : ''}</span>
              {s.label}
              <span className="visually-hidden">{`: ${t(`index.${s.state}`)}`}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
