import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntry,
  type AuditQuery,
} from '../../../shared/audit/audit.schema';
import { formatDateTime } from '../../lib/format';
import { useFormValues } from '../../lib/use-form-mutation';
import { DataTable } from '../../ui/DataTable';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { FilterForm } from '../../ui/FilterForm';
import { LoadMoreButton } from '../../ui/LoadMoreButton';
import { Loading } from '../../ui/Loading';
import { searchAudit } from './audit.api';

const json = (v: unknown) => (v == null ? '' : JSON.stringify(v, null, 2));

/** What an audit entry changed: its details and the record before and after, folded away. */
function AuditDetails({ entry: e }: { entry: AuditEntry }) {
  const { t } = useTranslation('audit');
  if (!e.before && !e.after && !e.details) return null;
  return (
    <details>
      <summary>{t('show')}</summary>
      {e.details ? <pre>{json(e.details)}</pre> : null}
      {e.before ? (
        <>
          <h3>{t('before')}</h3>
          <pre>{json(e.before)}</pre>
        </>
      ) : null}
      {e.after ? (
        <>
          <h3>{t('after')}</h3>
          <pre>{json(e.after)}</pre>
        </>
      ) : null}
    </details>
  );
}

export default function AuditPage() {
  const { t, i18n } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const locale = i18n.language;
  const { values: form, bind } = useFormValues({
    entityType: '',
    entityId: '',
    actor: '',
    action: '',
    from: '',
    to: '',
  });
  const [filters, setFilters] = useState<AuditQuery>({});
  const query = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      searchAudit({ ...filters, limit: 50, ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const next: AuditQuery = {};
    if (form.entityType) next.entityType = form.entityType.trim();
    if (form.entityId) next.entityId = form.entityId.trim();
    if (form.actor) next.actor = form.actor.trim();
    if (form.action) next.action = form.action as AuditAction;
    if (form.from) next.from = form.from;
    if (form.to) next.to = `${form.to}T23:59:59.999Z`;
    setFilters(next);
  }
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <FilterForm onSubmit={submit} note={<p className="muted field__hint">{t('examples')}</p>}>
        <TextField label={t('entityType')} {...bind('entityType')} placeholder="birth, org_unit, user" />
        <TextField label={t('entityId')} {...bind('entityId')} />
        <TextField label={t('actor')} {...bind('actor')} />
        <SelectField
          label={t('action')}
          {...bind('action')}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`action.${a}`) }))}
          placeholder={t('allActions')}
        />
        <TextField label={t('from')} type="date" {...bind('from')} />
        <TextField label={t('to')} type="date" {...bind('to')} />
      </FilterForm>
      {query.isPending ? <Loading /> : null}
      <ErrorMessage error={query.error} />
      <DataTable
        rows={items}
        rowKey={(e) => e.id}
        columns={[
          { header: t('at'), cell: (e) => formatDateTime(e.at, locale) },
          { header: t('actor'), cell: (e) => e.actorUsername ?? t('system') },
          { header: t('action'), cell: (e) => t(`action.${e.action}`) },
          {
            header: t('entityType'),
            cell: (e) => (
              <>
                {e.entityType}
                {e.entityId ? <div className="muted mono">{e.entityId}</div> : null}
              </>
            ),
          },
          { header: t('details'), cell: (e) => <AuditDetails entry={e} /> },
        ]}
      />
      {!query.isPending && items.length === 0 ? <p className="muted">{tc('noResults')}</p> : null}
      <LoadMoreButton query={query} />
    </>
  );
}
