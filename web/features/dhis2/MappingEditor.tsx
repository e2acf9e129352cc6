import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dhis2Mapping, Dhis2MappingRow } from '../../../shared/dhis2/dhis2-exchange.schema';
import { localize } from '../../../shared/i18n/localized-text';
import { DIMENSION_VALUES, type DimensionId } from '../../../shared/indicators/sources';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { SelectField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { getDefinitions, indicatorKeys } from '../indicators/indicators.api';
import { dhis2Keys, saveMapping } from './dhis2.api';

type Draft = {
  indicator: string;
  part: 'numerator' | 'denominator';
  dimension: DimensionId | '';
  value: string;
  dataElement: string;
  categoryOptionCombo: string;
};
const draftOf = (r: Dhis2MappingRow): Draft => ({
  ...r,
  dimension: r.dimension ?? '',
  value: r.value ?? '',
});
const rowOf = (d: Draft): Dhis2MappingRow => ({
  indicator: d.indicator,
  part: d.part,
  ...(d.dimension ? { dimension: d.dimension, value: d.value } : {}),
  dataElement: d.dataElement,
  categoryOptionCombo: d.categoryOptionCombo,
});

/**
 * The rows of a mapping: which count fills which DHIS2 data element and category option combo. Each row
 * is a small form group that stacks on a phone; saving makes a new version (the old one is kept).
 */
export function MappingEditor({ mapping }: { mapping: Dhis2Mapping }) {
  const { t, i18n } = useTranslation('dhis2');
  const { t: ti } = useTranslation('indicators');
  const queryClient = useQueryClient();
  const defs = useQuery({ queryKey: indicatorKeys.definitions, queryFn: getDefinitions });
  const [rows, setRows] = useState<Draft[]>(() => mapping.rows.map(draftOf));
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: () => saveMapping(mapping, rows.map(rowOf)),
    onSuccess: async (m) => {
      setSavedVersion(m.version);
      await queryClient.invalidateQueries({ queryKey: dhis2Keys.mappings });
    },
  });
  const { fieldErrors, hasFieldErrors, formError } = formErrorsOf(mutation.error);
  const set = (i: number, patch: Partial<Draft>) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const items = defs.data?.items ?? [];
  const blank: Draft = {
    indicator: items[0]?.id ?? '',
    part: 'numerator',
    dimension: '',
    value: '',
    dataElement: mapping.dataElements[0]?.id ?? '',
    categoryOptionCombo: mapping.categoryOptionCombos[0]?.id ?? '',
  };

  return (
    <section className="card" aria-labelledby="dhis2-rows">
      <h2 id="dhis2-rows">
        {mapping.name}: {t('rows')}
      </h2>
      <form onSubmit={submitWith(mutation)} noValidate className="form">
        {rows.map((r, i) => {
          const def = items.find((d) => d.id === r.indicator);
          const err = (field: string) => fieldErrors[`rows.${i}.${field}`];
          return (
            <fieldset key={i} className="fieldset">
              <legend>#{i + 1}</legend>
              <SelectField
                label={t('indicator')}
                value={r.indicator}
                onChange={(e) => set(i, { indicator: e.target.value, dimension: '', value: '' })}
                options={items.map((d) => ({ value: d.id, label: localize(d.name, i18n.language) }))}
                error={err('indicator')}
              />
              <SelectField
                label={t('part')}
                value={r.part}
                onChange={(e) => set(i, { part: e.target.value as Draft['part'] })}
                options={(def?.denominator ? ['numerator', 'denominator'] : ['numerator']).map((p) => ({
                  value: p,
                  label: t(`part.${p}`),
                }))}
                error={err('part')}
              />
              <SelectField
                label={t('dimension')}
                value={r.dimension}
                onChange={(e) => set(i, { dimension: e.target.value as DimensionId | '', value: '' })}
                placeholder={t('noDimension')}
                options={(def?.disaggregations ?? []).map((d) => ({ value: d, label: ti(`dim.${d}`) }))}
                error={err('dimension')}
              />
              {r.dimension ? (
                <SelectField
                  label={t('value')}
                  value={r.value}
                  onChange={(e) => set(i, { value: e.target.value })}
                  placeholder="—"
                  options={DIMENSION_VALUES[r.dimension].map((v) => ({ value: v, label: ti(`val.${v}`) }))}
                  error={err('value')}
                />
              ) : null}
              <SelectField
                label={t('dataElement')}
                value={r.dataElement}
                onChange={(e) => set(i, { dataElement: e.target.value })}
                options={mapping.dataElements.map((d) => ({ value: d.id, label: d.name }))}
                error={err('dataElement')}
              />
              <SelectField
                label={t('combo')}
                value={r.categoryOptionCombo}
                onChange={(e) => set(i, { categoryOptionCombo: e.target.value })}
                options={mapping.categoryOptionCombos.map((c) => ({ value: c.id, label: c.name }))}
                error={err('categoryOptionCombo')}
              />
              <button
                type="button"
                className="btn btn--secondary"
                onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
              >
                {t('removeRow', { n: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() => setRows((all) => [...all, blank])}
        >
          {t('addRow')}
        </button>
        <div aria-live="polite">
          {savedVersion !== null && !mutation.isPending && !mutation.error ? (
            <p className="alert alert--success">{t('saved', { version: savedVersion })}</p>
          ) : null}
        </div>
        <FormFooter formError={formError} hasFieldErrors={hasFieldErrors} pending={mutation.isPending} />
      </form>
    </section>
  );
}
