import { type ReactNode, useId } from 'react';
import { FieldError } from './Field';

type Option<T extends string> = { value: T; label: string };

/**
 * A radio group in a fieldset: one tap on a phone, arrow keys on a keyboard, announced as a group.
 * Used for short closed lists (sex, mode of birth, yes/no).
 */
export function ChoiceField<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  error,
  required,
}: {
  legend: ReactNode;
  name: string;
  value: T | '';
  options: ReadonlyArray<Option<T>>;
  onChange(value: T): void;
  error?: string | undefined;
  required?: boolean;
}) {
  const id = useId();
  return (
    <fieldset
      className={`choice${error ? ' field--invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend>
        {legend}
        {required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      <div className="choice__options">
        {options.map((o) => (
          <label key={o.value} className={`choice__option${value === o.value ? ' choice__option--on' : ''}`}>
            <input
              type="radio"
              name={`${name}-${id}`}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}
