import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { useMe } from '../auth/session';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';

/**
 * The country a national page works on: the user's own country scope, or one picked (users above
 * countries). Gives its id and the picker to show (null when the scope decides).
 */
export function useChosenCountry() {
  const { t } = useTranslation('coaching');
  const me = useMe();
  const ownCountry = me.user.scopes.find((s) => s.kind === 'country');
  const [picked, setPicked] = useState<OrgUnit | null>(null);
  const picker = ownCountry ? null : (
    <OrgUnitPicker label={t('country')} value={picked} onChange={setPicked} kinds={['country']} />
  );
  return { countryId: picked?.id ?? ownCountry?.id, picker };
}
