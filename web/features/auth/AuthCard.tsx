import type { FormEvent, ReactNode } from 'react';

/** The single card of the signed-out screens (sign in, change the administrator's password). */
export function AuthCard({
  title,
  intro,
  onSubmit,
  above,
  children,
}: {
  title: string;
  intro: string;
  onSubmit: (e: FormEvent) => void;
  /** Shown above the title (the language switch). */
  above?: ReactNode;
  /** The form's fields and its submit button. */
  children: ReactNode;
}) {
  return (
    <main className="login" id="main">
      <div className="login__card">
        {above}
        <h1>{title}</h1>
        <p className="muted">{intro}</p>
        <form onSubmit={onSubmit} noValidate>
          {children}
        </form>
      </div>
    </main>
  );
}
