import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ChecklistVersion,
  ChecklistVersionSummary,
} from '../../../shared/assessments/assessment.schema';
import type { ChecklistDefinition } from '../../../shared/assessments/checklist.schema';
import { validateChecklistDefinition } from '../../../shared/assessments/checklist-validation';
import type { Issue } from '../../../shared/errors';
import { newId } from '../../../shared/ids';
import { ApiError } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import { tShared } from '../../lib/i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { listOrgUnits } from '../org-units/org-units.api';
import {
  assessmentKeys,
  copyChecklist,
  deleteChecklist,
  getChecklist,
  listChecklists,
  publishChecklist,
  updateChecklist,
} from './assessments.api';
import { useLocalized } from './use-localized';
import './assessments.css';
import { ActionButton } from '../../ui/ActionButton';

/** National admins copy the regional default for their country, adapt it and publish it. */
export default function ChecklistsPage() {
  const { t } = useTranslation('assessments');
  const { locale } = useLocalized();
  const queryClient = useQueryClient();
  const countries = useQuery({
    queryKey: ['org-units', 'countries'],
    queryFn: () => listOrgUnits({ kind: 'country', limit: 100 }),
  });
  const [chosen, setChosen] = useState('');
  const country = countries.data?.find((c) => c.id === chosen) ?? countries.data?.[0];
  const versions = useQuery({
    queryKey: assessmentKeys.checklists(country?.id),
    queryFn: () => listChecklists(country?.id),
    enabled: Boolean(country),
  });
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['checklists'] });
  const copy = useMutation({
    mutationFn: (v: ChecklistVersionSummary) =>
      copyChecklist({ id: newId(), basedOnId: v.id, countryId: country!.id }),
    onSuccess: async (c) => {
      await refresh();
      setEditing(c.id);
    },
  });
  const publish = useMutation({
    mutationFn: (v: ChecklistVersionSummary) => publishChecklist(v.id, v.version),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (v: ChecklistVersionSummary) => deleteChecklist(v.id, v.version),
    onSuccess: async () => {
      setEditing(null);
      await refresh();
    },
  });
  return (
    <div className="assess">
      <PageHeader title={t('checklistsTitle')} intro={t('checklistsIntro')} />
      {countries.isPending ? <Loading /> : null}
      <ErrorMessage error={countries.error} />
      {countries.data && countries.data.length > 1 ? (
        <div className="filters card">
          <SelectField
            label={t('country')}
            value={country?.id ?? ''}
            onChange={(e) => {
              setChosen(e.target.value);
              setEditing(null);
            }}
            options={countries.data.map((c) => ({ value: c.id, label: c.name }))}
          />
        </div>
      ) : null}
      {versions.data ? (
        <DataTable
          rows={versions.data}
          rowKey={(v) => v.id}
          columns={[
            {
              header: t('label'),
              cell: (v) => (
                <>
                  {v.label}
                  {v.isActive ? <span className="badge">{t('active')}</span> : null}
                </>
              ),
            },
            { header: t('country'), cell: (v) => v.countryName ?? t('regional') },
            {
              header: t('status'),
              cell: (v) =>
                `${t(`checklistStatus.${v.status}`)}${v.publishedAt ? ` · ${formatDate(v.publishedAt, locale)}` : ''}`,
            },
            { header: t('assessments'), cell: (v) => t('usedBy', { count: v.assessmentCount }) },
            {
              header: null,
              cellClassName: 'row-actions',
              cell: (v) => (
                <>
                  {country ? (
                    <button
                      type="button"
                      className="btn btn--secondary btn--small"
                      onClick={() => copy.mutate(v)}
                    >
                      {t('copyFor', { country: country.name })}
                    </button>
                  ) : null}
                  {v.status === 'draft' ? (
                    <>
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        onClick={() => setEditing(v.id)}
                      >
                        {t('editDraft')}
                      </button>
                      <button
                        type="button"
                        className="btn btn--primary btn--small"
                        onClick={() => {
                          if (window.confirm(t('publishConfirm', { country: country?.name ?? '' })))
                            publish.mutate(v);
                        }}
                      >
                        {t('publish')}
                      </button>
                      <button
                        type="button"
                        className="btn btn--danger btn--small"
                        onClick={() => remove.mutate(v)}
                      >
                        {t('deleteDraft')}
                      </button>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
      ) : null}
      <ErrorMessage error={copy.error ?? publish.error ?? remove.error} />
      {editing ? <DraftEditor key={editing} id={editing} onSaved={refresh} /> : null}
    </div>
  );
}

function ProblemList({ issues }: { issues: readonly Issue[] }) {
  const { t } = useTranslation('assessments');
  if (!issues.length) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p>{t('definitionProblems', { count: issues.length })}</p>
      <ul className="problems">
        {issues.map((i) => (
          <li key={`${i.path}:${i.message}`}>
            <code>{i.path}</code> — {tShared(i.message, i.params)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The draft editor: common adaptations as fields, everything else in the full definition (JSON). */
function DraftEditor({ id, onSaved }: { id: string; onSaved: () => void }) {
  const query = useQuery({ queryKey: assessmentKeys.checklist(id), queryFn: () => getChecklist(id) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  return <DraftForm version={query.data} onSaved={onSaved} />;
}

function DraftForm({ version, onSaved }: { version: ChecklistVersion; onSaved: () => void }) {
  const { t } = useTranslation('assessments');
  const { t: tc } = useTranslation();
  const { l } = useLocalized();
  const queryClient = useQueryClient();
  const jsonId = useId();
  const [label, setLabel] = useState(version.label);
  const [def, setDef] = useState<ChecklistDefinition>(version.definition);
  const [json, setJson] = useState(() => JSON.stringify(version.definition, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [checked, setChecked] = useState<Issue[] | null>(null);
  const readOnly = version.status !== 'draft';
  const save = useMutation({
    mutationFn: () => updateChecklist(version.id, { version: version.version, label, definition: def }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(assessmentKeys.checklist(saved.id), saved);
      onSaved();
    },
  });
  const serverIssues =
    save.error instanceof ApiError && save.error.code === 'validation_failed' ? save.error.issues : [];
  const update = (next: ChecklistDefinition) => {
    save.reset();
    setDef(next);
    setJson(JSON.stringify(next, null, 2));
    setChecked(null);
  };
  const setStandard = (index: number, patch: Partial<ChecklistDefinition['standards'][number]>) =>
    update({ ...def, standards: def.standards.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  const setSample = (index: number, key: 'min' | 'target' | 'max', value: number) =>
    update({
      ...def,
      sections: def.sections.map((s, i) =>
        i === index && s.sampleSize ? { ...s, sampleSize: { ...s.sampleSize, [key]: value } } : s,
      ),
    });
  const applyJson = () => {
    try {
      const parsed = JSON.parse(json) as ChecklistDefinition;
      setJsonError(null);
      setDef(parsed);
      save.reset();
      setChecked(validateChecklistDefinition(parsed).issues);
    } catch (err) {
      setJsonError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="card" aria-labelledby="draft-title">
      <h2 id="draft-title">{t('draftEditor')}</h2>
      <TextField
        label={t('label')}
        value={label}
        maxLength={120}
        onChange={(e) => setLabel(e.target.value)}
        disabled={readOnly}
      />
      <h3>{t('standardsTargets')}</h3>
      <DataTable
        rows={def.standards.map((standard, index) => ({ standard, index }))}
        rowKey={({ standard }) => standard.id}
        columns={[
          {
            header: t('standard'),
            isRowHeader: true,
            cell: ({ standard: s }) => (
              <>
                {l(s.title)}
                {s.provenance === 'U' || s.provenance === 'D' ? (
                  <span className="badge badge--muted">{t(`provenance.${s.provenance}`)}</span>
                ) : null}
              </>
            ),
          },
          {
            header: `${t('target')} (%)`,
            cell: ({ standard: s, index }) => (
              <input
                type="number"
                className="input--small"
                min={0}
                max={100}
                aria-label={`${t('target')}: ${l(s.title)}`}
                value={s.targetPercent}
                disabled={readOnly}
                onChange={(e) => setStandard(index, { targetPercent: Number(e.target.value) })}
              />
            ),
          },
          {
            header: t('requiredForStatus'),
            cell: ({ standard: s, index }) => (
              <CheckboxField
                label={<span className="visually-hidden">{`${t('requiredForStatus')}: ${l(s.title)}`}</span>}
                checked={s.requiredForStatus}
                disabled={readOnly}
                onChange={(e) => setStandard(index, { requiredForStatus: e.target.checked })}
              />
            ),
          },
        ]}
      />
      <h3>{t('sampleSizes')}</h3>
      {def.sections.map((s, i) =>
        s.sampleSize ? (
          <fieldset key={s.id} className="fieldset inline">
            <legend>{l(s.title)}</legend>
            {(['min', 'target', 'max'] as const).map((k) => (
              <TextField
                key={k}
                label={t(k === 'min' ? 'sampleMin' : k === 'target' ? 'sampleTarget' : 'sampleMax')}
                type="number"
                min={0}
                value={s.sampleSize![k]}
                disabled={readOnly}
                onChange={(e) => setSample(i, k, Number(e.target.value))}
              />
            ))}
          </fieldset>
        ) : null,
      )}
      <details className="advanced">
        <summary>{t('advancedJson')}</summary>
        <p className="muted small">{t('provenanceNote')}</p>
        <label htmlFor={jsonId} className="visually-hidden">
          {t('advancedJson')}
        </label>
        <textarea
          id={jsonId}
          className="json-editor"
          spellCheck={false}
          rows={20}
          value={json}
          disabled={readOnly}
          onChange={(e) => setJson(e.target.value)}
        />
        {jsonError ? <p className="field__error">{t('jsonInvalid', { detail: jsonError })}</p> : null}
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={applyJson}
          disabled={readOnly}
        >
          {t('applyJson')}
        </button>
      </details>
      {checked && checked.length === 0 ? <p className="alert alert--success">{t('definitionOk')}</p> : null}
      <ProblemList issues={serverIssues.length ? serverIssues : (checked ?? [])} />
      {save.error && !serverIssues.length ? <ErrorMessage error={save.error} /> : null}
      {save.isSuccess ? <p className="alert alert--success">{t('savedDraft')}</p> : null}
      {!readOnly ? (
        <div className="form__actions">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => {
              save.reset();
              setChecked(validateChecklistDefinition(def).issues);
            }}
          >
            {t('checkDefinition')}
          </button>
          <ActionButton variant="primary" busy={save.isPending} onClick={() => save.mutate()}>
            {save.isPending ? tc('saving') : t('saveDraft')}
          </ActionButton>
        </div>
      ) : null}
    </section>
  );
}
