import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleHasPermission } from '../../../shared/auth/roles';
import { submitWith } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField } from '../../ui/Field';
import { listUsers, userKeys } from '../users/users.api';
import { assignPair } from './reports.api';

/** The regional coordinator chooses a country's two reviewers among users whose role may review. */
export function PairForm({ countryId, onDone }: { countryId: string; onDone: () => void }) {
  const { t } = useTranslation('reports');
  const users = useQuery({ queryKey: userKeys.list({}), queryFn: () => listUsers({}) });
  const candidates = (users.data ?? []).filter((u) => u.active && roleHasPermission(u.role, 'report.review'));
  const [pair, setPair] = useState(['', '']);
  const assign = useMutation({ mutationFn: () => assignPair(countryId, pair), onSuccess: onDone });
  const options = [
    { value: '', label: '—' },
    ...candidates.map((u) => ({ value: u.id, label: u.displayName })),
  ];
  return (
    <form className="card" onSubmit={submitWith(assign)}>
      <h2>{t('assignPair')}</h2>
      {([0, 1] as const).map((i) => (
        <SelectField
          key={i}
          label={t(i === 0 ? 'reviewer1' : 'reviewer2')}
          value={pair[i]}
          onChange={(e) => setPair((p) => (i === 0 ? [e.target.value, p[1]!] : [p[0]!, e.target.value]))}
          options={options}
        />
      ))}
      <ErrorMessage error={assign.error} />
      <button type="submit" className="btn btn--primary" disabled={!pair[0] || !pair[1] || assign.isPending}>
        {t('assign')}
      </button>
    </form>
  );
}
