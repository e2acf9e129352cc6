import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { checkCompletion, type RecordAnswers } from '../../../shared/assessments/answers';
import type {
  Answers,
  AssessmentDetail,
  AssessmentRecord,
} from '../../../shared/assessments/assessment.schema';
import { isRepeatingKind } from '../../../shared/assessments/checklist.schema';
import { computeResults } from '../../../shared/assessments/scoring';
import { newId } from '../../../shared/ids';
import { ApiError } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import { tShared } from '../../lib/i18n';
import { Dialog } from '../../ui/Dialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Loading } from '../../ui/Loading';
import { useCan } from '../auth/session';
import { type ActionDraft, ActionPlanPanel } from './ActionPlan';
import {
  assessmentKeys,
  completeAssessment,
  createRecord,
  deleteRecord,
  getAssessment,
  refreshRegister,
} from './assessments.api';
import { Ladder } from './Ladder';
import { createSaveRegistry, RecordForm, settleSaves } from './RecordForm';
import { AreaScores, Priorities, StandardsTable } from './ResultsPanel';
import { useLocalized } from './use-localized';
import { ActionButton } from '../../ui/ActionButton';

const RESULTS = '__results';
const ACTIONS = '__actions';

export function AssessmentPage() {
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: assessmentKeys.detail(id), queryFn: () => getAssessment(id) });
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorMessage error={query.error} />;
  // A new assessment version (completed, period changed) starts the editor afresh from the server.
  return <AssessmentEditor key={`${query.data.id}:${query.data.version}`} detail={query.data} />;
}

const toAnswers = (r: AssessmentRecord): RecordAnswers => ({
  id: r.id,
  sectionId: r.sectionId,
  answers: r.answers,
});

