import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Finding, motherFindings, newbornFindings } from '../../../shared/pnc/pnc-rules';
import type { FollowUp, VisitResult } from '../../../shared/pnc/pnc.schema';
import {
  BLEEDING_STATES,
  BREASTFEEDING_PROBLEMS,
  CORD_STATES,
  FUNDUS_STATES,
  JAUNDICE_STATES,
  LOCHIA_STATES,
  MATERNAL_DANGER_SIGNS,
  NEWBORN_DANGER_SIGNS,
  PROTEINURIA_LEVELS,
} from '../../../shared/pnc/pnc-values';
import { ApiError, issuesByPath } from '../../lib/api-client';
import { FormFooter } from '../../ui/FormFooter';
import { CheckList } from '../../ui/CheckList';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { useMe } from '../auth/session';
import { pncKeys, recordVisit } from './pnc.api';
import { FieldFindings, ReferredField, referredValue } from './FieldFindings';
import { contactLabel, signLabel } from './pnc-labels';

type Subject = FollowUp['subjects'][number];

/** A number field's text → number, or null when empty (the server explains a bad value). */
const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.replace(',', '.')));
const yesNo = (s: string): boolean | null => (s === '' ? null : s === 'yes');

function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

type BabyState = {
  seen: boolean;
  weightGrams: string;
  temperatureC: string;
  breathingRate: string;
  ebf: string;
  kmcHours: string;
  cord: string;
  jaundice: string;
  dangerSigns: string[];
  hepB0: boolean;
  bcg: boolean;
  opv0: boolean;
  /** null until the worker touches the box: it then follows the findings (see ReferredField). */
  referred: boolean | null;
};
const emptyBaby = (): BabyState => ({
  seen: true,
  weightGrams: '',
  temperatureC: '',
  breathingRate: '',
  ebf: '',
  kmcHours: '',
  cord: '',
  jaundice: '',
  dangerSigns: [],
  hepB0: false,
  bcg: false,
  opv0: false,
  referred: null,
});
type MotherState = {
  seen: boolean;
  systolic: string;
  diastolic: string;
  temperatureC: string;
  pulseBpm: string;
  bleeding: string;
  spo2Percent: string;
  proteinuria: string;
  fundus: string;
  uterineTenderness: string;
  lochia: string;
  dangerSigns: string[];
  bfProblems: string[];
  fp: string;
  referred: boolean | null;
};
const emptyMother = (seen: boolean): MotherState => ({
  seen,
  systolic: '',
  diastolic: '',
  temperatureC: '',
  pulseBpm: '',
  bleeding: '',
  spo2Percent: '',
  proteinuria: '',
  fundus: '',
  uterineTenderness: '',
  lochia: '',
  dangerSigns: [],
  bfProblems: [],
  fp: '',
  referred: null,
});

