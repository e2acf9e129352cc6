import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit, OrgUnitKind } from '../../../shared/org-units/org-unit.schema';
import { listOrgUnits } from './org-units.api';

type Props = {
  label: string;
  value: Pick<OrgUnit, 'id' | 'name'> | null;
  onChange(unit: OrgUnit | null): void;
  kinds?: readonly OrgUnitKind[];
  error?: string | undefined;
  required?: boolean;
};

/**
 * Search-and-choose for one org unit within the user's scope (used for parents, user scopes and a
 * mother's commune). Results are plain buttons in a list: usable by keyboard and screen reader alike.
 */
export function OrgUnitPicker({ label, value, onChange, kinds, error, required }: Props) {
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const search = q.trim();
  const results = useQuery({
    queryKey: ['org-units', 'picker', search, kinds],
    queryFn: async () => {
      const units = await listOrgUnits({ q: search, limit: 30 });
      return kinds ? units.filter((u) => kinds.includes(u.kind)) : units;
    },
    enabled: search.length >= 2,
  });
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
        id={id}
        type="search"
        value={q}
        placeholder={tc('searchPlaceholder')}
        onChange={(e) => setQ(e.target.value)}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        autoComplete="off"
      />
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
      {search.length >= 2 && results.data ? (
        <ul className="picker__results" aria-label={t('pickerLabel')}>
          {results.data.length === 0 ? <li className="muted">{tc('noResults')}</li> : null}
          {results.data.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="btn btn--ghost picker__option"
                aria-label={t('pickerChoose', { name: u.name })}
                onClick={() => {
                  onChange(u);
                  setQ('');
                }}
              >
                {u.name}{' '}
                <span className="muted">
                  · {tc(`kind.${u.kind}`)} · {u.code}
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
