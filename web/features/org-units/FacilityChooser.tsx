import { useNavigate } from 'react-router';
import { useMe } from '../auth/session';
import { OrgUnitPicker } from './OrgUnitPicker';

/**
 * The facility a user works in alone (a hospital lead, a clinician), or null for users with a wider area.
 * Feature home pages send the first straight to their facility's page.
 */
export function useOwnFacility() {
  const me = useMe();
  const [only] = me.user.scopes;
  return me.user.scopes.length === 1 && only!.kind === 'facility' ? only! : null;
}

/** "Choose a facility" on a feature's home page: goes to `facility/<id>` under it. */
export function FacilityChooser({ label }: { label: string }) {
  const navigate = useNavigate();
  return (
    <div className="card">
      <OrgUnitPicker
        label={label}
        value={null}
        kinds={['facility']}
        onChange={(u) => u && navigate(`facility/${u.id}`)}
      />
    </div>
  );
}
