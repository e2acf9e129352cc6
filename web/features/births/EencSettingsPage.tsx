import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Cutoff,
  type EencSettings,
  EencSettingsSchema,
  KMC_PRESETS,
} from '../../../shared/births/eenc-settings';
import { EENC_STEPS, type EencStep } from '../../../shared/indicators/sources';
import type { OrgUnit } from '../../../shared/org-units/org-unit.schema';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { tShared } from '../../lib/i18n';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { useMe } from '../auth/session';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker';
import { birthKeys, type EencSettingsView, getEencSettings, updateEencSettings } from './births.api';
import { parseNumber } from './birth-draft';

const CUTOFF_OPTIONS = Object.values(Cutoff);
type KmcDraft = { weight: string; weightCutoff: Cutoff; weeks: string; weeksCutoff: Cutoff };
const kmcDraftOf = (s: Pick<EencSettings, keyof (typeof KMC_PRESETS)['eenc']>): KmcDraft => ({
  weight: String(s.kmcMaxWeightGrams),
  weightCutoff: s.kmcWeightCutoff,
  weeks: s.kmcMaxGestationalWeeks === null ? '' : String(s.kmcMaxGestationalWeeks),
  weeksCutoff: s.kmcWeeksCutoff,
});

const NUMERIC_SETTINGS = [
  'immediateDryingSeconds',
  'immediateSscMinutesVaginal',
  'immediateSscMinutesCaesarean',
  'sscMinDurationMinutes',
  'delayedCordClampMinutes',
  'bagMaskWithinSeconds',
  'uterotonicWithinMinutes',
  'earlyBreastfeedingMinutes',
  'bathMinHours',
  'minStayHours',
] as const;

