import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Cutoff,
  type EencSettings,
  EencSettingsSchema,
  KMC_PRESETS,
} from '../../../shared/births/eenc-settings';
import { EENC_STEPS, type EencStep } from '../../../shared/indicators/sources';
import { tShared } from '../../lib/i18n';
import { formErrorsOf } from '../../lib/use-form-mutation';
import { ChoiceField } from '../../ui/ChoiceField';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { FormFooter } from '../../ui/FormFooter';
import { Loading } from '../../ui/Loading';
import { useChosenCountry } from '../org-units/use-chosen-country';
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

/** The two KMC limits, each a value and whether the limit itself counts (its cut-off). */
const KMC_FIELDS = [
  { value: 'weight', cutoff: 'weightCutoff', setting: 'kmcMaxWeightGrams', cutoffSetting: 'kmcWeightCutoff' },
  {
    value: 'weeks',
    cutoff: 'weeksCutoff',
    setting: 'kmcMaxGestationalWeeks',
    cutoffSetting: 'kmcWeeksCutoff',
  },
] as const;

/** KMC numbers shown with the rule: special-care thresholds, the discharge checks read from the log, graduation. */
const KMC_NUMERIC_SETTINGS = [
  'kmcSpecialCareBelowGrams',
  'kmcSpecialCareBelowWeeks',
  'kmcGraduationGrams',
  'kmcGraduationPmaWeeks',
  'kmcWeightGainDays',
  'kmcStableTemperatureDays',
  'kmcNormalTemperatureMinC',
  'kmcNormalTemperatureBelowC',
] as const;

const OTHER_NUMERIC_SETTINGS = [
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
const NUMERIC_SETTINGS = [...KMC_NUMERIC_SETTINGS, ...OTHER_NUMERIC_SETTINGS];

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
  const { fieldErrors: serverErrors, formError } = formErrorsOf(save.error);
  /** The browser's own check first, then what the server said of the same setting. */
  const errorOf = (key: string) => localErrors[key] ?? serverErrors[`settings.${key}`];
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
  const numberField = (k: (typeof NUMERIC_SETTINGS)[number]) => (
    <TextField
      key={k}
      label={t(`setting.${k}`)}
      inputMode="decimal"
      value={values[k] ?? ''}
      hint={t('defaultValue', { value: view.defaults[k] })}
      onChange={(e) => setValues({ ...values, [k]: e.target.value })}
      error={errorOf(k)}
    />
  );
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
          {KMC_FIELDS.map((f) => (
            <Fragment key={f.setting}>
              <TextField
                label={t(`setting.${f.setting}`)}
                inputMode="numeric"
                value={kmc[f.value]}
                hint={
                  f.value === 'weight'
                    ? t('defaultValue', { value: view.defaults.kmcMaxWeightGrams })
                    : t('kmcWeeksHint')
                }
                onChange={(e) => setKmc({ ...kmc, [f.value]: e.target.value })}
                error={errorOf(f.setting)}
              />
              <ChoiceField<Cutoff>
                legend={t(`setting.${f.cutoffSetting}`)}
                name={f.cutoffSetting}
                value={kmc[f.cutoff]}
                options={CUTOFF_OPTIONS.map((c) => ({ value: c, label: t(`cutoff.${c}`) }))}
                onChange={(cutoff) => setKmc({ ...kmc, [f.cutoff]: cutoff })}
                error={errorOf(f.cutoffSetting)}
              />
            </Fragment>
          ))}
        </div>
        <div className="grid">{KMC_NUMERIC_SETTINGS.map(numberField)}</div>
      </fieldset>
      <ChoiceField<EencStep>
        legend={t('setting.implementingStep')}
        name="implementingStep"
        value={implementingStep}
        options={EENC_STEPS.map((step) => ({ value: step, label: t(`step.${step}`) }))}
        onChange={setImplementingStep}
        error={errorOf('implementingStep')}
      />
      <div className="grid">{OTHER_NUMERIC_SETTINGS.map(numberField)}</div>
      {save.data ? (
        <p className="alert alert--success" role="status">
          {t('settingsSaved', { count: save.data.recomputedBirths })}
        </p>
      ) : null}
      <FormFooter formError={formError} pending={save.isPending} submitLabel={t('common:save')} />
    </form>
  );
}

/** National managers set their country's EENC thresholds (KMC cut-offs, uncertain timings). */
export default function EencSettingsPage() {
  const { t } = useTranslation('births');
  const { countryId, picker } = useChosenCountry(t('country'));
  const view = useQuery({
    queryKey: birthKeys.settings(countryId ?? ''),
    queryFn: () => getEencSettings(countryId!),
    enabled: Boolean(countryId),
  });
  return (
    <>
      <h1>{t('settingsNav')}</h1>
      {picker}
      {view.isPending && countryId ? <Loading /> : null}
      <ErrorMessage error={view.error} />
      {view.data?.countryId ? (
        <SettingsForm key={`${view.data.countryId}-${view.data.version}`} view={view.data} />
      ) : null}
    </>
  );
}
