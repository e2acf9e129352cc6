import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { canSeePersonalData } from '../../../shared/auth/principal';
import { newId } from '../../../shared/ids';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { useMe } from '../auth/session';
import { getOrgUnit } from '../org-units/org-units.api';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { emptyDraft, fromBirth } from './birth-draft';
import { BirthForm } from './BirthForm';
import { findDraft } from './draft-store';
import { birthKeys, getBirth, getEencSettings } from './births.api';

/** The facility of the form: the user's own when they work in exactly one, else chosen. */
function useDefaultFacility(): string | null {
  const me = useMe();
  const facilities = me.user.scopes.filter((s) => s.kind === 'facility' || s.kind === 'commune');
  return facilities.length === 1 && me.user.scopes.length === 1 ? facilities[0]!.id : null;
}

function FormForFacility({ facilityId, birthId }: { facilityId: string; birthId?: string }) {
  const me = useMe();
  const navigate = useNavigate();
  const facility = useQuery({
    queryKey: ['org-units', 'detail', facilityId],
    queryFn: () => getOrgUnit(facilityId),
  });
  const settings = useQuery({
    queryKey: birthKeys.settings(facilityId),
    queryFn: () => getEencSettings(facilityId),
  });
  const birth = useQuery({
    queryKey: birthKeys.detail(birthId ?? ''),
    queryFn: () => getBirth(birthId!),
    enabled: Boolean(birthId),
  });
  // One id per form: a save retried after a network failure replays the same create. A draft kept on
  // the device brings its own id back, so its save is the same create too.
  const [newBirthId] = useState(() => newId());
  const [kept] = useState(() => (birthId ? undefined : findDraft({ userId: me.user.userId, facilityId })));
  if (facility.isPending || settings.isPending || (birthId && birth.isPending)) return <Loading />;
  const error = facility.error ?? settings.error ?? birth.error;
  if (error || !facility.data || !settings.data) return <ErrorMessage error={error} />;
  const tz = facility.data.timezone;
  const initial = birth.data ? fromBirth(birth.data, tz) : (kept ?? emptyDraft(newBirthId, facilityId));
  return (
    <BirthForm
      key={birth.data ? `${birth.data.id}-${birth.data.version}` : newBirthId}
      initial={initial}
      timeZone={tz}
      settings={settings.data.settings}
      earliestBirthDate={settings.data.earliestBirthDate}
      {...(birth.data ? { version: birth.data.version } : {})}
      canEditPersonal={canSeePersonalData(me.user, facility.data.path)}
      {...(birthId ? {} : { keepDraftFor: me.user.userId })}
      restored={Boolean(kept)}
      newId={newId}
      onSaved={(saved) =>
        navigate(`/births/${saved.id}`, {
          state: {
            savedFlags: saved.newborns.reduce(
              (n, b) => n + b.derived.flags.length,
              saved.delivery.flags.length,
            ),
          },
        })
      }
    />
  );
}

export default function BirthFormPage() {
  const { t } = useTranslation('births');
  const { id } = useParams();
  const location = useLocation();
  const defaultFacility = useDefaultFacility();
  const [chosen, setChosen] = useState<OrgUnit | null>(null);
  const editing = useQuery({
    queryKey: birthKeys.detail(id ?? ''),
    queryFn: () => getBirth(id!),
    enabled: Boolean(id),
  });
  const facilityId = id
    ? editing.data?.facilityId
    : (chosen?.id ?? (location.state as { facilityId?: string } | null)?.facilityId ?? defaultFacility);
  return (
    <>
      <h1>{id ? t('editBirth') : t('newBirth')}</h1>
      {!id && !defaultFacility ? (
        <OrgUnitPicker
          label={t('chooseFacility')}
          value={chosen}
          onChange={setChosen}
          kinds={['facility', 'commune']}
          required
        />
      ) : null}
      {id && editing.isPending ? <Loading /> : null}
      {facilityId ? (
        <FormForFacility key={facilityId} facilityId={facilityId} {...(id ? { birthId: id } : {})} />
      ) : null}
    </>
  );
}
