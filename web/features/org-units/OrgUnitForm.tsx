import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  allowedParentKinds,
  FACILITY_LEVELS,
  isServicePoint,
  ORG_UNIT_KINDS,
  type OrgUnit,
  type OrgUnitKind,
} from '../../../shared/org-units/org-unit.schema';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { createOrgUnit, orgUnitKeys, updateOrgUnit } from './org-units.api';

type Props =
  | { mode: 'create'; parent: OrgUnit; onDone(unit: OrgUnit): void; onCancel(): void }
  | { mode: 'edit'; unit: OrgUnit; onDone(unit: OrgUnit): void; onCancel(): void };

/** Kinds that may be placed under a parent of the given kind. */
export function childKindsOf(parentKind: OrgUnitKind): OrgUnitKind[] {
  return ORG_UNIT_KINDS.filter((k) => allowedParentKinds[k].includes(parentKind));
}

export function OrgUnitForm(props: Props) {
  const { t } = useTranslation('orgUnits');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const initial = props.mode === 'edit' ? props.unit : undefined;
  const kinds = props.mode === 'create' ? childKindsOf(props.parent.kind) : [props.unit.kind];
  const [kind, setKind] = useState<OrgUnitKind>(initial?.kind ?? kinds[0]!);
  const [code, setCode] = useState(initial?.code ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [facilityLevel, setFacilityLevel] = useState(initial?.facilityLevel ?? '');
  const [providesBirths, setProvidesBirths] = useState(initial?.providesBirths ?? kind === 'facility');
  const [birthsPerYear, setBirthsPerYear] = useState(initial?.birthsPerYear?.toString() ?? '');
  const [introducedOn, setIntroducedOn] = useState(initial?.eencIntroducedOn ?? '');
  const [teamFormedOn, setTeamFormedOn] = useState(initial?.eencTeamFormedOn ?? '');
  const [timezone, setTimezone] = useState(initial?.timezone ?? '');
  const servicePoint = isServicePoint(kind);

  const mutation = useMutation({
    mutationFn: () => {
      const facility = servicePoint
        ? {
            facilityLevel: (facilityLevel || null) as OrgUnit['facilityLevel'],
            providesBirths,
            birthsPerYear: birthsPerYear === '' ? null : Number(birthsPerYear),
            eencIntroducedOn: introducedOn || null,
            eencTeamFormedOn: teamFormedOn || null,
          }
        : {};
      const tz = timezone && timezone !== initial?.timezone ? { timezone } : {};
      if (props.mode === 'create') {
        return createOrgUnit({ code, name, kind, parentId: props.parent.id, ...facility, ...tz });
      }
      return updateOrgUnit(props.unit.id, { version: props.unit.version, code, name, ...facility, ...tz });
    },
    onSuccess: async (unit) => {
      await queryClient.invalidateQueries({ queryKey: orgUnitKeys.all });
      props.onDone(unit);
    },
  });
  const fieldErrors = mutation.error instanceof ApiError ? issuesByPath(mutation.error.issues) : {};

  function submit(e: FormEvent) {
    e.preventDefault();
    mutation.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      {props.mode === 'create' ? (
        <SelectField
          label={t('kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as OrgUnitKind)}
          options={kinds.map((k) => ({ value: k, label: tc(`kind.${k}`) }))}
          error={fieldErrors.kind}
          required
        />
      ) : null}
      <TextField
        label={t('name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldErrors.name}
        maxLength={230}
        required
      />
      <TextField
        label={t('code')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={fieldErrors.code}
        maxLength={50}
        required
      />
      {servicePoint ? (
        <>
          <SelectField
            label={t('facilityLevel')}
            value={facilityLevel}
            onChange={(e) => setFacilityLevel(e.target.value)}
            options={FACILITY_LEVELS.map((l) => ({ value: l, label: tc(`facilityLevel.${l}`) }))}
            placeholder="—"
            error={fieldErrors.facilityLevel}
          />
          <CheckboxField
            label={t('providesBirths')}
            checked={providesBirths}
            onChange={(e) => setProvidesBirths(e.target.checked)}
            error={fieldErrors.providesBirths}
          />
          <TextField
            label={t('birthsPerYear')}
            type="number"
            inputMode="numeric"
            min={0}
            value={birthsPerYear}
            onChange={(e) => setBirthsPerYear(e.target.value)}
            error={fieldErrors.birthsPerYear}
          />
          <TextField
            label={t('eencIntroducedOn')}
            type="date"
            value={introducedOn}
            onChange={(e) => setIntroducedOn(e.target.value)}
            error={fieldErrors.eencIntroducedOn}
          />
          <TextField
            label={t('eencTeamFormedOn')}
            type="date"
            value={teamFormedOn}
            onChange={(e) => setTeamFormedOn(e.target.value)}
            error={fieldErrors.eencTeamFormedOn}
          />
        </>
      ) : null}
      {kind === 'country' || kind === 'region' ? (
        <TextField
          label={t('timezone')}
          value={timezone}
          placeholder="Asia/Ho_Chi_Minh"
          onChange={(e) => setTimezone(e.target.value)}
          error={fieldErrors.timezone}
        />
      ) : null}
      <ErrorMessage error={mutation.error && !Object.keys(fieldErrors).length ? mutation.error : null} />
      {Object.keys(fieldErrors).length ? <p className="alert alert--error">{tc('error.fixFields')}</p> : null}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={mutation.isPending}>
          {mutation.isPending ? tc('saving') : tc('save')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={props.onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
