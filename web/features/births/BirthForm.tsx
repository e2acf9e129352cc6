import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Birth } from '../../../shared/births/birth.schema';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { isoToZonedLocal, zonedLocalToIso } from '../../../shared/births/zoned-time';
import { ApiError } from '../../lib/api-client';
import { tShared } from '../../lib/i18n';
import { useNarrowScreen } from '../../lib/use-narrow-screen';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { type BirthDraft, emptyDraft, type NewbornDraft, toBirthInput, withBabyCount } from './birth-draft';
import { checkDraft, type DraftWarning } from './birth-validation';
import { birthKeys, createBirth, updateBirth } from './births.api';
import { DeliveryFields } from './DeliveryFields';
import { clearDraft, saveDraft } from './draft-store';
import type { FormCtx } from './form-context';
import { formSections } from './form-sections';
import { MotherFields } from './MotherFields';
import { NewbornCareFields } from './NewbornCareFields';
import { NewbornFields } from './NewbornFields';
import { SectionIndex } from './SectionIndex';
import { useFormSteps } from './use-form-steps';
import { WarningsPanel } from './WarningsPanel';

type Props = {
  initial: BirthDraft;
  timeZone: string;
  settings: EencSettings;
  /** The server's earliest accepted birth date (REGISTER_EARLIEST_BIRTH_DATE). */
  earliestBirthDate: string;
  /** Present when editing: the version read, for the conflict check. */
  version?: number;
  canEditPersonal: boolean;
  /** A new birth: every change is kept on the device for this user until it is saved (draft-store.ts). */
  keepDraftFor?: string;
  /** The draft came back from the device: say so, and offer to discard it. */
  restored?: boolean;
  /** A fresh id for the birth that replaces a discarded draft. */
  newId?(): string;
  onSaved(birth: Birth): void;
};

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000 } as const;

