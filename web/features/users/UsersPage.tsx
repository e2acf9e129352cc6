import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/auth/roles';
import type { User } from '../../../shared/users/user.schema';
import { formatDateTime } from '../../lib/format';
import { DataTable } from '../../ui/DataTable';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { UserForm } from './UserForm';
import { listUsers, userKeys } from './users.api';

/** Inactive, locked and must-change-password badges of one account. */
function UserStatus({ user: u }: { user: User }) {
  const { t, i18n } = useTranslation('users');
  return (
    <>
      {!u.active ? <span className="badge badge--muted">{t('inactive')}</span> : null}
      {u.lockedUntil && new Date(u.lockedUntil) > new Date() ? (
        <span className="badge badge--warn">
          {t('locked', { until: formatDateTime(u.lockedUntil, i18n.language) })}
        </span>
      ) : null}
      {u.mustChangePassword ? <span className="badge">{t('mustChangePassword')}</span> : null}
    </>
  );
}

export default function UsersPage() {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const can = useCan();
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const query = { q: q.trim(), role, includeInactive };
  const users = useQuery({ queryKey: userKeys.list(query), queryFn: () => listUsers(query) });

  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')}>
        {can('user.manage') ? (
          <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
            {t('newUser')}
          </button>
        ) : null}
      </PageHeader>
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
        <DataTable
          rows={users.data}
          rowKey={(u) => u.id}
          columns={[
            {
              header: t('username'),
              cell: (u) =>
                can('user.manage') ? (
                  <button type="button" className="btn btn--link" onClick={() => setEditing(u)}>
                    {u.username}
                  </button>
                ) : (
                  u.username
                ),
            },
            { header: t('displayName'), cell: (u) => u.displayName },
            { header: t('role'), cell: (u) => tc(`role.${u.role}`) },
            { header: t('scopes'), cell: (u) => u.scopes.map((s) => s.name).join(', ') },
            { header: t('status'), cell: (u) => <UserStatus user={u} /> },
          ]}
        />
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
