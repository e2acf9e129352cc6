import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The filters of a list page, applied with one Search button (not on every keystroke: each search is a
 * request over a slow connection).
 */
export function FilterForm({
  onSubmit,
  label,
  children,
  note,
}: {
  onSubmit: (e: FormEvent) => void;
  /** The form's accessible name, where the page has more than one form. */
  label?: string;
  /** The filter fields. */
  children: ReactNode;
  /** A hint under the Search button. */
  note?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <form className="filters card" onSubmit={onSubmit} aria-label={label}>
      {children}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary">
          {t('search')}
        </button>
      </div>
      {note}
    </form>
  );
}
