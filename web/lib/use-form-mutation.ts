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
 * handler, `choice(key)` the same for a radio group (ChoiceField hands over the value, not an event),
 * and `fieldsWith(errors)` a `field(key)` that adds the server's error for that key, so each field is
 * written once in the JSX, on one line.
 */
export function useFormValues<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const set = <K extends keyof T>(key: K, value: T[K]) => setValues((v) => ({ ...v, [key]: value }));
  const bind = <K extends keyof T & string>(key: K) => ({
    value: values[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as T[K]),
  });
  const choice = <K extends keyof T & string>(key: K) => ({
    name: key,
    value: values[key],
    onChange: (value: T[K]) => set(key, value),
  });
  const fieldsWith =
    (errors: Record<string, string>) =>
    <K extends keyof T & string>(key: K) => ({ ...bind(key), error: errors[key] });
  return { values, setValues, bind, choice, fieldsWith };
}