export function BirthForm({
  initial,
  timeZone,
  settings,
  earliestBirthDate,
  version,
  canEditPersonal,
  keepDraftFor,
  restored = false,
  newId,
  onSaved,
}: Props) {
  const { t } = useTranslation('births');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const [showRestored, setShowRestored] = useState(restored);
  useEffect(() => {
    if (keepDraftFor) saveDraft(keepDraftFor, draft);
  }, [keepDraftFor, draft]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [now, setNow] = useState(() => new Date());
  const check = useMemo(
    () => checkDraft(draft, timeZone, settings, now, earliestBirthDate),
    [draft, timeZone, settings, now, earliestBirthDate],
  );

  const formId = useId();
  // A phone shows one section per step; a desktop the whole form with a section index (docs/web.md).
  const isPhone = useNarrowScreen();
  const steps = useFormSteps(formId);
  const sections = formSections(
    draft,
    check.issues,
    (anchor) => submitted || steps.isChecked(anchor),
    (key, n) => t(key, { n }),
  );
  const current = steps.currentOf(sections);
  const shown = isPhone ? sections[current] : undefined;
  const isShown = (anchor: string) => !shown || shown.anchor === anchor;
  const isLastStep = current === sections.length - 1;

  const save = useMutation({
    mutationFn: () => {
      const input = toBirthInput(draft, timeZone);
      if (version === undefined) return createBirth(input);
      const { id: _id, ...rest } = input;
      return updateBirth(draft.id, { ...rest, version });
    },
    onSuccess: async (birth) => {
      if (keepDraftFor) clearDraft({ userId: keepDraftFor, facilityId: draft.facilityId });
      await queryClient.invalidateQueries({ queryKey: birthKeys.all });
      onSaved(birth);
    },
  });
  const serverIssues = save.error instanceof ApiError ? save.error.issues : [];

  const ctx: FormCtx = {
    err: (path) => {
      const server = serverIssues.find((i) => i.path === path);
      if (server) return server.message;
      const shownHere = sections.some((s) => steps.isChecked(s.anchor) && s.owns(path));
      if (!submitted && !touched.has(path) && !shownHere) return undefined;
      const issue = check.issues.find((i) => i.path === path);
      return issue ? tShared(issue.message, issue.params) : undefined;
    },
    touch: (path) => setTouched((s) => (s.has(path) ? s : new Set(s).add(path))),
    elapsed: (unit) => {
      const bornAt = zonedLocalToIso(draft.delivery.bornAtLocal, timeZone);
      if (!bornAt) return null;
      const start = new Date(bornAt).getTime();
      return () => {
        const ms = Date.now() - start;
        return ms < 0 ? null : ms / UNIT_MS[unit];
      };
    },
    nowLocal: () => isoToZonedLocal(new Date().toISOString(), timeZone),
    triOptions: [
      { value: 'yes', label: t('yes') },
      { value: 'no', label: t('no') },
      { value: 'unknown', label: t('unknown') },
    ],
  };

  const setNewborn = (i: number, patch: Partial<NewbornDraft>) =>
    setDraft((d) => ({ ...d, newborns: d.newborns.map((n, j) => (j === i ? { ...n, ...patch } : n)) }));
  const reasonOf = (w: DraftWarning) =>
    (w.owner === 'delivery' ? draft.delivery.deviationReasons : draft.newborns[w.owner]!.deviationReasons)[
      w.flag
    ] ?? '';
  const setReason = (w: DraftWarning, reason: string) => {
    if (w.owner === 'delivery')
      setDraft((d) => ({
        ...d,
        delivery: { ...d.delivery, deviationReasons: { ...d.delivery.deviationReasons, [w.flag]: reason } },
      }));
    else
      setNewborn(w.owner, {
        deviationReasons: { ...draft.newborns[w.owner]!.deviationReasons, [w.flag]: reason },
      });
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    setNow(new Date());
    save.reset();
    const fresh = freshCheck();
    if (fresh.issues.length === 0) save.mutate();
    else if (isPhone) steps.showFirstError(sections, fresh.issues);
    else document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  /** The checks as of now: a time in the future is judged against the clock, not the form's opening. */
  function freshCheck() {
    const at = new Date();
    setNow(at);
    return checkDraft(draft, timeZone, settings, at, earliestBirthDate);
  }

  function goToStep(target: number) {
    steps.go(sections, target, target > current ? freshCheck().issues : []);
  }

  function discardDraft() {
    if (!newId || !window.confirm(t('confirmDiscardDraft'))) return;
    if (keepDraftFor) clearDraft({ userId: keepDraftFor, facilityId: draft.facilityId });
    setDraft(emptyDraft(newId(), draft.facilityId));
    setTouched(new Set());
    setSubmitted(false);
    setShowRestored(false);
    steps.restart();
  }

  const blocking = submitted ? check.issues.length + serverIssues.length : serverIssues.length;
  const stepBlocked = steps.blocked && shown !== undefined && check.issues.some((i) => shown.owns(i.path));
  // On a phone each step shows its own warnings as they arise, and the last step all of them.
  const warnings =
    !shown || isLastStep ? check.warnings : check.warnings.filter((w) => w.owner === shown.owner);
  return (
    <form id={formId} onSubmit={submit} noValidate className="birth-form">
      {showRestored ? (
        <div className="alert alert--info draft-restored">
          <p role="status">{t('draftRestored')}</p>
          <button type="button" className="btn btn--secondary" onClick={discardDraft}>
            {t('discardDraft')}
          </button>
        </div>
      ) : null}
      <SectionIndex sections={sections} {...(isPhone ? { step: { current, go: goToStep } } : {})} />
      {isShown('mother-title') ? (
        <MotherFields
          facilityId={draft.facilityId}
          mother={draft.mother}
          set={(m) => setDraft((d) => ({ ...d, mother: { ...d.mother, ...m } }))}
          ctx={ctx}
          canEditPersonal={canEditPersonal}
        />
      ) : null}
      {isShown('delivery-title') ? (
        <DeliveryFields
          delivery={draft.delivery}
          set={(p) => setDraft((d) => ({ ...d, delivery: { ...d.delivery, ...p } }))}
          setBabyCount={(n) => setDraft((d) => withBabyCount(d, n))}
          ctx={ctx}
        />
      ) : null}
      {draft.newborns.map((baby, i) => {
        const care = {
          index: i,
          baby,
          set: (patch: Partial<NewbornDraft>) => setNewborn(i, patch),
          ctx,
          kmcEligible: check.kmcEligible[i] ?? null,
          showDischarge: version !== undefined,
        };
        return (
          <Fragment key={baby.birthOrder}>
            {isShown(`baby-${i}-title`) ? <NewbornFields {...care} withCare={!isPhone} /> : null}
            {shown?.anchor === `care-${i}-title` ? (
              <section className="section" aria-labelledby={`care-${i}-title`}>
                <h2 id={`care-${i}-title`} tabIndex={-1}>
                  {t('section.care', { n: baby.birthOrder })}
                </h2>
                <NewbornCareFields {...care} />
              </section>
            ) : null}
          </Fragment>
        );
      })}
      {shown?.owner !== 'mother' ? (
        <WarningsPanel warnings={warnings} settings={settings} reasonOf={reasonOf} setReason={setReason} />
      ) : null}
      {stepBlocked ? (
        <p className="alert alert--error birth-steps__blocked" role="alert" tabIndex={-1}>
          {t('steps.fixStep')}
        </p>
      ) : null}
      <div className={`sticky-actions${shown ? ' sticky-actions--steps' : ''}`}>
        {shown && current > 0 ? (
          <button type="button" className="btn btn--secondary" onClick={() => goToStep(current - 1)}>
            {t('steps.back')}
          </button>
        ) : null}
        {shown && !isLastStep ? (
          <button type="button" className="btn btn--primary" onClick={() => goToStep(current + 1)}>
            {t('steps.next')}
          </button>
        ) : null}
        {/* An edit may be saved from any step; a new birth from the last, once every step was seen. */}
        {!shown || isLastStep || version !== undefined ? (
          <button
            type="submit"
            className={`btn ${shown && !isLastStep ? 'btn--secondary' : 'btn--primary'}`}
            disabled={save.isPending}
          >
            {save.isPending ? t('common:saving') : t('save')}
          </button>
        ) : null}
        {blocking > 0 ? (
          <p className="alert alert--error" role="alert">
            {t('fixErrors')}
          </p>
        ) : null}
        {save.error && serverIssues.length === 0 ? <ErrorMessage error={save.error} /> : null}
      </div>
    </form>
  );
}
