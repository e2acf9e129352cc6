import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { KMC_READINESS_PLACES, type KmcReadiness } from '../../../shared/kmc/kmc-readiness';
import { formatDate } from '../../lib/format';
import { formErrorsOf, useFormValues } from '../../lib/use-form-mutation';
import { CheckList } from '../../ui/CheckList';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { FormCard } from '../../ui/FormCard';
import { FormFooter } from '../../ui/FormFooter';
import { PageHeader } from '../../ui/PageHeader';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { useOwnFacility } from '../org-units/FacilityChooser';
import { getReadiness, kmcKeys, saveReadiness } from './kmc.api';
import { fromYesNo, useYesNoOptions, yesNo } from './kmc-form';

/** The declaration as a sentence: offered since when, where; or not offered; or nothing yet. */
function Summary({ data }: { data: KmcReadiness }) {
  const { t, i18n } = useTranslation('kmc');
  const d = data.declaration;
  if (!d) return <p className="muted">{t('readinessNone')}</p>;
  return (
    <p>
      {d.offersKmc
        ? t('readinessSummaryYes', {
            date: formatDate(d.offeredSince, i18n.language),
            places: d.places.map((p) => t(`place.${p}`)).join(', '),
          })
        : t('readinessSummaryNo')}{' '}
      {d.providesSpecialCare === null
        ? null
        : t(d.providesSpecialCare ? 'specialCareProvided' : 'specialCareNotProvided')}{' '}
      <span className="muted small">
        {t('readinessSaved', { date: formatDate(d.updatedAt, i18n.language) })}
      </span>
    </p>
  );
}

/** Records the declaration on the version read (the server answers 409 when someone saved meanwhile). */
function ReadinessForm({ data }: { data: KmcReadiness }) {
  const { t } = useTranslation('kmc');
  const qc = useQueryClient();
  const d = data.declaration;
  const form = useFormValues({
    offersKmc: fromYesNo(d?.offersKmc ?? null),
    offeredSince: d?.offeredSince ?? '',
    providesSpecialCare: fromYesNo(d?.providesSpecialCare ?? null),
  });
  const [places, setPlaces] = useState<string[]>(d?.places ?? []);
  const offers = form.values.offersKmc === 'yes';
  const save = useMutation({
    mutationFn: () =>
      saveReadiness(data.facilityId, {
        version: d?.version ?? null,
        // Unanswered is sent as such: the server names the question (offersKmc) rather than record a no.
        offersKmc: yesNo(form.values.offersKmc) as boolean,
        offeredSince: offers && form.values.offeredSince !== '' ? form.values.offeredSince : null,
        places: offers ? KMC_READINESS_PLACES.filter((p) => places.includes(p)) : [],
        providesSpecialCare: yesNo(form.values.providesSpecialCare),
      }),
    onSuccess: (saved) => qc.setQueryData(kmcKeys.readiness(data.facilityId), saved),
  });
  const { fieldErrors: errors, formError } = formErrorsOf(save.error);
  const field = form.fieldsWith(errors);
  return (
    <FormCard title={t('readinessTitle')} mutation={save}>
      <ChoiceField
        legend={t('readinessOffers')}
        {...form.choice('offersKmc')}
        options={useYesNoOptions()}
        error={errors.offersKmc}
        required
      />
      {offers ? (
        <>
          <TextField label={t('readinessSince')} type="date" {...field('offeredSince')} required />
          <CheckList
            legend={t('readinessPlaces')}
            options={KMC_READINESS_PLACES}
            selected={places}
            onChange={setPlaces}
            label={(p) => t(`place.${p}`)}
            error={errors.places ?? errors['places.0']}
          />
        </>
      ) : null}
      <ChoiceField
        legend={t('readinessSpecialCare')}
        {...form.choice('providesSpecialCare')}
        options={useYesNoOptions()}
        error={errors.providesSpecialCare}
      />
      <FormFooter formError={formError} pending={save.isPending} />
    </FormCard>
  );
}

/**
 * A facility's own "offers KMC" declaration (issue 16): the facility of the link, else the reader's own;
 * others choose one. Counted by the indicator "Facilities offering KMC".
 */
export default function KmcReadinessPage() {
  const { t } = useTranslation('kmc');
  const own = useOwnFacility();
  const [params, setParams] = useSearchParams();
  const facilityId = params.get('facility') ?? own?.id ?? '';
  const query = useQuery({
    queryKey: kmcKeys.readiness(facilityId),
    queryFn: () => getReadiness(facilityId),
    enabled: facilityId !== '',
  });
  const data = query.data;
  return (
    <>
      <PageHeader title={t('readinessTitle')} intro={t('readinessIntro')} />
      <div className="card">
        <OrgUnitPicker
          label={t('readinessFacility')}
          value={data ? { id: data.facilityId, name: data.facilityName } : null}
          kinds={['facility']}
          onChange={(u) => u && setParams({ facility: u.id })}
        />
      </div>
      <ErrorMessage error={query.error} />
      {data ? (
        <div className="card">
          <h2>{data.facilityName}</h2>
          <Summary data={data} />
          {data.canEdit ? null : <p className="muted small">{t('readinessReadOnly')}</p>}
        </div>
      ) : null}
      {data?.canEdit ? (
        <ReadinessForm key={`${data.facilityId}:${data.declaration?.version ?? 0}`} data={data} />
      ) : null}
    </>
  );
}
