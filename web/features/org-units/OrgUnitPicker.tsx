import { useTranslation } from 'react-i18next';
import type { OrgUnit, OrgUnitKind } from '../../../shared/org-units/org-unit.schema';
import { listOrgUnits } from './org-units.api';
import { SearchPicker } from './SearchPicker';

type Props = {
  label: string;
  value: Pick<OrgUnit, 'id' | 'name'> | null;
  onChange(unit: OrgUnit | null): void;
  kinds?: readonly OrgUnitKind[];
  hint?: string;
  error?: string | undefined;
  required?: boolean;
};

/** Search-and-choose for one org unit within the user's scope (parents, user scopes, facilities…). */
export function OrgUnitPicker({ label, value, onChange, kinds, hint, error, required }: Props) {
  const { t: tc } = useTranslation();
  return (
    <SearchPicker<OrgUnit>
      label={label}
      value={value}
      onChange={onChange}
      queryKey={['org-units', 'picker', kinds]}
      search={async (q) => {
        const units = await listOrgUnits({ q, limit: 30 });
        return kinds ? units.filter((u) => kinds.includes(u.kind)) : units;
      }}
      describe={(u) => `${tc(`kind.${u.kind}`)} · ${u.code}`}
      error={error}
      {...(hint ? { hint } : {})}
      {...(required ? { required } : {})}
    />
  );
}
