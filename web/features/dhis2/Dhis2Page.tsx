import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dhis2Mapping } from '../../../shared/dhis2/dhis2-exchange.schema';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FieldShell, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { createMapping, dhis2Keys, listMappings } from './dhis2.api';
import { ExportPanel } from './ExportPanel';
import { MonthlyPushPanel } from './MonthlyPushPanel';
import { MappingEditor } from './MappingEditor';

/** DHIS2 aggregate exchange (docs/dhis2.md): mappings, then the values of an area and period. */
export default function Dhis2Page() {
  const { t } = useTranslation('dhis2');
  const mappings = useQuery({ queryKey: dhis2Keys.mappings, queryFn: listMappings });
  const [openId, setOpenId] = useState<string | null>(null);
  const open = mappings.data?.find((m) => m.id === openId) ?? null;
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      <section className="card" aria-labelledby="dhis2-mappings">
        <h2 id="dhis2-mappings">{t('mappings')}</h2>
        {mappings.isPending ? <Loading /> : null}
        {mappings.isError ? <ErrorMessage error={mappings.error} /> : null}
        {mappings.data?.length === 0 ? <p className="muted">{t('noMappings')}</p> : null}
        {mappings.data?.length ? (
          <DataTable
            rows={mappings.data}
            rowKey={(m) => m.id}
            columns={[
              { header: t('mappingName'), cell: (m) => m.name, isRowHeader: true },
              { header: t('dataSet'), cell: (m) => m.dataSet.name },
              { header: t('periodType'), cell: (m) => m.dataSet.periodType },
              { header: t('version'), cell: (m) => m.version },
              { header: t('rowCount'), cell: (m) => m.rows.length },
              {
                header: '',
                cell: (m) => (
                  <button type="button" className="btn btn--secondary" onClick={() => setOpenId(m.id)}>
                    {t('open')}
                  </button>
                ),
              },
            ]}
          />
        ) : null}
        <NewMappingForm onCreated={(m) => setOpenId(m.id)} />
      </section>
      {open ? (
        <>
          <MappingEditor key={open.id} mapping={open} />
          <ExportPanel mapping={open} />
          <MonthlyPushPanel mapping={open} />
        </>
      ) : null}
    </>
  );
}

function NewMappingForm({ onCreated }: { onCreated(m: Dhis2Mapping): void }) {
  const { t } = useTranslation('dhis2');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const mutation = useMutation({
    mutationFn: async () => {
      let metadata: unknown;
      try {
        metadata = JSON.parse(file ? await file.text() : '');
      } catch {
        setFileError(t('notJson'));
        throw new Error(t('notJson'));
      }
      return createMapping(name, metadata);
    },
    onSuccess: async (m) => {
      await queryClient.invalidateQueries({ queryKey: dhis2Keys.mappings });
      onCreated(m);
    },
  });
  const { fieldErrors, hasFieldErrors, formError } = formErrorsOf(mutation.error);
  const metadataError =
    fieldErrors.metadata ?? Object.entries(fieldErrors).find(([k]) => k.startsWith('metadata.'))?.[1];
  return (
    <form onSubmit={submitWith(mutation)} noValidate className="form">
      <h3>{t('newMapping')}</h3>
      <TextField
        label={t('mappingName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldErrors.name}
        maxLength={200}
        required
      />
      <FieldShell
        label={t('metadataFile')}
        hint={t('metadataHint')}
        error={fileError ?? metadataError}
        required
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            type="file"
            accept=".json,application/json"
            aria-describedby={describedBy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError(undefined);
            }}
          />
        )}
      </FieldShell>
      <FormFooter
        formError={fileError ? null : formError}
        hasFieldErrors={hasFieldErrors}
        pending={mutation.isPending}
        submitLabel={t('newMapping')}
      />
    </form>
  );
}
