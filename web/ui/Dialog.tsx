import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal on the native <dialog> element: focus moves into it, Escape closes it, and the page behind
 * is inert, without a library.
 */
export function Dialog({
  title,
  open,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // One id per dialog: a page with two dialogs must not name both by the first one's title.
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <div className="dialog__header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn--ghost" onClick={onClose} aria-label={t('close')}>
          ×
        </button>
      </div>
      {open ? children : null}
    </dialog>
  );
}
