import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Birth } from '../../../shared/births/birth.schema';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { isoToZonedLocal, zonedLocalToIso } from '../../../shared/births/zoned-time';
import { ApiError } from '../../lib/api-client';
import { tShared } from '../../lib/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { type BirthDraft, emptyDraft, type NewbornDraft, toBirthInput, withBabyCount } from './birth-draft';
import { checkDraft, type DraftWarning } from './birth-validation';
import { birthKeys, createBirth, updateBirth } from './births.api';
import { DeliveryFields } from './DeliveryFields';
import { clearDraft, saveDraft } from './draft-store';
import type { FormCtx } from './form-context';
import { MotherFields } from './MotherFields';
import { NewbornFields } from './NewbornFields';
import { formSections, SectionIndex } from './SectionIndex';
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
  /** A new birth: every change is kept on the device until it is saved (draft-store.ts). */
  keepDraft?: boolean;
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
  keepDraft = false,
  restored = false,
  newId,
  onSaved,
}: Props) {
  const { t } = useTranslation('births');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const [showRestored, setShowRestored] = useState(restored);
  useEffect(() => {
    if (keepDraft) saveDraft(draft);
  }, [keepDraft, draft]);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [now, setNow] = useState(() => new Date());
  const check = useMemo(
    () => checkDraft(draft, timeZone, settings, now, earliestBirthDate),
    [draft, timeZone, settings, now, earliestBirthDate],
  );

  const save = useMutation({
    mutationFn: () => {
      const input = toBirthInput(draft, timeZone);
      if (version === undefined) return createBirth(input);
      const { id: _id, ...rest } = input;
      return updateBirth(draft.id, { ...rest, version });
    },
    onSuccess: async (birth) => {
      if (keepDraft) clearDraft(draft.facilityId);
      await queryClient.invalidateQueries({ queryKey: birthKeys.all });
      onSaved(birth);
    },
  });
  const serverIssues = save.error instanceof ApiError ? save.error.issues : [];

  const ctx: FormCtx = {
    err: (path) => {
      const server = serverIssues.find((i) => i.path === path);
      if (server) return server.message;
      if (!submitted && !touched.has(path)) return undefined;
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
    const fresh = checkDraft(draft, timeZone, settings, new Date(), earliestBirthDate);
    if (fresh.issues.length === 0) save.mutate();
    else document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  function discardDraft() {
    if (!newId || !window.confirm(t('confirmDiscardDraft'))) return;
    clearDraft(draft.facilityId);
    setDraft(emptyDraft(newId(), draft.facilityId));
    setTouched(new Set());
    setSubmitted(false);
    setShowRestored(false);
  }

  const blocking = submitted ? check.issues.length + serverIssues.length : serverIssues.length;
  const sections = formSections(draft, check.issues, submitted, (key, n) => t(key, { n }));
  return (
    <form onSubmit={submit} noValidate className="birth-form">
      {showRestored ? (
        <div className="alert alert--info draft-restored">
          <p role="status">{t('draftRestored')}</p>
          <button type="button" className="btn btn--secondary" onClick={discardDraft}>
            {t('discardDraft')}
          </button>
        </div>
      ) : null}
      <SectionIndex sections={sections} />
      <MotherFields
        facilityId={draft.facilityId}
        mother={draft.mother}
        set={(m) => setDraft((d) => ({ ...d, mother: { ...d.mother, ...m } }))}
        ctx={ctx}
        canEditPersonal={canEditPersonal}
      />
      <DeliveryFields
        delivery={draft.delivery}
        set={(p) => setDraft((d) => ({ ...d, delivery: { ...d.delivery, ...p } }))}
        setBabyCount={(n) => setDraft((d) => withBabyCount(d, n))}
        ctx={ctx}
      />
      {draft.newborns.map((baby, i) => (
        <NewbornFields
          key={baby.birthOrder}
          index={i}
          baby={baby}
          set={(patch) => setNewborn(i, patch)}
          ctx={ctx}
          kmcEligible={check.kmcEligible[i] ?? null}
          showDischarge={version !== undefined}
        />
      ))}
      <WarningsPanel
        warnings={check.warnings}
        settings={settings}
        reasonOf={reasonOf}
        setReason={setReason}
      />
      <div className="sticky-actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {save.isPending ? t('common:saving') : t('save')}
        </button>
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
