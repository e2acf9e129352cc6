import type { ReactNode } from 'react';
import { submitWith } from '../lib/use-form-mutation';

/**
 * A form in a card under its heading, named by it (so it is found as a form by that name), that sends
 * `mutation` on submit without the browser navigating; the fields check on the server (noValidate).
 */
export function FormCard({
  title,
  mutation,
  children,
}: {
  title: string;
  mutation: { mutate: () => void };
  children: ReactNode;
}) {
  return (
    <form className="form card" onSubmit={submitWith(mutation)} noValidate aria-label={title}>
      <h2>{title}</h2>
      {children}
    </form>
  );
}
