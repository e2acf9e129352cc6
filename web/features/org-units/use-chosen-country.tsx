import { useState } from 'react';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { useMe } from '../auth/session';
import { OrgUnitPicker } from './OrgUnitPicker';

/**
 * The country a national page works on: the user's own country scope, or one picked (users above
 * countries). Gives its id and the picker to show (null when the scope decides); `label` names the picker.
 */
export function useChosenCountry(label: string) {
  const me = useMe();
  const ownCountry = me.user.scopes.find((s) => s.kind === 'country');
  const [picked, setPicked] = useState<OrgUnit | null>(null);
  const picker = ownCountry ? null : (
    <OrgUnitPicker label={label} value={picked} onChange={setPicked} kinds={['country']} />
  );
  return { countryId: picked?.id ?? ownCountry?.id, picker };
}
