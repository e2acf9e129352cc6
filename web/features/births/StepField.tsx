import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../ui/Field';

type Props = {
  label: string;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  error?: string | undefined;
  /** Elapsed time since birth in this field's unit, or null when the time of birth is unknown or ahead. */
  elapsed: (() => number | null) | null;
  unit: 'seconds' | 'minutes' | 'hours';
};

/**
 * A time after birth with a one-tap "Now" button, so a midwife recording as she works does not have to
 * do arithmetic. Decimal comma or point are both accepted.
 */
export function StepField({ label, value, onChange, onBlur, error, elapsed, unit }: Props) {
  const { t } = useTranslation('births');
  const id = useId();
  return (
    <div className={`field step${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="step__row">
        <input
          id={id}
          type="text"
          inputMode={unit === 'seconds' ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button
          type="button"
          className="btn btn--secondary btn--small"
          aria-label={t('nowFor', { field: label })}
          disabled={!elapsed}
          onClick={() => {
            const v = elapsed?.();
            if (v !== null && v !== undefined) {
              onChange(String(unit === 'seconds' ? Math.round(v) : Math.round(v * 10) / 10));
              onBlur?.();
            }
          }}
        >
          {t('now')}
        </button>
      </div>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}
