import { type FormEvent, useState } from 'react';
import { ApiError, issuesByPath } from './api-client';

/**
 * What a form shows of a failed request: the issues the server named by field path (shown next to
 * the fields), and the failure no field can show (network, conflict, forbidden), or null when the
 * fields already say it.
 */
export function formErrorsOf(error: unknown): {
  fieldErrors: Record<string, string>;
  hasFieldErrors: boolean;
  formError: unknown;
} {
  const fieldErrors = error instanceof ApiError ? issuesByPath(error.issues) : {};
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  return { fieldErrors, hasFieldErrors, formError: hasFieldErrors ? null : error };
}

/** A form's submit handler for a mutation that takes no argument: the browser does not navigate. */
export function submitWith(mutation: { mutate: () => void }) {
  return (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
}

/**
 * Text values of a form kept in one state object; `bind(key)` gives an input its value and change
 * handler, so each field is written once in the JSX.
 */
export function useFormValues<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const bind = (key: keyof T & string) => ({
    value: values[key],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });
  return { values, setValues, bind };
}