function SettingsForm({ view }: { view: EencSettingsView }) {
  const { t } = useTranslation('births');
  const queryClient = useQueryClient();
  const [kmc, setKmc] = useState<KmcDraft>(() => kmcDraftOf(view.settings));
  const [implementingStep, setImplementingStep] = useState<EencStep>(view.settings.implementingStep);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(NUMERIC_SETTINGS.map((k) => [k, String(view.settings[k])])),
  );
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (settings: EencSettings) => updateEencSettings(view.countryId!, view.version, settings),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['eenc-settings'] }),
  });
  const serverErrors = save.error instanceof ApiError ? issuesByPath(save.error.issues) : {};
  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = EencSettingsSchema.safeParse({
      kmcMaxWeightGrams: parseNumber(kmc.weight),
      kmcWeightCutoff: kmc.weightCutoff,
      kmcMaxGestationalWeeks: parseNumber(kmc.weeks),
      kmcWeeksCutoff: kmc.weeksCutoff,
      implementingStep,
      ...Object.fromEntries(NUMERIC_SETTINGS.map((k) => [k, parseNumber(values[k] ?? '')])),
    });
    if (!parsed.success) {
      setLocalErrors(
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), tShared(i.message)])),
      );
      return;
    }
    setLocalErrors({});
    save.mutate(parsed.data);
  }
  return (
    <form className="form section" onSubmit={submit} noValidate>
      <h2>{t('settingsTitle', { country: view.countryName ?? '' })}</h2>
      <p className="muted">
        {view.isDefault ? t('settingsDefault') : null} {t('settingsIntro')}
      </p>
      <fieldset className="section">
        <legend>{t('kmcRule')}</legend>
        <p className="muted">{t('kmcRuleHint')}</p>
        <div className="form__actions">
          {(Object.keys(KMC_PRESETS) as Array<keyof typeof KMC_PRESETS>).map((p) => (
            <button key={p} type="button" className="btn" onClick={() => setKmc(kmcDraftOf(KMC_PRESETS[p]))}>
              {t(`kmcPreset.${p}`)}
            </button>
          ))}
        </div>
        <div className="grid">
          <TextField
            label={t('setting.kmcMaxWeightGrams')}
            inputMode="numeric"
            value={kmc.weight}
            hint={t('defaultValue', { value: view.defaults.kmcMaxWeightGrams })}
            onChange={(e) => setKmc({ ...kmc, weight: e.target.value })}
            error={localErrors.kmcMaxWeightGrams ?? serverErrors['settings.kmcMaxWeightGrams']}
          />
          <ChoiceField<Cutoff>
            legend={t('setting.kmcWeightCutoff')}
            name="kmcWeightCutoff"
            value={kmc.weightCutoff}
            options={CUTOFF_OPTIONS.map((c) => ({ value: c, label: t(`cutoff.${c}`) }))}
            onChange={(weightCutoff) => setKmc({ ...kmc, weightCutoff })}
            error={localErrors.kmcWeightCutoff ?? serverErrors['settings.kmcWeightCutoff']}
          />
          <TextField
            label={t('setting.kmcMaxGestationalWeeks')}
            inputMode="numeric"
            value={kmc.weeks}
            hint={t('kmcWeeksHint')}
            onChange={(e) => setKmc({ ...kmc, weeks: e.target.value })}
            error={localErrors.kmcMaxGestationalWeeks ?? serverErrors['settings.kmcMaxGestationalWeeks']}
          />
          <ChoiceField<Cutoff>
            legend={t('setting.kmcWeeksCutoff')}
            name="kmcWeeksCutoff"
            value={kmc.weeksCutoff}
            options={CUTOFF_OPTIONS.map((c) => ({ value: c, label: t(`cutoff.${c}`) }))}
            onChange={(weeksCutoff) => setKmc({ ...kmc, weeksCutoff })}
            error={localErrors.kmcWeeksCutoff ?? serverErrors['settings.kmcWeeksCutoff']}
          />
        </div>
      </fieldset>
      <ChoiceField<EencStep>
        legend={t('setting.implementingStep')}
        name="implementingStep"
        value={implementingStep}
        options={EENC_STEPS.map((step) => ({ value: step, label: t(`step.${step}`) }))}
        onChange={setImplementingStep}
        error={localErrors.implementingStep ?? serverErrors['settings.implementingStep']}
      />
      <div className="grid">
        {NUMERIC_SETTINGS.map((k) => (
          <TextField
            key={k}
            label={t(`setting.${k}`)}
            inputMode="decimal"
            value={values[k] ?? ''}
            hint={t('defaultValue', { value: view.defaults[k] })}
            onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            error={localErrors[k] ?? serverErrors[`settings.${k}`]}
          />
        ))}
      </div>
      {save.data ? (
        <p className="alert alert--success" role="status">
          {t('settingsSaved', { count: save.data.recomputedBirths })}
        </p>
      ) : null}
      <ErrorMessage error={Object.keys(serverErrors).length ? null : save.error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {t('common:save')}
        </button>
      </div>
    </form>
  );
}

/** National managers set their country's EENC thresholds (KMC cut-offs, uncertain timings). */
export default function EencSettingsPage() {
  const { t } = useTranslation('births');
  const me = useMe();
  const ownCountry = me.user.scopes.find((s) => s.kind === 'country');
  const [picked, setPicked] = useState<OrgUnit | null>(null);
  const countryId = picked?.id ?? ownCountry?.id;
  const view = useQuery({
    queryKey: birthKeys.settings(countryId ?? ''),
    queryFn: () => getEencSettings(countryId!),
    enabled: Boolean(countryId),
  });
  return (
    <>
      <h1>{t('settingsNav')}</h1>
      {!ownCountry ? (
        <OrgUnitPicker label={t('country')} value={picked} onChange={setPicked} kinds={['country']} />
      ) : null}
      {view.isPending && countryId ? <Loading /> : null}
      <ErrorMessage error={view.error} />
      {view.data?.countryId ? (
        <SettingsForm key={`${view.data.countryId}-${view.data.version}`} view={view.data} />
      ) : null}
    </>
  );
}
