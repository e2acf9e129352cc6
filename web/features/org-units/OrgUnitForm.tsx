import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  allowedParentKinds,
  FACILITY_LEVELS,
  isServicePoint,
  ORG_UNIT_KINDS,
  type OrgUnit,
  type OrgUnitKind,
} from '../../../shared/org-units/org-unit.schema';
import { formErrorsOf, submitWith, useFormValues } from '../../lib/use-form-mutation';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
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
  const { values, bind } = useFormValues({
    code: initial?.code ?? '',
    name: initial?.name ?? '',
    facilityLevel: initial?.facilityLevel ?? '',
    birthsPerYear: initial?.birthsPerYear?.toString() ?? '',
    eencIntroducedOn: initial?.eencIntroducedOn ?? '',
    eencTeamFormedOn: initial?.eencTeamFormedOn ?? '',
    closedOn: initial?.closedOn ?? '',
    timezone: initial?.timezone ?? '',
  });
  const [providesBirths, setProvidesBirths] = useState(initial?.providesBirths ?? kind === 'facility');
  const servicePoint = isServicePoint(kind);

  const mutation = useMutation({
    mutationFn: () => {
      const { code, name, facilityLevel, birthsPerYear, timezone } = values;
      const facility = servicePoint
        ? {
            facilityLevel: (facilityLevel || null) as OrgUnit['facilityLevel'],
            providesBirths,
            birthsPerYear: birthsPerYear === '' ? null : Number(birthsPerYear),
            eencIntroducedOn: values.eencIntroducedOn || null,
            eencTeamFormedOn: values.eencTeamFormedOn || null,
            closedOn: values.closedOn || null,
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
  const { fieldErrors, hasFieldErrors, formError } = formErrorsOf(mutation.error);
  const field = (key: keyof typeof values) => ({ ...bind(key), error: fieldErrors[key] });

  return (
    <form onSubmit={submitWith(mutation)} noValidate className="form">
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
      <TextField label={t('name')} {...field('name')} maxLength={230} required />
      <TextField label={t('code')} {...field('code')} maxLength={50} required />
      {servicePoint ? (
        <>
          <SelectField
            label={t('facilityLevel')}
            {...field('facilityLevel')}
            options={FACILITY_LEVELS.map((l) => ({ value: l, label: tc(`facilityLevel.${l}`) }))}
            placeholder="—"
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
            {...field('birthsPerYear')}
          />
          <TextField label={t('eencIntroducedOn')} type="date" {...field('eencIntroducedOn')} />
          <TextField label={t('eencTeamFormedOn')} type="date" {...field('eencTeamFormedOn')} />
          <TextField label={t('closedOn')} hint={t('closedOnHint')} type="date" {...field('closedOn')} />
        </>
      ) : null}
      {kind === 'country' || kind === 'region' ? (
        <TextField label={t('timezone')} placeholder="Asia/Ho_Chi_Minh" {...field('timezone')} />
      ) : null}
      <FormFooter
        formError={formError}
        hasFieldErrors={hasFieldErrors}
        pending={mutation.isPending}
        onCancel={props.onCancel}
      />
    </form>
  );
}
