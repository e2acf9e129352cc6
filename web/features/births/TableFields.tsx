import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyField } from '../../../shared/births/field-table';
import { ChoiceField } from '../../ui/ChoiceField';
import { TextField } from '../../ui/Field';
import { type FormCtx, fromTriValue, triValue } from './form-context';

/** A field of a table that a section renders by itself: its key in the section's draft, and its entry. */
type PlainField = { key: string; field: AnyField & { form: NonNullable<AnyField['form']>; label: string } };

/** The entries of a table that name `section` (in table order), keyed as in the section's draft. */
export function plainFields(fields: readonly AnyField[], section: string): PlainField[] {
  return fields.flatMap((f) =>
    f.section === section && f.form && f.label && f.path
      ? [{ key: f.path.slice(f.path.lastIndexOf('.') + 1), field: { ...f, form: f.form, label: f.label } }]
      : [],
  );
}

/**
 * The plain inputs of a form section, made from the field table: the form kind gives the input, the
 * label key its text in the births catalogue (a choice's options are `<label>.<value>`). A field added
 * to the table with a `section` appears here without a component change. `after` places a section's
 * own element right after one of these fields (the minutes of a uterotonic after "given").
 */
export function TableFields({
  fields,
  draft,
  set,
  ctx,
  errorPrefix = '',
  name = (key) => key,
  after = {},
}: {
  fields: readonly PlainField[];
  /** The section's slice of the draft; the fields' values are strings there. */
  draft: object;
  set(patch: Record<string, string>): void;
  ctx: FormCtx;
  /** What comes before a field's path in the paths of errors (`newborns.0.` for a baby's `apgar1`). */
  errorPrefix?: string;
  /** The name of a radio group, unique in the page (one per baby). */
  name?: (key: string) => string;
  after?: Partial<Record<string, ReactNode>>;
}) {
  const { t } = useTranslation('births');
  return fields.map(({ key, field }) => {
    const path = errorPrefix + field.path!;
    const value = (draft as Record<string, string | undefined>)[key] ?? '';
    const input =
      field.form === 'yesNo' ? (
        <ChoiceField
          legend={t(field.label)}
          name={name(key)}
          value={triValue(value as '' | 'yes' | 'no')}
          options={ctx.triOptions}
          onChange={(v) => set({ [key]: fromTriValue(v) })}
          error={ctx.err(path)}
        />
      ) : field.form === 'choice' || field.form === 'requiredChoice' ? (
        <ChoiceField
          legend={t(field.label)}
          name={name(key)}
          value={value}
          options={(field.values ?? []).map((v) => ({ value: v, label: t(`${field.label}.${v}`) }))}
          onChange={(v) => set({ [key]: v })}
          error={ctx.err(path)}
          required={field.form === 'requiredChoice'}
        />
      ) : (
        <TextField
          label={t(field.label)}
          inputMode={field.form !== 'number' ? undefined : field.sql === 'numeric' ? 'decimal' : 'numeric'}
          value={value}
          onChange={(e) => set({ [key]: e.target.value })}
          onBlur={() => ctx.touch(path)}
          error={ctx.err(path)}
        />
      );
    return (
      <Fragment key={key}>
        {input}
        {after[key]}
      </Fragment>
    );
  });
}
