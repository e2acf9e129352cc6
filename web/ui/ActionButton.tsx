import type { ReactNode } from 'react';

/**
 * A button that starts one piece of work (a mutation) outside a form's submit: disabled while that work
 * runs (`busy`, the mutation's `isPending`) or while what it needs is missing (`disabled`).
 */
export function ActionButton({
  variant = 'secondary',
  small = false,
  busy = false,
  disabled = false,
  onClick,
  children,
}: {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  small?: boolean;
  busy?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`btn btn--${variant}${small ? ' btn--small' : ''}`}
      disabled={busy || disabled}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
