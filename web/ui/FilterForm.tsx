import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The filters of a list page, applied with one Search button (not on every keystroke: each search is a
 * request over a slow connection). On a phone they fold behind one "Filters" button, so the list starts
 * on the first screen.
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
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        className="btn btn--secondary filters-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {t('filters')}
      </button>
      <form
        id={id}
        className={`filters card${open ? '' : ' filters--folded'}`}
        onSubmit={(e) => {
          onSubmit(e);
          setOpen(false);
        }}
        aria-label={label}
      >
        {children}
        <div className="form__actions">
          <button type="submit" className="btn btn--primary">
            {t('search')}
          </button>
        </div>
        {note}
      </form>
    </>
  );
}
