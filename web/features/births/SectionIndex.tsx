import { useTranslation } from 'react-i18next';
import type { FormSection } from './form-sections';

type Props = {
  sections: readonly FormSection[];
  /** On a phone: the step shown, and how to go to another (the form checks the step it leaves). */
  step?: { current: number; go(index: number): void };
};

/**
 * The section index: where the midwife is, what is left, one tap to go there. On a desktop it is sticky
 * and scrolls to the section; on a phone it shows "Step n of N" and opens the step.
 */
export function SectionIndex({ sections, step }: Props) {
  const { t } = useTranslation('births');
  const done = sections.filter((s) => s.state === 'done').length;
  return (
    <nav
      className={`section-index${step ? ' section-index--steps' : ''}`}
      aria-label={t(step ? 'steps.label' : 'index.label')}
    >
      <p className="section-index__progress">
        <progress max={sections.length} value={step ? step.current + 1 : done} aria-hidden="true" />
        <span>
          {step
            ? t('steps.progress', { n: step.current + 1, total: sections.length })
            : t('index.progress', { done, total: sections.length })}
        </span>
      </p>
      <ol>
        {sections.map((s, i) => (
          <li key={s.anchor}>
            <button
              type="button"
              className={`section-index__item section-index__item--${s.state}`}
              aria-current={step?.current === i ? 'step' : undefined}
              onClick={() => {
                if (step) step.go(i);
                else document.getElementById(s.anchor)?.scrollIntoView({ block: 'start' });
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
