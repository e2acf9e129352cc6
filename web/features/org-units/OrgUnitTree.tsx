import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { Loading } from '../../ui/Loading';
import { listOrgUnits, orgUnitKeys } from './org-units.api';

type Props = { selectedId: string | undefined; includeInactive: boolean };

/**
 * The tree as nested lists with disclosure buttons: every node is reachable with Tab and opened with
 * Enter or Space, and children load only when opened (a country can hold thousands of units).
 */
export function OrgUnitTree({ selectedId, includeInactive }: Props) {
  const { t } = useTranslation('orgUnits');
  const roots = useQuery({
    queryKey: orgUnitKeys.list({ includeInactive }),
    queryFn: () => listOrgUnits({ includeInactive }),
  });
  if (roots.isPending) return <Loading />;
  if (roots.isError) return null;
  return (
    <ul className="tree" aria-label={t('tree')}>
      {roots.data.map((u) => (
        <TreeNode key={u.id} unit={u} selectedId={selectedId} includeInactive={includeInactive} defaultOpen />
      ))}
    </ul>
  );
}

function TreeNode({
  unit,
  selectedId,
  includeInactive,
  defaultOpen = false,
}: { unit: OrgUnit; defaultOpen?: boolean } & Props) {
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const [open, setOpen] = useState(defaultOpen);
  const children = useQuery({
    queryKey: orgUnitKeys.list({ parent: unit.id, includeInactive }),
    queryFn: () => listOrgUnits({ parent: unit.id, includeInactive }),
    enabled: open && unit.childCount > 0,
  });
  return (
    <li>
      <div className={`tree__row${unit.id === selectedId ? ' tree__row--selected' : ''}`}>
        {unit.childCount > 0 ? (
          <button
            type="button"
            className="tree__toggle"
            aria-expanded={open}
            aria-label={t(open ? 'collapse' : 'expand', { name: unit.name })}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree__toggle" aria-hidden="true" />
        )}
        <Link to={`/org-units/${unit.id}`} aria-current={unit.id === selectedId ? 'page' : undefined}>
          {unit.name}
        </Link>
        <span className="tree__kind">{tc(`kind.${unit.kind}`)}</span>
        {!unit.active ? <span className="badge badge--muted">{t('inactive')}</span> : null}
      </div>
      {open && children.data && children.data.length > 0 ? (
        <ul>
          {children.data.map((c) => (
            <TreeNode key={c.id} unit={c} selectedId={selectedId} includeInactive={includeInactive} />
          ))}
        </ul>
      ) : null}
      {open && children.isPending && unit.childCount > 0 ? <Loading /> : null}
    </li>
  );
}
