import { useId } from 'react';
import { CheckboxField, FieldError } from './Field';

/**
 * A set of checkboxes under one legend that picks any number of codes (danger signs, places,
 * genotypes); `selected` keeps the order of ticking. An error marks the set and is read with it.
 */
export function CheckList<T extends string>({
  legend,
  options,
  selected,
  onChange,
  label,
  error,
  className = 'fieldset',
  listClassName,
}: {
  legend: string;
  options: readonly T[];
  selected: readonly T[];
  onChange(selected: T[]): void;
  label(code: T): string;
  error?: string | undefined;
  /** The fieldset's class: `fieldset`, or `choice` for a set laid out like a radio group. */
  className?: string;
  /** When set, the boxes sit in a div of this class (a grid of many short signs). */
  listClassName?: string;
}) {
  const id = useId();
  const boxes = options.map((o) => (
    <CheckboxField
      key={o}
      label={label(o)}
      checked={selected.includes(o)}
      onChange={(e) => onChange(e.target.checked ? [...selected, o] : selected.filter((x) => x !== o))}
    />
  ));
  return (
    <fieldset className={`${className}${error ? ' field--invalid' : ''}`}>
      <legend>{legend}</legend>
      {listClassName ? <div className={listClassName}>{boxes}</div> : boxes}
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}
