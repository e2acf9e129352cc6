import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../shared/auth/roles';
import { useCan } from '../features/auth/session';

/** Keeps a page from rendering for roles that cannot use it (the API refuses them anyway). */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  const { t } = useTranslation();
  if (!can(permission)) return <p className="alert alert--error">{t('forbiddenPage')}</p>;
  return <>{children}</>;
}
