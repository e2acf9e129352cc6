import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type PickerOption = { id: string; name: string };

type Props<T extends PickerOption> = {
  label: string;
  value: PickerOption | null;
  onChange(option: T | null): void;
  /** What to ask the server for a search of at least two characters. */
  search(q: string): Promise<T[]>;
  /** React Query key of the search, without the text typed (added here). */
  queryKey: readonly unknown[];
  /** Shown after the name in each result (kind, code, district…). */
  describe(option: T): ReactNode;
  /** The accessible name of a result's button, when more than its name is needed to tell it apart. */
  chooseLabel?(option: T): string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
};

const MIN_SEARCH = 2;

/**
 * Search-and-choose: a labelled search box and a list of result buttons. Usable by keyboard (Tab, or
 * arrow down from the box into the results and up and down among them; Escape back to the box) and by
 * screen reader (label, hint and error linked to the box; the choice announced politely).
 */
export function SearchPicker<T extends PickerOption>(props: Props<T>) {
  const { label, value, onChange, search, queryKey, describe, chooseLabel, hint, error, required } = props;
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [q, setQ] = useState('');
  const text = q.trim();
  const results = useQuery({
    queryKey: [...queryKey, text],
    queryFn: () => search(text),
    enabled: text.length >= MIN_SEARCH,
  });
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');

  const options = () => [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  const onInputKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown') return;
    const first = options()[0];
    if (first) {
      e.preventDefault();
      first.focus();
    }
  };
  const onOptionKey = (e: KeyboardEvent) => {
    const all = options();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || (e.key === 'ArrowUp' && at <= 0)) {
      e.preventDefault();
      input.current?.focus();
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      all[Math.min(all.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1))]?.focus();
    }
  };

  return (
    <div className={`field picker${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <p className="picker__chosen" aria-live="polite">
        {value ? t('pickerChosen', { name: value.name }) : t('pickerNoneChosen')}
        {value ? (
          <button type="button" className="btn btn--ghost btn--small" onClick={() => onChange(null)}>
            {t('pickerClear')}
          </button>
        ) : null}
      </p>
      <input
        ref={input}
        id={id}
        type="search"
        value={q}
        placeholder={tc('searchPlaceholder')}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={onInputKey}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={describedBy || undefined}
        autoComplete="off"
      />
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
      {text.length >= MIN_SEARCH && results.data ? (
        <ul className="picker__results" aria-label={t('pickerLabel')} ref={list}>
          {results.data.length === 0 ? <li className="muted">{tc('noResults')}</li> : null}
          {results.data.map((option) => (
            <li key={option.id}>
              <button
                type="button"
                className="btn btn--ghost picker__option"
                onKeyDown={onOptionKey}
                aria-label={chooseLabel ? chooseLabel(option) : t('pickerChoose', { name: option.name })}
                onClick={() => {
                  onChange(option);
                  setQ('');
                  input.current?.focus();
                }}
              >
                {option.name} <span className="muted">· {describe(option)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
