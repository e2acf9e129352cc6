import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dhis2Mapping } from '../../../shared/dhis2/dhis2-exchange.schema';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { formErrorsOf } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { dhis2Keys, setMonthlyPush } from './dhis2.api';
import { ActionButton } from '../../ui/ActionButton';

/** Switches a mapping's monthly push on for an area (the server sends each past month once) or off. */
export function MonthlyPushPanel({ mapping }: { mapping: Dhis2Mapping }) {
  const { t } = useTranslation('dhis2');
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState<OrgUnit | null>(null);
  const save = useMutation({
    mutationFn: (orgUnit: string | null) => setMonthlyPush(mapping.id, orgUnit),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dhis2Keys.mappings }),
  });
  const errors = formErrorsOf(save.error);
  const on = mapping.monthlyPush;

  return (
    <section className="card" aria-labelledby="dhis2-monthly">
      <h2 id="dhis2-monthly">{t('monthlyTitle')}</h2>
      <p className="muted">{t('monthlyHelp')}</p>
      {on ? (
        <div className="form">
          <p role="status">
            {t('monthlyOn', { unit: on.orgUnitName, last: on.lastPeriod ?? t('monthlyNone') })}
          </p>
          <div className="form__actions">
            <ActionButton busy={save.isPending} onClick={() => save.mutate(null)}>
              {t('monthlySwitchOff')}
            </ActionButton>
          </div>
        </div>
      ) : (
        <div className="form">
          <OrgUnitPicker
            label={t('orgUnit')}
            value={unit}
            onChange={setUnit}
            error={errors.fieldErrors.orgUnit}
            required
          />
          <div className="form__actions">
            <ActionButton
              variant="primary"
              busy={save.isPending}
              disabled={!unit}
              onClick={() => save.mutate(unit!.id)}
            >
              {t('monthlySwitchOn')}
            </ActionButton>
          </div>
        </div>
      )}
      <ErrorMessage error={errors.formError} />
    </section>
  );
}
