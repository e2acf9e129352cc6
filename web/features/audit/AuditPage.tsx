import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditAction, type AuditQuery } from '../../../shared/audit/audit.schema';
import { formatDateTime } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { searchAudit } from './audit.api';

const json = (v: unknown) => (v == null ? '' : JSON.stringify(v, null, 2));

export default function AuditPage() {
  const { t, i18n } = useTranslation('audit');
  const { t: tc } = useTranslation();
  const locale = i18n.language;
  const [form, setForm] = useState({ entityType: '', entityId: '', actor: '', action: '', from: '', to: '' });
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
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <form className="filters card" onSubmit={submit}>
        <TextField
          label={t('entityType')}
          value={form.entityType}
          onChange={set('entityType')}
          placeholder="birth, org_unit, user"
        />
        <TextField label={t('entityId')} value={form.entityId} onChange={set('entityId')} />
        <TextField label={t('actor')} value={form.actor} onChange={set('actor')} />
        <SelectField
          label={t('action')}
          value={form.action}
          onChange={set('action')}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`action.${a}`) }))}
          placeholder={t('allActions')}
        />
        <TextField label={t('from')} type="date" value={form.from} onChange={set('from')} />
        <TextField label={t('to')} type="date" value={form.to} onChange={set('to')} />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary">
            {tc('search')}
          </button>
        </div>
        <p className="muted field__hint">{t('examples')}</p>
      </form>
      {query.isPending ? <Loading /> : null}
      <ErrorMessage error={query.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('at')}</th>
              <th scope="col">{t('actor')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('entityType')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at, locale)}</td>
                <td>{e.actorUsername ?? t('system')}</td>
                <td>{t(`action.${e.action}`)}</td>
                <td>
                  {e.entityType}
                  {e.entityId ? <div className="muted mono">{e.entityId}</div> : null}
                </td>
                <td>
                  {e.before || e.after || e.details ? (
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
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!query.isPending && items.length === 0 ? <p className="muted">{tc('noResults')}</p> : null}
      {query.hasNextPage ? (
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {tc('loadMore')}
        </button>
      ) : null}
    </>
  );
}
