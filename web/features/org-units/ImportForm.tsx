import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toCsvDocument } from '../../../shared/csv/csv-writer';
import type { Issue } from '../../../shared/errors';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import {
  ORG_UNIT_CSV_COLUMNS,
  type OrgUnitImportReport,
} from '../../../shared/org-units/org-unit-import.schema';
import { formatDate } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';
import { SelectField, TextField } from '../../ui/Field';
import { ImportFileControls } from './ImportFileControls';
import { ImportResult } from './ImportResult';
import { OrgUnitPicker } from './OrgUnitPicker';
import { type ImportOptions, importOrgUnits, orgUnitKeys } from './org-units.api';
import { useFileImport } from './use-file-import';

const TEMPLATE_ROWS = [
  ['VN-HN', 'Thành phố Hà Nội', 'province', 'VN', '', '', '', '', '', '', ''],
  ['VN-HN-BD', 'Quận Ba Đình', 'district', 'VN-HN', '', '', '', '', '', '', ''],
  [
    'VN-HN-BD-H',
    'Trung tâm Y tế quận Ba Đình',
    'facility',
    'VN-HN-BD',
    'district',
    true,
    '',
    2000,
    '2019-03-01',
    '',
    '',
  ],
];

function downloadTemplate() {
  const blob = new Blob([toCsvDocument(ORG_UNIT_CSV_COLUMNS, TEMPLATE_ROWS)], {
    type: 'text/csv;charset=utf-8',
  });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'org-units-template.csv';
  a.click();
  URL.revokeObjectURL(a.href);
}

/** Splits `rows.12.parent_code` into row 12 and column parent_code for the report table. */
function rowOf(issue: Issue): { row: string; column: string } {
  const m = /^rows\.(\d+)\.?(.*)$/.exec(issue.path);
  return m ? { row: m[1]!, column: m[2] ?? '' } : { row: '', column: issue.path };
}

export function ImportForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation('orgUnits');
  const [format, setFormat] = useState<'csv' | 'dhis2'>('csv');
  const [parent, setParent] = useState<OrgUnit | null>(null);
  const [levels, setLevels] = useState('{"1":"country","2":"province","3":"district","4":"facility"}');
  const [groups, setGroups] = useState('');
  const imp = useFileImport((file, mode) => {
    const opts: ImportOptions = {
      format,
      mode,
      ...(format === 'dhis2'
        ? { levels, ...(groups.trim() ? { groups } : {}), ...(parent ? { parent: parent.id } : {}) }
        : {}),
    };
    return importOrgUnits(file, opts);
  }, orgUnitKeys.all);
  const { report } = imp;

  return (
    <div className="form">
      <SelectField
        label={t('importFormat')}
        value={format}
        onChange={(e) => {
          setFormat(e.target.value as 'csv' | 'dhis2');
          imp.clearReport();
        }}
        options={[
          { value: 'csv', label: t('importFormat.csv') },
          { value: 'dhis2', label: t('importFormat.dhis2') },
        ]}
      />
      {format === 'csv' ? (
        <button type="button" className="btn btn--link" onClick={downloadTemplate}>
          {t('importTemplate')}
        </button>
      ) : (
        <>
          <OrgUnitPicker
            label={t('importParent')}
            value={parent}
            onChange={setParent}
            kinds={['region', 'country', 'province', 'district']}
            hint={t('importParentHint')}
          />
          <TextField
            label={t('importLevels')}
            hint={t('importLevelsHint')}
            value={levels}
            onChange={(e) => setLevels(e.target.value)}
          />
          <TextField
            label={t('importGroups')}
            hint={t('importGroupsHint')}
            value={groups}
            placeholder='{"CHC": "facility"}'
            onChange={(e) => setGroups(e.target.value)}
          />
        </>
      )}
      <ImportFileControls accept={format === 'csv' ? '.csv,text/csv' : '.json,application/json'} imp={imp} />
      <ImportResult
        imp={imp}
        onDone={onDone}
        problemColumns={[
          { header: t('importRow'), cell: (issue) => rowOf(issue).row },
          { header: t('importColumn'), cell: (issue) => rowOf(issue).column },
          { header: t('importProblem'), cell: (issue) => issue.message },
        ]}
      >
        {report ? (
          <p className={report.errors.length ? 'alert alert--error' : 'alert alert--success'}>
            {t('importReport', report)}{' '}
            {report.committed ? t('importCommitted') : report.errors.length ? '' : t('importReady')}
          </p>
        ) : null}
        {report?.preview.length ? <ImportPreview report={report} /> : null}
      </ImportResult>
    </div>
  );
}

/** The units the import creates or changes, with the type it gives them and where from: checked before a commit. */
function ImportPreview({ report }: { report: OrgUnitImportReport }) {
  const { t, i18n } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const locale = i18n.language;
  const total = report.created + report.updated + report.unchanged;
  return (
    <>
      <h3>{t('previewTitle')}</h3>
      {report.preview.length < total ? (
        <p className="muted">{t('previewMore', { shown: report.preview.length, total })}</p>
      ) : null}
      <DataTable
        rows={report.preview}
        rowKey={(p) => String(p.row)}
        columns={[
          { header: t('importRow'), cell: (p) => p.row },
          { header: t('name'), cell: (p) => p.name },
          { header: t('code'), cell: (p) => (p.dhis2Code ? `${p.code} (${p.dhis2Code})` : p.code) },
          {
            header: t('kind'),
            cell: (p) => `${tc(`kind.${p.kind}`)} (${t(`previewKindFrom.${p.kindFrom}`)})`,
          },
          { header: t('parent'), cell: (p) => p.parent ?? '—' },
          { header: t('closedOn'), cell: (p) => formatDate(p.closedOn, locale) || '—' },
          { header: t('previewAction'), cell: (p) => t(`previewAction.${p.action}`) },
        ]}
      />
    </>
  );
}
