import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BIRTH_FIELDS } from '../../../shared/births/birth-fields';
import type { AnyField } from '../../../shared/births/field-table';
import { NEWBORN_FIELDS } from '../../../shared/births/newborn-fields';
import type { ResolveConflict, SyncConflict } from '../../../shared/sync/sync.schema';
import { formatDateTime } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { listConflicts, offlineKeys, resolveConflict } from './offline.api';

/** The births catalogue's label key of a field path (`newborns.<id>.x` reads the newborn table). */
export function labelKeyOf(path: string): string | undefined {
  const m = /^newborns\.[^.]+\.(.+)$/.exec(path);
  const fields: readonly AnyField[] = m ? NEWBORN_FIELDS : BIRTH_FIELDS;
  return fields.find((f) => f.path === (m ? m[1] : path))?.label;
}

/** An edited value as typed: a number when it reads as one, yes/no as booleans, blank as empty. */
function parseTyped(text: string): unknown {
  const s = text.trim();
  if (s === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === 'true' || s === 'false') return s === 'true';
  return s;
}

function ConflictCard({ c }: { c: SyncConflict }) {
  const { t, i18n } = useTranslation('offline');
  const { t: tb } = useTranslation('births');
  const locale = i18n.language;
  const can = useCan();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const resolve = useMutation({
    mutationFn: (body: ResolveConflict) => resolveConflict(c.id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sync', 'conflicts'] }),
  });
  const show = (v: unknown): string => {
    if (c.valuesHidden) return t('hidden');
    if (v === null || v === undefined) return t('empty_value');
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  // Field labels come from the births catalogue; other record types show the field's path.
  const label = c.path && c.recordType === 'birth' ? labelKeyOf(c.path) : undefined;
  return (
    <li className="card">
      <p>
        {/* A contact, a KMC day or an assessment form does not name its birth or baby here: the type says what it is. */}
        {c.recordType === 'birth' ? (
          <Link to={`/births/${c.recordId}`}>{t('record')}</Link>
        ) : (
          t(`record.${c.recordType}`)
        )}{' '}
        · {c.orgUnitName}
      </p>
      <p>
        <strong>{t('field')}:</strong> {c.path ? (label ? tb(label) : c.path) : t('wholeRecord')}
      </p>
      {c.kind === 'field' ? (
        <dl className="conflict-values">
          <dt>{t('base')}</dt>
          <dd>{show(c.baseValue)}</dd>
          <dt>{t('server')}</dt>
          <dd>{show(c.serverValue)}</dd>
          <dt>{t('device')}</dt>
          <dd>{show(c.deviceValue)}</dd>
        </dl>
      ) : (
        <p>{t(`kind.${c.kind}`)}</p>
      )}
      <p className="muted">
        {t('who', { user: c.deviceUsername ?? '—', date: formatDateTime(c.createdAt, locale) })}
      </p>
      {c.status === 'resolved' ? (
        <p className="muted">
          {t('resolvedAs', {
            user: c.resolvedBy ?? '—',
            date: formatDateTime(c.resolvedAt, locale),
            resolution: t(`resolution.${c.resolution}`),
          })}
        </p>
      ) : can('record.write') ? (
        <div className="inline">
          <button
            type="button"
            className="btn btn--secondary"
            disabled={resolve.isPending}
            onClick={() => resolve.mutate({ resolution: 'keep_server' })}
          >
            {t('keepServer')}
          </button>
          <button
            type="button"
            className="btn btn--secondary"
            disabled={resolve.isPending}
            onClick={() => resolve.mutate({ resolution: 'take_device' })}
          >
            {t('takeDevice')}
          </button>
          {c.kind === 'field' && !c.valuesHidden ? (
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => setEditing(!editing)}
              aria-expanded={editing}
            >
              {t('edit')}
            </button>
          ) : null}
        </div>
      ) : null}
      {editing && c.status === 'open' ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate({ resolution: 'edit', value: parseTyped(text) });
          }}
        >
          <label className="field">
            <span>{t('editValue')}</span>
            <input value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <button type="submit" className="btn btn--primary" disabled={resolve.isPending}>
            {t('save')}
          </button>
        </form>
      ) : null}
      <ErrorMessage error={resolve.error} />
    </li>
  );
}

/** The conflict inbox of the user's area: open items to resolve, or the resolved ones. */
export default function ConflictInboxPage() {
  const { t } = useTranslation('offline');
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const list = useQuery({ queryKey: offlineKeys.conflicts(status), queryFn: () => listConflicts(status) });
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      <div className="inline" role="group">
        {(['open', 'resolved'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={`btn ${status === s ? 'btn--primary' : 'btn--secondary'}`}
            aria-pressed={status === s}
            onClick={() => setStatus(s)}
          >
            {t(s === 'open' ? 'showOpen' : 'showResolved')}
          </button>
        ))}
      </div>
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && !list.data.length ? <p>{t('empty')}</p> : null}
      <ul className="card-list">
        {list.data?.map((c) => (
          <ConflictCard key={c.id} c={c} />
        ))}
      </ul>
    </>
  );
}
