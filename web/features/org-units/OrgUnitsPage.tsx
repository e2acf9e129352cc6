import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField, TextField } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { ImportForm } from './ImportForm';
import { BoundaryImportForm } from './BoundaryImportForm';
import { OrgUnitDetail } from './OrgUnitDetail';
import { OrgUnitTree } from './OrgUnitTree';
import { listOrgUnits } from './org-units.api';

export default function OrgUnitsPage() {
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const { id } = useParams();
  const can = useCan();
  const [search, setSearch] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [importing, setImporting] = useState(false);
  // ?import=boundaries opens the boundary import (the dashboard's map links here when it has no shapes).
  const [params, setParams] = useSearchParams();
  const importingBoundaries = params.get('import') === 'boundaries' && can('org_unit.manage');
  const setImportingBoundaries = (open: boolean) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (open) next.set('import', 'boundaries');
      else next.delete('import');
      return next;
    });
  const q = search.trim();
  const results = useQuery({
    queryKey: ['org-units', 'search', q, includeInactive],
    queryFn: () => listOrgUnits({ q, includeInactive, limit: 50 }),
    enabled: q.length >= 2,
  });

  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')}>
        {can('org_unit.manage') ? (
          <>
            <button type="button" className="btn btn--secondary" onClick={() => setImporting(true)}>
              {t('import')}
            </button>
            <button type="button" className="btn btn--secondary" onClick={() => setImportingBoundaries(true)}>
              {t('importBoundaries')}
            </button>
          </>
        ) : null}
      </PageHeader>
      <div className="split">
        <aside className="split__side card">
          <TextField
            label={t('searchLabel')}
            type="search"
            value={search}
            placeholder={tc('searchPlaceholder')}
            onChange={(e) => setSearch(e.target.value)}
          />
          <CheckboxField
            label={t('showInactive')}
            checked={includeInactive}
            onChange={(e) => setIncludeInactive(e.target.checked)}
          />
          {q.length >= 2 ? (
            <ul className="list" aria-live="polite">
              {results.data?.length === 0 ? <li className="muted">{tc('noResults')}</li> : null}
              {results.data?.map((u) => (
                <li key={u.id}>
                  <Link to={`/org-units/${u.id}`}>{u.name}</Link>{' '}
                  <span className="muted">
                    · {tc(`kind.${u.kind}`)} · {u.code}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <OrgUnitTree selectedId={id} includeInactive={includeInactive} />
          )}
        </aside>
        <div className="split__main">
          {id ? <OrgUnitDetail key={id} id={id} /> : <p className="muted">{t('selectPrompt')}</p>}
        </div>
      </div>
      <Dialog open={importing} title={t('importTitle')} onClose={() => setImporting(false)}>
        <ImportForm onDone={() => setImporting(false)} />
      </Dialog>
      <Dialog
        open={importingBoundaries}
        title={t('importBoundaries')}
        onClose={() => setImportingBoundaries(false)}
      >
        <BoundaryImportForm onDone={() => setImportingBoundaries(false)} />
      </Dialog>
    </>
  );
}