function AssessmentEditor({ detail }: { detail: AssessmentDetail }) {
  const { t } = useTranslation('assessments');
  const { t: tc } = useTranslation();
  const { l, locale } = useLocalized();
  const can = useCan();
  const queryClient = useQueryClient();
  const def = detail.definition;
  const inProgress = detail.status === 'in_progress';
  const canWrite = inProgress && can('assessment.write', detail.facilityPath);
  const canPlan = can('assessment.write', detail.facilityPath);
  const [records, setRecords] = useState<AssessmentRecord[]>(detail.records);
  const [tab, setTab] = useState<string>(def.sections[0]?.id ?? RESULTS);
  const tabButton = (id: string, label: ReactNode) => (
    <button
      type="button"
      className="assess-tab"
      aria-current={tab === id ? 'page' : undefined}
      onClick={() => setTab(id)}
    >
      {label}
    </button>
  );
  const [selected, setSelected] = useState<Record<string, string>>({});
  const [generation, setGeneration] = useState(0);
  const [showMissing, setShowMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [draft, setDraft] = useState<ActionDraft | null>(null);
  const [saves] = useState(createSaveRegistry);

  const results = useMemo(
    () => (inProgress ? computeResults(def, records.map(toAnswers)) : detail.results),
    [inProgress, def, records, detail.results],
  );
  const missing = useMemo(
    () => (inProgress ? checkCompletion(def, records.map(toAnswers)) : []),
    [inProgress, def, records],
  );
  const missingByRecord = useMemo(() => {
    const map = new Map<string, Set<string>>();
    for (const m of missing) {
      const match = /^records\.([^.]+)\.answers\.(.+)$/.exec(m.path);
      if (!match) continue;
      const set = map.get(match[1]!) ?? new Set<string>();
      set.add(match[2]!);
      map.set(match[1]!, set);
    }
    return map;
  }, [missing]);
  const missingInSection = (sectionId: string) =>
    missing.filter((m) => m.path === `sections.${sectionId}`).length +
    records
      .filter((r) => r.sectionId === sectionId)
      .reduce((n, r) => n + (missingByRecord.get(r.id)?.size ?? 0), 0);

  const onAnswersChange = useCallback((recordId: string, answers: Answers) => {
    setRecords((rs) => rs.map((r) => (r.id === recordId ? { ...r, answers } : r)));
  }, []);
  const onSaved = useCallback((saved: AssessmentRecord) => {
    setRecords((rs) =>
      rs.map((r) =>
        r.id === saved.id
          ? { ...r, version: saved.version, edited: saved.edited, updatedAt: saved.updatedAt }
          : r,
      ),
    );
  }, []);

  const add = useMutation({
    mutationFn: (sectionId: string) => createRecord(detail.id, { id: newId(), sectionId }),
    onSuccess: (r) => {
      setRecords((rs) => [...rs, r]);
      setSelected((s) => ({ ...s, [r.sectionId]: r.id }));
    },
  });
  const remove = useMutation({
    mutationFn: (r: AssessmentRecord) => deleteRecord(detail.id, r.id, r.version),
    onSuccess: (_v, r) => setRecords((rs) => rs.filter((x) => x.id !== r.id)),
  });
  const recount = useMutation({
    mutationFn: (r: AssessmentRecord) => refreshRegister(detail.id, r.version),
    onSuccess: (fresh) => {
      setRecords((rs) => rs.map((r) => (r.id === fresh.id ? fresh : r)));
      setGeneration((g) => g + 1);
    },
  });
  const complete = useMutation({
    mutationFn: async () => {
      await settleSaves(saves);
      return completeAssessment(detail.id, detail.version);
    },
    onSuccess: async (done) => {
      setConfirming(false);
      queryClient.setQueryData(assessmentKeys.detail(done.id), done);
      await queryClient.invalidateQueries({ queryKey: ['assessments', 'list'] });
    },
    onError: (err) => {
      setConfirming(false);
      if (err instanceof ApiError && err.code === 'validation_failed') setShowMissing(true);
    },
  });
  const refetch = () => queryClient.invalidateQueries({ queryKey: assessmentKeys.detail(detail.id) });

  const section = def.sections.find((s) => s.id === tab);
  const sectionRecords = section ? records.filter((r) => r.sectionId === section.id) : [];
  const current =
    sectionRecords.find((r) => r.id === selected[section?.id ?? '']) ?? sectionRecords.at(-1) ?? undefined;
  const kindLabel = (kind: string) => t(`kind.${kind}`);
  const areaTitles = useMemo(() => Object.fromEntries(def.areas.map((a) => [a.id, l(a.title)])), [def, l]);

  const goTo = (path: string) => {
    const sec = /^sections\.(.+)$/.exec(path)?.[1];
    if (sec) return setTab(sec);
    const rid = /^records\.([^.]+)\./.exec(path)?.[1];
    const r = records.find((x) => x.id === rid);
    if (r) {
      setTab(r.sectionId);
      setSelected((s) => ({ ...s, [r.sectionId]: r.id }));
    }
  };
  const describeMissing = (path: string, message: string) => {
    const sec = /^sections\.(.+)$/.exec(path)?.[1];
    if (sec) return `${l(def.sections.find((s) => s.id === sec)?.title)}: ${message}`;
    const m = /^records\.([^.]+)\.answers\.(.+)$/.exec(path);
    const r = records.find((x) => x.id === m?.[1]);
    const s = def.sections.find((x) => x.id === r?.sectionId);
    const item = s?.items.find((i) => i.id === m?.[2]);
    const n =
      r && s && isRepeatingKind(s.kind)
        ? ` ${records.filter((x) => x.sectionId === s.id).indexOf(r) + 1}`
        : '';
    return `${l(s?.title)}${n} — ${l(item?.text)}`;
  };

  return (
    <div className="assess">
      <p className="no-print">
        <Link to={`/assessments/facility/${detail.facilityId}`}>
          {t('backToFacility', { name: detail.facilityName })}
        </Link>
      </p>
      <div className="page__header">
        <div>
          <h1>
            {detail.facilityName} · {formatDate(detail.periodStart, locale)} –{' '}
            {formatDate(detail.periodEnd, locale)}
          </h1>
          <p className="muted">
            <span className={`badge${inProgress ? ' badge--warn' : ''}`}>{t(`status.${detail.status}`)}</span>{' '}
            {t('checklistVersion')}: {detail.checklistLabel}
          </p>
        </div>
        <div className="form__actions">
          <Link className="btn btn--secondary" to={`/assessments/${detail.id}/report`}>
            {t('report')}
          </Link>
          {canWrite ? (
            <button type="button" className="btn btn--primary" onClick={() => setConfirming(true)}>
              {t('complete')}
            </button>
          ) : null}
        </div>
      </div>
      {!inProgress && detail.assessedOn ? (
        <p className="alert alert--success">
          {t('completed', { date: formatDate(detail.assessedOn, locale) })}
        </p>
      ) : null}
      {complete.error &&
      !(complete.error instanceof ApiError && complete.error.code === 'validation_failed') ? (
        <ErrorMessage error={complete.error} />
      ) : null}
      {showMissing && missing.length ? (
        <div className="alert alert--warn" role="alert">
          <p>{t('completeBlocked', { count: missing.length })}</p>
          <ul className="missing-list">
            {missing.slice(0, 12).map((m) => (
              <li key={m.path}>
                <button type="button" className="btn btn--link" onClick={() => goTo(m.path)}>
                  {describeMissing(m.path, tShared(m.message, m.params))}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <nav aria-label={t('parts')} className="assess-tabs">
        <ul>
          {def.sections.map((s) => {
            const n = inProgress ? missingInSection(s.id) : 0;
            return (
              <li key={s.id}>
                {tabButton(
                  s.id,
                  <>
                    {l(s.title)}
                    {n ? <span className="badge badge--warn">{n}</span> : null}
                  </>,
                )}
              </li>
            );
          })}
          <li>{tabButton(RESULTS, t('tab.results'))}</li>
          <li>
            {tabButton(
              ACTIONS,
              <>
                {t('tab.actions')}
                {detail.actions.some((a) => a.overdue) ? (
                  <span className="badge badge--danger">
                    {detail.actions.filter((a) => a.overdue).length}
                  </span>
                ) : null}
              </>,
            )}
          </li>
        </ul>
      </nav>

      {section ? (
        <section className="card" aria-labelledby="section-title">
          <h2 id="section-title">{l(section.title)}</h2>
          {section.intro ? <p className="muted">{l(section.intro)}</p> : null}
          {isRepeatingKind(section.kind) ? (
            <>
              <p className="muted">
                {t('sampleGuide', {
                  target: section.sampleSize?.target ?? 1,
                  min: section.sampleSize?.min ?? 0,
                  count: sectionRecords.length,
                })}
              </p>
              <div className="record-chips" role="group" aria-label={t('forms')}>
                {sectionRecords.map((r, i) => {
                  const n = missingByRecord.get(r.id)?.size ?? 0;
                  return (
                    <button
                      key={r.id}
                      type="button"
                      className="chip-button"
                      aria-pressed={current?.id === r.id}
                      onClick={() => setSelected((s) => ({ ...s, [section.id]: r.id }))}
                    >
                      {t('formNumber', { kind: kindLabel(section.kind), n: i + 1 })}
                      <span className="muted small">
                        {' '}
                        · {n ? t('formMissing', { count: n }) : t('formComplete')}
                      </span>
                    </button>
                  );
                })}
                {canWrite ? (
                  <ActionButton small busy={add.isPending} onClick={() => add.mutate(section.id)}>
                    + {t('addForm')}
                  </ActionButton>
                ) : null}
              </div>
              <ErrorMessage error={add.error ?? remove.error} />
              {sectionRecords.length === 0 ? <p className="muted">{t('noForms')}</p> : null}
            </>
          ) : null}
          {section.kind === 'register' && canWrite && current ? (
            <p>
              <ActionButton small busy={recount.isPending} onClick={() => recount.mutate(current)}>
                {t('refreshRegister')}
              </ActionButton>{' '}
              <span className="muted small">{t('refreshRegisterHint')}</span>
              <ErrorMessage error={recount.error} />
            </p>
          ) : null}
          {current ? (
            <>
              {isRepeatingKind(section.kind) ? (
                <h3>
                  {t('formNumber', { kind: kindLabel(section.kind), n: sectionRecords.indexOf(current) + 1 })}
                </h3>
              ) : null}
              <RecordForm
                key={`${current.id}:${generation}`}
                assessmentId={detail.id}
                section={section}
                record={current}
                readOnly={!canWrite}
                missing={showMissing ? (missingByRecord.get(current.id) ?? new Set()) : new Set()}
                onAnswersChange={onAnswersChange}
                onSaved={onSaved}
                registry={saves}
                areaTitles={areaTitles}
              />
              {canWrite && isRepeatingKind(section.kind) ? (
                <button
                  type="button"
                  className="btn btn--danger btn--small"
                  onClick={() => {
                    if (window.confirm(t('deleteFormConfirm'))) remove.mutate(current);
                  }}
                >
                  {t('deleteForm')}
                </button>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}

      {tab === RESULTS ? (
        <section className="card results" aria-labelledby="results-title">
          <h2 id="results-title">{t('standardsTitle')}</h2>
          <StandardsTable results={results} definition={def} />
          <h2>{t('prioritiesTitle')}</h2>
          <Priorities
            results={results}
            definition={def}
            {...(canPlan
              ? {
                  onAddAction: (d: ActionDraft) => {
                    setDraft(d);
                    setTab(ACTIONS);
                  },
                }
              : {})}
          />
          <h2>{t('areasTitle')}</h2>
          <AreaScores results={results} definition={def} />
          <Ladder ladder={detail.ladder} />
        </section>
      ) : null}

      {tab === ACTIONS ? (
        <div className="card">
          <ActionPlanPanel
            assessmentId={detail.id}
            actions={detail.actions}
            definition={def}
            canWrite={canPlan}
            draft={draft}
            onDraftUsed={() => setDraft(null)}
            onChanged={() => void refetch()}
          />
        </div>
      ) : null}

      <Dialog open={confirming} title={t('complete')} onClose={() => setConfirming(false)}>
        <p>{t('completeConfirm')}</p>
        <div className="form__actions">
          <ActionButton variant="primary" busy={complete.isPending} onClick={() => complete.mutate()}>
            {t('complete')}
          </ActionButton>
          <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)}>
            {tc('cancel')}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
