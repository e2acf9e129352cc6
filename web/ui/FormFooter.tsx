import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage';

/**
 * The end of a form: the failure no field shows, a reminder to fix the marked fields when the server
 * named some, and the submit button (disabled while saving) with the form's other buttons.
 */
export function FormFooter({
  formError,
  hasFieldErrors = false,
  pending,
  submitLabel,
  onCancel,
  children,
}: {
  formError: unknown;
  /** Say "correct the highlighted fields" under the fields (long forms, where the error may be off screen). */
  hasFieldErrors?: boolean;
  pending: boolean;
  /** Defaults to Save, which reads Saving… while the request runs. */
  submitLabel?: string;
  onCancel?: () => void;
  /** Further buttons after the submit (and cancel) button. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorMessage error={formError} />
      {hasFieldErrors ? <p className="alert alert--error">{t('error.fixFields')}</p> : null}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={pending}>
          {submitLabel ?? (pending ? t('saving') : t('save'))}
        </button>
        {onCancel ? (
          <button type="button" className="btn btn--secondary" onClick={onCancel}>
            {t('cancel')}
          </button>
        ) : null}
        {children}
      </div>
    </>
  );
}