/** Records one contact of the pair: who was seen, where, when, the values, and the referral prompt. */
export function VisitForm({
  followUp,
  initialCode,
  onSaved,
}: {
  followUp: FollowUp;
  initialCode: string | null;
  onSaved(result: VisitResult): void;
}) {
  const { t } = useTranslation('pnc');
  const me = useMe();
  const queryClient = useQueryClient();
  const mother = followUp.subjects.find((s) => s.kind === 'mother');
  const babies = followUp.subjects.filter((s) => s.kind === 'newborn' && s.alive);
  const open = (s: Subject | undefined, code: string) =>
    Boolean(s?.contacts.some((c) => c.code === code && c.status !== 'done' && c.status !== 'cancelled'));
  const codes = [...new Set(followUp.subjects.flatMap((s) => s.contacts.map((c) => c.code)))];
  const defaultCode =
    (initialCode && codes.includes(initialCode) ? initialCode : null) ??
    codes.find((c) => open(mother, c) || babies.some((b) => open(b, c))) ??
    codes[0] ??
    'c1';
  const [code, setCode] = useState(defaultCode);
  const [visitedAt, setVisitedAt] = useState(localNow);
  const [place, setPlace] = useState<'home' | 'facility'>('home');
  const [seenBy, setSeenBy] = useState(me.user.displayName);
  const [m, setM] = useState<MotherState>(() => emptyMother(open(mother, defaultCode)));
  const [bs, setBs] = useState<BabyState[]>(() => babies.map(() => emptyBaby()));
  const setBaby = (i: number, patch: Partial<BabyState>) =>
    setBs((all) => all.map((b, j) => (j === i ? { ...b, ...patch } : b)));

  const forMother = Boolean(mother?.contacts.some((c) => c.code === code));
  const babiesFor = babies.map((b) => b.contacts.some((c) => c.code === code));
  const ageHours = (Date.parse(visitedAt) - Date.parse(followUp.bornAt)) / 3_600_000;
  const sentBabies = babies.map((b, i) => ({ b, s: bs[i]!, i })).filter(({ s, i }) => s.seen && babiesFor[i]);

  const motherValues = () => ({
    systolic: num(m.systolic),
    diastolic: num(m.diastolic),
    temperatureC: num(m.temperatureC),
    pulseBpm: num(m.pulseBpm),
    bleeding: (m.bleeding || null) as (typeof BLEEDING_STATES)[number] | null,
    spo2Percent: num(m.spo2Percent),
    proteinuria: (m.proteinuria || null) as (typeof PROTEINURIA_LEVELS)[number] | null,
    fundus: (m.fundus || null) as (typeof FUNDUS_STATES)[number] | null,
    uterineTenderness: yesNo(m.uterineTenderness),
    lochia: (m.lochia || null) as (typeof LOCHIA_STATES)[number] | null,
    dangerSigns: m.dangerSigns as (typeof MATERNAL_DANGER_SIGNS)[number][],
  });
  const babyValues = (s: BabyState) => ({
    weightGrams: num(s.weightGrams),
    temperatureC: num(s.temperatureC),
    breathingRate: num(s.breathingRate),
    cord: (s.cord || null) as (typeof CORD_STATES)[number] | null,
    jaundice: (s.jaundice || null) as (typeof JAUNDICE_STATES)[number] | null,
    dangerSigns: s.dangerSigns as (typeof NEWBORN_DANGER_SIGNS)[number][],
  });
  const motherFindingsNow: Finding[] = forMother && m.seen ? motherFindings(motherValues()) : [];
  const babyFindingsNow: Finding[][] = bs.map((s, i) =>
    s.seen && babiesFor[i]
      ? newbornFindings(babyValues(s), {
          ageHours: Number.isNaN(ageHours) ? 48 : ageHours,
          gestationalAgeWeeks: followUp.gestationalAgeWeeks,
        })
      : [],
  );

  const save = useMutation({
    mutationFn: () =>
      recordVisit(
        {
          id: globalThis.crypto.randomUUID(),
          birthId: followUp.birthId,
          contactCode: code,
          visitedAt: Number.isNaN(Date.parse(visitedAt)) ? visitedAt : new Date(visitedAt).toISOString(),
          place,
          seenBy,
          mother:
            forMother && m.seen
              ? {
                  ...motherValues(),
                  breastfeedingProblems: m.bfProblems as (typeof BREASTFEEDING_PROBLEMS)[number][],
                  familyPlanningCounselled: yesNo(m.fp),
                  referred: referredValue(m.referred, motherFindingsNow),
                }
              : null,
          newborns: sentBabies.map(({ b, s, i }) => ({
            newbornId: b.newbornId!,
            ...babyValues(s),
            exclusiveBreastfeedingYesterday: yesNo(s.ebf),
            kmcHoursYesterday: num(s.kmcHours),
            immunisation: { hepB0: s.hepB0 || null, bcg: s.bcg || null, opv0: s.opv0 || null },
            referred: referredValue(s.referred, babyFindingsNow[i]!),
          })),
        },
        followUp,
      ),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: pncKeys.all });
      onSaved(result);
    },
  });
  const errors = save.error instanceof ApiError ? issuesByPath(save.error.issues) : {};
  const babyError = (i: number, field: string) => {
    const idx = sentBabies.findIndex((x) => x.i === i);
    return idx < 0 ? undefined : errors[`newborns.${idx}.${field}`];
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }

  const yesNoOptions = [
    { value: 'yes', label: t('common:yes') },
    { value: 'no', label: t('common:no') },
  ];

  return (
    <form className="form pnc-form" onSubmit={submit} noValidate aria-label={t('recordContact')}>
      <SelectField
        label={t('whichContact')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        options={codes.map((c) => {
          const any = followUp.subjects.flatMap((s) => s.contacts).find((x) => x.code === c)!;
          return { value: c, label: contactLabel(t, any, followUp.birthDate) };
        })}
        error={errors.contactCode}
      />
      <TextField
        label={t('visitedAt')}
        type="datetime-local"
        value={visitedAt}
        onChange={(e) => setVisitedAt(e.target.value)}
        error={errors.visitedAt}
        required
      />
      <fieldset className="fieldset">
        <legend>{t('place')}</legend>
        <div className="pnc-checks">
          {(['home', 'facility'] as const).map((p) => (
            <label key={p} className="pnc-radio">
              <input type="radio" name="place" value={p} checked={place === p} onChange={() => setPlace(p)} />
              {t(`place.${p}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <TextField
        label={t('seenBy')}
        value={seenBy}
        onChange={(e) => setSeenBy(e.target.value)}
        error={errors.seenBy}
        required
      />

      {forMother ? (
        <fieldset className="fieldset">
          <legend>{t('mother')}</legend>
          <CheckboxField
            label={t('motherSeen')}
            checked={m.seen}
            onChange={(e) => setM({ ...m, seen: e.target.checked })}
          />
          {m.seen ? (
            <>
              <div className="inline">
                <TextField
                  label={t('systolic')}
                  inputMode="numeric"
                  value={m.systolic}
                  onChange={(e) => setM({ ...m, systolic: e.target.value })}
                  error={errors['mother.systolic']}
                />
                <TextField
                  label={t('diastolic')}
                  inputMode="numeric"
                  value={m.diastolic}
                  onChange={(e) => setM({ ...m, diastolic: e.target.value })}
                  error={errors['mother.diastolic']}
                />
              </div>
              <FieldFindings findings={motherFindingsNow} paths={['systolic', 'diastolic']} />
              <div className="inline">
                <TextField
                  label={t('temperatureC')}
                  inputMode="decimal"
                  value={m.temperatureC}
                  onChange={(e) => setM({ ...m, temperatureC: e.target.value })}
                  error={errors['mother.temperatureC']}
                />
                <TextField
                  label={t('pulse')}
                  inputMode="numeric"
                  value={m.pulseBpm}
                  onChange={(e) => setM({ ...m, pulseBpm: e.target.value })}
                  error={errors['mother.pulseBpm']}
                />
              </div>
              <FieldFindings findings={motherFindingsNow} paths={['temperatureC', 'pulseBpm']} />
              <SelectField
                label={t('bleeding')}
                value={m.bleeding}
                onChange={(e) => setM({ ...m, bleeding: e.target.value })}
                options={BLEEDING_STATES.map((b) => ({ value: b, label: t(`bleeding.${b}`) }))}
                placeholder={t('notRecorded')}
                error={errors['mother.bleeding']}
              />
              <FieldFindings findings={motherFindingsNow} paths={['bleeding']} />
              <div className="inline">
                <TextField
                  label={t('spo2')}
                  inputMode="numeric"
                  value={m.spo2Percent}
                  onChange={(e) => setM({ ...m, spo2Percent: e.target.value })}
                  error={errors['mother.spo2Percent']}
                />
                <SelectField
                  label={t('proteinuria')}
                  value={m.proteinuria}
                  onChange={(e) => setM({ ...m, proteinuria: e.target.value })}
                  options={PROTEINURIA_LEVELS.map((p) => ({ value: p, label: t(`proteinuria.${p}`) }))}
                  placeholder={t('notRecorded')}
                  error={errors['mother.proteinuria']}
                />
              </div>
              <FieldFindings findings={motherFindingsNow} paths={['spo2Percent', 'proteinuria']} />
              <div className="inline">
                <SelectField
                  label={t('fundus')}
                  value={m.fundus}
                  onChange={(e) => setM({ ...m, fundus: e.target.value })}
                  options={FUNDUS_STATES.map((f) => ({ value: f, label: t(`fundus.${f}`) }))}
                  placeholder={t('notRecorded')}
                  error={errors['mother.fundus']}
                />
                <SelectField
                  label={t('uterineTenderness')}
                  value={m.uterineTenderness}
                  onChange={(e) => setM({ ...m, uterineTenderness: e.target.value })}
                  options={yesNoOptions}
                  placeholder={t('notRecorded')}
                />
                <SelectField
                  label={t('lochia')}
                  value={m.lochia}
                  onChange={(e) => setM({ ...m, lochia: e.target.value })}
                  options={LOCHIA_STATES.map((l) => ({ value: l, label: t(`lochia.${l}`) }))}
                  placeholder={t('notRecorded')}
                  error={errors['mother.lochia']}
                />
              </div>
              <FieldFindings findings={motherFindingsNow} paths={['fundus', 'uterineTenderness', 'lochia']} />
              <CheckList
                legend={t('dangerSigns')}
                options={MATERNAL_DANGER_SIGNS}
                selected={m.dangerSigns}
                onChange={(v) => setM({ ...m, dangerSigns: v })}
                label={(c) => signLabel(t, c)}
                error={errors['mother.dangerSigns']}
                listClassName="pnc-checks"
              />
              <FieldFindings findings={motherFindingsNow} paths={['dangerSigns']} />
              <CheckList
                legend={t('breastfeedingProblems')}
                options={BREASTFEEDING_PROBLEMS}
                selected={m.bfProblems}
                onChange={(v) => setM({ ...m, bfProblems: v })}
                label={(c) => t(`bf.${c}`)}
                error={errors['mother.breastfeedingProblems']}
                listClassName="pnc-checks"
              />
              <SelectField
                label={t('fpCounselled')}
                value={m.fp}
                onChange={(e) => setM({ ...m, fp: e.target.value })}
                options={yesNoOptions}
                placeholder={t('notRecorded')}
              />
              <ReferredField
                choice={m.referred}
                urgent={motherFindingsNow.some((f) => f.level === 'urgent')}
                onChange={(v) => setM({ ...m, referred: v })}
              />
            </>
          ) : null}
        </fieldset>
      ) : null}

      {babies.map((b, i) =>
        babiesFor[i] ? (
          <fieldset key={b.subjectId} className="fieldset">
            <legend>{t('baby', { n: b.birthOrder ?? i + 1 })}</legend>
            <CheckboxField
              label={t('babySeen', { n: b.birthOrder ?? i + 1 })}
              checked={bs[i]!.seen}
              onChange={(e) => setBaby(i, { seen: e.target.checked })}
              error={babyError(i, 'newbornId')}
            />
            {bs[i]!.seen ? (
              <>
                <div className="inline">
                  <TextField
                    label={t('weightGrams')}
                    inputMode="numeric"
                    value={bs[i]!.weightGrams}
                    onChange={(e) => setBaby(i, { weightGrams: e.target.value })}
                    error={babyError(i, 'weightGrams')}
                  />
                  <TextField
                    label={t('temperatureC')}
                    inputMode="decimal"
                    value={bs[i]!.temperatureC}
                    onChange={(e) => setBaby(i, { temperatureC: e.target.value })}
                    error={babyError(i, 'temperatureC')}
                  />
                  <TextField
                    label={t('breathingRate')}
                    inputMode="numeric"
                    value={bs[i]!.breathingRate}
                    onChange={(e) => setBaby(i, { breathingRate: e.target.value })}
                    error={babyError(i, 'breathingRate')}
                  />
                </div>
                <FieldFindings
                  findings={babyFindingsNow[i]!}
                  paths={['weightGrams', 'temperatureC', 'breathingRate', 'gestationalAgeWeeks']}
                />
                <SelectField
                  label={t('ebf')}
                  value={bs[i]!.ebf}
                  onChange={(e) => setBaby(i, { ebf: e.target.value })}
                  options={yesNoOptions}
                  placeholder={t('notRecorded')}
                />
                {b.riskMarkers.includes('kmc_follow_up') ? (
                  <TextField
                    label={t('kmcHoursYesterday')}
                    inputMode="decimal"
                    value={bs[i]!.kmcHours}
                    onChange={(e) => setBaby(i, { kmcHours: e.target.value })}
                    error={babyError(i, 'kmcHoursYesterday')}
                  />
                ) : null}
                <div className="inline">
                  <SelectField
                    label={t('cord')}
                    value={bs[i]!.cord}
                    onChange={(e) => setBaby(i, { cord: e.target.value })}
                    options={CORD_STATES.map((c) => ({ value: c, label: t(`cord.${c}`) }))}
                    placeholder={t('notRecorded')}
                    error={babyError(i, 'cord')}
                  />
                  <SelectField
                    label={t('jaundice')}
                    value={bs[i]!.jaundice}
                    onChange={(e) => setBaby(i, { jaundice: e.target.value })}
                    options={JAUNDICE_STATES.map((c) => ({ value: c, label: t(`jaundice.${c}`) }))}
                    placeholder={t('notRecorded')}
                    error={babyError(i, 'jaundice')}
                  />
                </div>
                <FieldFindings findings={babyFindingsNow[i]!} paths={['cord', 'jaundice']} />
                <CheckList
                  legend={t('dangerSigns')}
                  options={NEWBORN_DANGER_SIGNS}
                  selected={bs[i]!.dangerSigns}
                  onChange={(v) => setBaby(i, { dangerSigns: v })}
                  label={(c) => signLabel(t, c)}
                  error={babyError(i, 'dangerSigns')}
                  listClassName="pnc-checks"
                />
                <FieldFindings findings={babyFindingsNow[i]!} paths={['dangerSigns']} />
                <fieldset className="fieldset">
                  <legend>{t('immunisation')}</legend>
                  <div className="pnc-checks">
                    <CheckboxField
                      label={t('hepB0')}
                      checked={bs[i]!.hepB0}
                      onChange={(e) => setBaby(i, { hepB0: e.target.checked })}
                    />
                    <CheckboxField
                      label={t('bcg')}
                      checked={bs[i]!.bcg}
                      onChange={(e) => setBaby(i, { bcg: e.target.checked })}
                    />
                    <CheckboxField
                      label={t('opv0')}
                      checked={bs[i]!.opv0}
                      onChange={(e) => setBaby(i, { opv0: e.target.checked })}
                    />
                  </div>
                </fieldset>
                <ReferredField
                  choice={bs[i]!.referred}
                  urgent={babyFindingsNow[i]!.some((f) => f.level === 'urgent')}
                  onChange={(v) => setBaby(i, { referred: v })}
                />
              </>
            ) : null}
          </fieldset>
        ) : null,
      )}

      {errors.newborns ? (
        <p className="field__error" role="alert">
          {errors.newborns}
        </p>
      ) : null}
      <FormFooter formError={save.error} pending={save.isPending} />
    </form>
  );
}
