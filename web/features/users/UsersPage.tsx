import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/auth/roles';
import type { User } from '../../../shared/users/user.schema';
import { formatDateTime } from '../../lib/format';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { useCan } from '../auth/session';
import { UserForm } from './UserForm';
import { listUsers, userKeys } from './users.api';

export default function UsersPage() {
  const { t, i18n } = useTranslation('users');
  const { t: tc } = useTranslation();
  const can = useCan();
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const query = { q: q.trim(), role, includeInactive };
  const users = useQuery({ queryKey: userKeys.list(query), queryFn: () => listUsers(query) });
  const locale = i18n.language;

  return (
    <>
      <div className="page__header">
        <div>
          <h1>{t('title')}</h1>
          <p className="muted">{t('intro')}</p>
        </div>
        {can('user.manage') ? (
          <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
            {t('newUser')}
          </button>
        ) : null}
      </div>
      <div className="filters card">
        <TextField label={tc('search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        <SelectField
          label={t('filterRole')}
          value={role}
          onChange={(e) => setRole(e.target.value)}
          options={ROLES.map((r) => ({ value: r, label: tc(`role.${r}`) }))}
          placeholder={t('allRoles')}
        />
        <CheckboxField
          label={t('showInactive')}
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.target.checked)}
        />
      </div>
      {users.isPending ? <Loading /> : null}
      <ErrorMessage error={users.error} />
      {users.data ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('displayName')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('scopes')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id}>
                  <td>
                    {can('user.manage') ? (
                      <button type="button" className="btn btn--link" onClick={() => setEditing(u)}>
                        {u.username}
                      </button>
                    ) : (
                      u.username
                    )}
                  </td>
                  <td>{u.displayName}</td>
                  <td>{tc(`role.${u.role}`)}</td>
                  <td>{u.scopes.map((s) => s.name).join(', ')}</td>
                  <td>
                    {!u.active ? <span className="badge badge--muted">{t('inactive')}</span> : null}
                    {u.lockedUntil && new Date(u.lockedUntil) > new Date() ? (
                      <span className="badge badge--warn">
                        {t('locked', { until: formatDateTime(u.lockedUntil, locale) })}
                      </span>
                    ) : null}
                    {u.mustChangePassword ? <span className="badge">{t('mustChangePassword')}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('createTitle') : t('editTitle', { name: editing?.displayName ?? '' })}
        onClose={() => setEditing(null)}
      >
        {editing ? (
          <UserForm user={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        ) : null}
      </Dialog>
    </>
  );
}
