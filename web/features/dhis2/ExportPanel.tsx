import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dhis2Mapping } from '../../../shared/dhis2/dhis2-exchange.schema';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { formatNumber } from '../../lib/format';
import { formErrorsOf } from '../../lib/use-form-mutation';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { dataValuesUrl, getDataValues, pushDataValues } from './dhis2.api';
import { ActionButton } from '../../ui/ActionButton';

const SHOWN = 100;

/** The values of an area and period under one mapping: shown, downloaded as DHIS2 CSV, checked or sent. */
export function ExportPanel({ mapping }: { mapping: Dhis2Mapping }) {
  const { t, i18n } = useTranslation('dhis2');
  const locale = i18n.language;
  const [unit, setUnit] = useState<OrgUnit | null>(null);
  const [period, setPeriod] = useState(String(new Date().getFullYear() - 1));
  const preview = useMutation({ mutationFn: () => getDataValues(mapping.id, unit!.id, period.trim()) });
  const push = useMutation({
    mutationFn: (dryRun: boolean) => pushDataValues(mapping.id, unit!.id, period.trim(), dryRun),
  });
  const errors = formErrorsOf(preview.error ?? push.error);
  const names = Object.fromEntries(mapping.dataElements.map((d) => [d.id, d.name]));
  const combos = Object.fromEntries(mapping.categoryOptionCombos.map((c) => [c.id, c.name]));
  const summary = preview.data;
  const result = push.data;

  return (
    <section className="card" aria-labelledby="dhis2-export">
      <h2 id="dhis2-export">{t('exportTitle')}</h2>
      <div className="form">
        <OrgUnitPicker
          label={t('orgUnit')}
          value={unit}
          onChange={setUnit}
          error={errors.fieldErrors.orgUnit}
          required
        />
        <TextField
          label={t('period')}
          hint={t('periodHint')}
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          error={errors.fieldErrors.period}
          required
        />
        <div className="form__actions">
          <ActionButton
            variant="primary"
            busy={preview.isPending}
            disabled={!unit}
            onClick={() => preview.mutate()}
          >
            {t('preview')}
          </ActionButton>
          {unit ? (
            <a
              className="btn btn--secondary"
              href={dataValuesUrl(mapping.id, unit.id, period.trim(), 'csv')}
              download
            >
              {t('downloadCsv')}
            </a>
          ) : null}
          {/* A dry run first: DHIS2 checks the values without storing them. */}
          {([true, false] as const).map((dryRun) => (
            <ActionButton
              key={String(dryRun)}
              busy={push.isPending}
              disabled={!unit}
              onClick={() => push.mutate(dryRun)}
            >
              {t(dryRun ? 'dryRun' : 'send')}
            </ActionButton>
          ))}
        </div>
      </div>
      <div aria-live="polite">
        <ErrorMessage error={errors.formError} />
        {result ? (
          <p className={result.conflicts.length ? 'alert alert--error' : 'alert alert--success'}>
            {t('pushResult', {
              mode: t(result.dryRun ? 'pushMode.dry' : 'pushMode.real'),
              status: result.status,
              imported: formatNumber(result.imported, locale),
              updated: formatNumber(result.updated, locale),
              ignored: formatNumber(result.ignored, locale),
              values: formatNumber(result.values, locale),
            })}
          </p>
        ) : null}
        {result?.conflicts.length ? (
          <>
            <p>{t('conflicts')}</p>
            <ul>
              {result.conflicts.map((c, i) => (
                <li key={i}>
                  {c.object}: {c.value}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {summary ? (
          <p>
            {t('summary', {
              values: formatNumber(summary.values, locale),
              periods: summary.periods.join(', '),
            })}
          </p>
        ) : null}
        {summary?.unitsWithoutDhis2Id.length ? (
          <p className="muted">
            {t('withoutId', {
              count: summary.unitsWithoutDhis2Id.length,
              units: summary.unitsWithoutDhis2Id.map((u) => u.name).join(', '),
            })}
          </p>
        ) : null}
      </div>
      {summary?.dataValues.length ? (
        <DataTable
          rows={summary.dataValues.slice(0, SHOWN)}
          rowKey={(v) => `${v.dataElement}.${v.categoryOptionCombo}.${v.period}.${v.orgUnit}`}
          columns={[
            { header: t('dataElement'), cell: (v) => names[v.dataElement] ?? v.dataElement },
            { header: t('combo'), cell: (v) => combos[v.categoryOptionCombo] ?? v.categoryOptionCombo },
            { header: t('period'), cell: (v) => v.period },
            { header: t('orgUnitCol'), cell: (v) => v.orgUnit },
            { header: t('value'), cell: (v) => formatNumber(Number(v.value), locale), className: 'num' },
          ]}
        />
      ) : null}
    </section>
  );
}
