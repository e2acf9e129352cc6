import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  kmcFollowUpPlanOf,
  MAX_KMC_FOLLOW_UP_WEEKS,
  MAX_KMC_LATER_EVERY_WEEKS,
  withKmcFollowUpPlan,
} from '../../../shared/pnc/kmc-follow-up-plan';
import { kmcFollowUpContacts, RiskMarker } from '../../../shared/pnc/pnc-settings';
import { tShared } from '../../lib/i18n';
import { formErrorsOf } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { parseNumber } from '../births/birth-draft';
import { useChosenCountry } from '../org-units/use-chosen-country';
import { getPncSettings, pncSettingsKey, type PncSettingsView, updatePncSettings } from './pnc.api';

type Draft = { weeklyBelowGrams: string; weeks: string; laterEveryWeeks: string };
const EVERY_OPTIONS = Array.from({ length: MAX_KMC_LATER_EVERY_WEEKS }, (_, i) => String(i + 1));

/** The plan's contacts as the draft stands (nothing when a number is not yet valid). */
function previewOf(d: Draft) {
  const weeks = parseNumber(d.weeks);
  const every = parseNumber(d.laterEveryWeeks);
  if (
    weeks === null ||
    every === null ||
    !Number.isInteger(every) ||
    !Number.isInteger(weeks) ||
    weeks < 1 ||
    weeks > MAX_KMC_FOLLOW_UP_WEEKS
  )
    return [];
  return kmcFollowUpContacts(
    Array.from({ length: weeks }, (_, i) => i + 1),
    every,
  ).map((c, i) => ({ week: i + 1, everyone: c.onlyForMarkers[0] === RiskMarker.kmcFollowUp }));
}

function PlanForm({ view }: { view: PncSettingsView }) {
  const { t } = useTranslation('pnc');
  const queryClient = useQueryClient();
  const { plan, matches } = kmcFollowUpPlanOf(view.settings);
  const [draft, setDraft] = useState<Draft>({
    weeklyBelowGrams: String(plan.weeklyBelowGrams),
    weeks: String(plan.weeks),
    laterEveryWeeks: String(plan.laterEveryWeeks),
  });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (settings: PncSettingsView['settings']) =>
      updatePncSettings(view.countryId!, view.version, settings),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['pnc-settings'] }),
  });
  const { fieldErrors: serverErrors, formError } = formErrorsOf(save.error);
  const SERVER_PATH: Record<keyof Draft, string> = {
    weeklyBelowGrams: 'settings.kmcWeeklyBelowGrams',
    weeks: 'settings.contacts',
    laterEveryWeeks: 'settings.contacts',
  };
  const errorOf = (k: keyof Draft) => localErrors[k] ?? serverErrors[SERVER_PATH[k]];
  function submit(e: FormEvent) {
    e.preventDefault();
    const next = withKmcFollowUpPlan(view.settings, {
      weeklyBelowGrams: parseNumber(draft.weeklyBelowGrams),
      weeks: parseNumber(draft.weeks),
      laterEveryWeeks: parseNumber(draft.laterEveryWeeks),
    });
    if ('issues' in next) {
      setLocalErrors(Object.fromEntries(next.issues.map((i) => [i.path, tShared(i.message)])));
      return;
    }
    setLocalErrors({});
    save.mutate(next.settings);
  }
  const grams = parseNumber(draft.weeklyBelowGrams) ?? plan.weeklyBelowGrams;
  const preview = previewOf(draft);
  return (
    <form className="form section" onSubmit={submit} noValidate>
      <h2>{t('kmcSchedule.heading', { country: view.countryName ?? '' })}</h2>
      <p className="muted">
        {view.isDefault ? t('kmcSchedule.isDefault') : null} {t('kmcSchedule.intro')}
      </p>
      {matches ? null : (
        <p className="alert alert--warn" role="note">
          {t('kmcSchedule.edited')}
        </p>
      )}
      <div className="grid">
        <TextField
          label={t('kmcSchedule.weeklyBelowGrams')}
          inputMode="numeric"
          value={draft.weeklyBelowGrams}
          hint={t('kmcSchedule.default', { value: view.defaults.kmcWeeklyBelowGrams })}
          onChange={(e) => setDraft({ ...draft, weeklyBelowGrams: e.target.value })}
          error={errorOf('weeklyBelowGrams')}
        />
        <TextField
          label={t('kmcSchedule.weeks')}
          inputMode="numeric"
          value={draft.weeks}
          hint={t('kmcSchedule.weeksHint')}
          onChange={(e) => setDraft({ ...draft, weeks: e.target.value })}
          error={errorOf('weeks')}
        />
      </div>
      <ChoiceField<string>
        legend={t('kmcSchedule.laterEveryWeeks', { grams })}
        name="laterEveryWeeks"
        value={draft.laterEveryWeeks}
        options={EVERY_OPTIONS.map((n) => ({
          value: n,
          label: t(n === '1' ? 'kmcSchedule.everyWeek' : 'kmcSchedule.everyWeeks', { count: Number(n) }),
        }))}
        onChange={(v) => setDraft({ ...draft, laterEveryWeeks: v })}
        error={errorOf('laterEveryWeeks')}
      />
      <section className="section" aria-labelledby="kmc-schedule-preview">
        <h3 id="kmc-schedule-preview">{t('kmcSchedule.preview')}</h3>
        <ul className="list">
          {preview.map((p) => (
            <li key={p.week}>
              {t('kmcSchedule.week', { week: p.week })}:{' '}
              {p.everyone ? t('kmcSchedule.everyone') : t('kmcSchedule.underOnly', { grams })}
            </li>
          ))}
        </ul>
      </section>
      {save.data ? (
        <p className="alert alert--success" role="status">
          {t('kmcSchedule.saved')}
        </p>
      ) : null}
      <FormFooter formError={formError} pending={save.isPending} submitLabel={t('common:save')} />
    </form>
  );
}

/**
 * The person who manages a country's settings sets its KMC follow-up (issue 16): weekly while a baby
 * is under the threshold, then every N weeks, for so many weeks after the discharge in KMC. Saved as
 * the KMC contacts of the country's postnatal schedule (`PUT /api/pnc/settings/:id`).
 */
export default function KmcFollowUpSettingsPage() {
  const { t } = useTranslation('pnc');
  const { countryId, picker } = useChosenCountry(t('kmcSchedule.country'));
  const view = useQuery({
    queryKey: pncSettingsKey(countryId ?? ''),
    queryFn: () => getPncSettings(countryId!),
    enabled: Boolean(countryId),
  });
  return (
    <>
      <h1>{t('kmcSchedule.nav')}</h1>
      {picker}
      {view.isPending && countryId ? <Loading /> : null}
      <ErrorMessage error={view.error} />
      {view.data?.countryId ? (
        <PlanForm key={`${view.data.countryId}-${view.data.version}`} view={view.data} />
      ) : null}
    </>
  );
}
