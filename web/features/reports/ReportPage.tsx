import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { localize } from '../../../shared/i18n/localized-text';
import { NARRATIVE_SECTIONS, REPORT_SECTIONS } from '../../../shared/reports/report-items';
import type { Report, ReportQuery, ReportValue } from '../../../shared/reports/report.schema';
import { formatNumber, type ReportTexts, reportTextsOf } from '../../../shared/reports/report-texts';
import { formatDateTime } from '../../lib/format';
import { formErrorsOf, submitWith } from '../../lib/use-form-mutation';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextAreaField, TextField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/session';
import { AttachmentList } from './AttachmentList';
import { PairForm } from './PairForm';
import { ProvinceTable } from './ProvinceTable';
import { RegionBar } from './RegionBar';
import {
  BUTTON_ACTIONS,
  getDiff,
  getReport,
  openQuery,
  postMessage,
  reportKeys,
  reviewValue,
  runAction,
  updateReport,
} from './reports.api';

const SUFFIX: Record<string, string> = { percent: ' %', per1000: ' ‰', count: '', text: '' };

/** One report version: values with their review, threads, content editing for drafts, the workflow's buttons. */
export function ReportPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('reports');
  const texts = reportTextsOf(i18n.language);
  const client = useQueryClient();
  const can = useCan();
  const report = useQuery({ queryKey: reportKeys.one(id), queryFn: () => getReport(id) });
  // Kept here: the form below starts again (re-keyed) after each save.
  const [saved, setSaved] = useState(false);
  const set = (r: Report) => client.setQueryData(reportKeys.one(r.id), r);
  const action = useMutation({
    mutationFn: (a: (typeof BUTTON_ACTIONS)[number]) => runAction(id, a),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: reportKeys.all });
      set(r);
      if (r.id !== id) window.location.assign(`/reports/${r.id}`);
    },
  });
  const r = report.data;
  if (!r) return report.isPending ? <Loading /> : <ErrorMessage error={report.error} />;
  const buttons = r.can.actions.filter((a) => BUTTON_ACTIONS.includes(a));
  return (
    <div className="reports">
      <PageHeader
        title={`${r.countryName} · ${r.biennium}`}
        intro={`${texts.version} ${r.version} · ${texts.states[r.state]}`}
      />
      <p className="muted small">
        {t('computedAt', { date: formatDateTime(r.computedAt, i18n.language) })}{' '}
        {r.reviewers.length
          ? t('reviewers', { names: r.reviewers.map((x) => x.displayName).join(', ') })
          : t('noReviewers')}
      </p>
      <div className="report-actions">
        {buttons.map((a) => (
          <button
            key={a}
            type="button"
            className="btn btn--primary"
            disabled={action.isPending}
            onClick={() => action.mutate(a)}
          >
            {t(`action.${a}`)}
          </button>
        ))}
        <a className="btn btn--ghost" href={`/api/reports/${r.id}/report.pdf`} download>
          {t('downloadPdf')}
        </a>
        <a className="btn btn--ghost" href={`/api/reports/${r.id}/report.xlsx`} download>
          {t('downloadExcel')}
        </a>
      </div>
      <ErrorMessage error={action.error} />
      <RegionBar report={r} />
      {can('report.coordinate') && r.state === 'submitted' ? (
        <PairForm countryId={r.countryId} onDone={() => void report.refetch()} />
      ) : null}
      {/* The same SVG the PDF draws: one chart definition (shared/reports/charts.ts), rendered by the server. */}
      <img
        className="report-chart"
        src={`/api/reports/${r.id}/chart.svg?v=${r.rowVersion}`}
        alt={t('chartAlt')}
        width={515}
      />
      {/* Keyed by the row version: a saved report starts the form again from what was stored. */}
      {r.can.editContent ? (
        <ContentForm
          key={r.rowVersion}
          report={r}
          saved={saved}
          onSaved={(x) => {
            setSaved(true);
            set(x);
          }}
        />
      ) : null}
      {REPORT_SECTIONS.map((section) => {
        const values = r.values.filter((v) => v.section === section);
        if (!values.length || (r.can.editContent && values[0]!.kind === 'manual')) return null;
        return (
          <section key={section}>
            <h2>{texts.sections[section]}</h2>
            <ValuesTable report={r} values={values} texts={texts} onChange={set} />
          </section>
        );
      })}
      <ProvinceTable report={r} texts={texts} />
      {!r.can.editContent ? (
        <section>
          <h2>{texts.narrative.heading}</h2>
          {NARRATIVE_SECTIONS.map((s) => (
            <div key={s}>
              <h3>{texts.narrative[s]}</h3>
              <p className="prewrap">{r.narrative[s] || '—'}</p>
            </div>
          ))}
        </section>
      ) : null}
      {r.previousVersionId ? <DiffSection report={r} /> : null}
    </div>
  );
}

function ValuesTable({
  report,
  values,
  texts,
  onChange,
}: {
  report: Report;
  values: ReportValue[];
  texts: ReportTexts;
  onChange: (r: Report) => void;
}) {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const num = (n: number | null, unit: string) => formatNumber(n, unit, lang, t('noData'));
  const manual = values[0]?.kind === 'manual';
  return (
    <div className="report-table-wrap">
      <table className="report-table">
        <thead>
          <tr>
            <th>{texts.columns.item}</th>
            {manual ? (
              <>
                <th>{texts.columns.answer}</th>
                <th>{texts.columns.source}</th>
              </>
            ) : (
              <>
                <th className="num">{texts.columns.numerator}</th>
                <th className="num">{texts.columns.denominator}</th>
                <th className="num">{texts.columns.value}</th>
              </>
            )}
            <th>{texts.columns.review}</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v) => (
            <tr key={v.key}>
              <td>
                {localize(v.name, lang)}
                {v.drillDown ? (
                  <>
                    {' '}
                    {/* The dashboard of the same unit and period, where the records behind it open. */}
                    <Link
                      className="small"
                      to={`/dashboard?${new URLSearchParams({ orgUnit: report.countryId, ...report.period }).toString()}`}
                    >
                      ({t('drillDown')})
                    </Link>
                  </>
                ) : null}
                <Threads report={report} valueKey={v.key} onChange={onChange} />
              </td>
              {manual ? (
                <>
                  <td>{v.text ?? t('noData')}</td>
                  <td>
                    {v.source}
                    <AttachmentList reportId={report.id} value={v} editable={false} />
                  </td>
                </>
              ) : (
                <>
                  <td className="num">{v.value === null ? '' : num(v.numerator, 'count')}</td>
                  <td className="num">
                    {v.value === null || v.denominator === null ? '' : num(v.denominator, 'count')}
                  </td>
                  <td className="num">{num(v.value, v.unit) + (v.value === null ? '' : SUFFIX[v.unit])}</td>
                </>
              )}
              <td>
                <strong className="report-review">{texts.reviews[v.review]}</strong>
                {v.reviewComment ? <div className="muted small">{v.reviewComment}</div> : null}
                {report.can.review ? <ReviewButtons report={report} value={v} onChange={onChange} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReviewButtons({
  report,
  value,
  onChange,
}: {
  report: Report;
  value: ReportValue;
  onChange: (r: Report) => void;
}) {
  const { t } = useTranslation('reports');
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState('');
  const review = useMutation({
    mutationFn: (s: 'validated' | 'not_validated') => reviewValue(report.id, value.key, s),
    onSuccess: onChange,
  });
  const ask = useMutation({
    mutationFn: () => openQuery(report.id, value.key, text),
    onSuccess: (r) => {
      setAsking(false);
      setText('');
      onChange(r);
    },
  });
  return (
    <div className="report-actions">
      <button type="button" className="btn btn--small" onClick={() => review.mutate('validated')}>
        {t('validated')}
      </button>
      <button type="button" className="btn btn--small" onClick={() => review.mutate('not_validated')}>
        {t('notValidated')}
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={() => setAsking((x) => !x)}>
        {t('ask')}
      </button>
      {asking ? (
        <form onSubmit={submitWith(ask)}>
          <TextAreaField label={t('question')} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="btn btn--primary btn--small" disabled={!text.trim()}>
            {t('send')}
          </button>
        </form>
      ) : null}
      <ErrorMessage error={review.error ?? ask.error} />
    </div>
  );
}

function Threads({
  report,
  valueKey,
  onChange,
}: {
  report: Report;
  valueKey: string;
  onChange: (r: Report) => void;
}) {
  const queries = report.queries.filter((q) => q.valueKey === valueKey);
  return (
    <>
      {queries.map((q) => (
        <Thread key={q.id} report={report} query={q} onChange={onChange} />
      ))}
    </>
  );
}

function Thread({
  report,
  query,
  onChange,
}: {
  report: Report;
  query: ReportQuery;
  onChange: (r: Report) => void;
}) {
  const { t, i18n } = useTranslation('reports');
  const [text, setText] = useState('');
  const side = report.can.review ? 'reviewer' : report.can.answer ? 'author' : null;
  const send = useMutation({
    mutationFn: (close: boolean) => postMessage(report.id, query.id, side!, text, close),
    onSuccess: (r) => {
      setText('');
      onChange(r);
    },
  });
  const canWrite = side !== null && query.status !== 'closed';
  return (
    <div className="report-thread" aria-label={t('queries')}>
      <p className="muted small">{t(`query.${query.status}`)}</p>
      {query.messages.map((m) => (
        <p key={m.id}>
          {/* Messages that came from the other instance carry no name: their side says who wrote them. */}
          <strong>{m.authorName || t(`side.${m.side}`)}</strong>{' '}
          <span className="muted small">{formatDateTime(m.at, i18n.language)}</span>
          <br />
          {m.body}
        </p>
      ))}
      {canWrite ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate(false);
          }}
        >
          <TextAreaField label={t('reply')} value={text} onChange={(e) => setText(e.target.value)} />
          <div className="report-actions">
            <button type="submit" className="btn btn--small btn--primary" disabled={!text.trim()}>
              {t('send')}
            </button>
            {side === 'reviewer' ? (
              <button
                type="button"
                className="btn btn--small"
                disabled={!text.trim()}
                onClick={() => send.mutate(true)}
              >
                {t('closeQuery')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      <ErrorMessage error={send.error} />
    </div>
  );
}

/** The draft's manual items (each with its required source) and narrative, saved together. */
function ContentForm({
  report,
  saved,
  onSaved,
}: {
  report: Report;
  saved: boolean;
  onSaved: (r: Report) => void;
}) {
  const { t, i18n } = useTranslation('reports');
  const texts = reportTextsOf(i18n.language);
  const manualValues = report.values.filter((v) => v.kind === 'manual');
  const [form, setForm] = useState(() => ({
    narrative: { ...report.narrative },
    manual: Object.fromEntries(manualValues.map((v) => [v.key, { text: v.text ?? '', source: v.source }])),
  }));
  const save = useMutation({
    mutationFn: () =>
      updateReport(report.id, {
        rowVersion: report.rowVersion,
        narrative: form.narrative,
        manual: Object.fromEntries(
          Object.entries(form.manual).filter(([, v]) => v.text.trim() || v.source.trim()),
        ),
      }),
    onSuccess: onSaved,
  });
  const { fieldErrors, formError } = formErrorsOf(save.error);
  return (
    <form className="card" onSubmit={submitWith(save)}>
      <p className="muted">{t('manualHint')}</p>
      {(['policy', 'commodities', 'plans'] as const).map((section) => (
        <fieldset key={section}>
          <legend>{texts.sections[section]}</legend>
          {manualValues
            .filter((v) => v.section === section)
            .map((v) => (
              <div key={v.key} className="report-manual">
                <TextField
                  label={`${localize(v.name, i18n.language)}: ${t('answer')}`}
                  value={form.manual[v.key]?.text ?? ''}
                  error={fieldErrors[`manual.${v.key}.text`]}
                  onChange={(e) =>
                    setForm((f) => ({
                      ...f,
                      manual: { ...f.manual, [v.key]: { ...f.manual[v.key]!, text: e.target.value } },
                    }))
                  }
                />
                <TextField
                  label={t('source')}
                  value={form.manual[v.key]?.source ?? ''}
                  error={fieldErrors[`manual.${v.key}.source`]}
                  onChange={(e) =>
                    setForm((f) => ({
                      ...f,
                      manual: { ...f.manual, [v.key]: { ...f.manual[v.key]!, source: e.target.value } },
                    }))
                  }
                />
                <AttachmentList reportId={report.id} value={v} editable />
              </div>
            ))}
        </fieldset>
      ))}
      <fieldset>
        <legend>{texts.narrative.heading}</legend>
        {NARRATIVE_SECTIONS.map((s) => (
          <TextAreaField
            key={s}
            label={texts.narrative[s]}
            value={form.narrative[s]}
            onChange={(e) => setForm((f) => ({ ...f, narrative: { ...f.narrative, [s]: e.target.value } }))}
          />
        ))}
      </fieldset>
      <ErrorMessage error={formError} />
      {saved && !save.isError ? (
        <p role="status" className="muted">
          {t('saved')}
        </p>
      ) : null}
      <button type="submit" className="btn btn--primary" disabled={save.isPending}>
        {t('saveContent')}
      </button>
    </form>
  );
}

function DiffSection({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('reports');
  const id = report.id;
  const columns = reportTextsOf(i18n.language).columns;
  const fieldLabel = (f: string) =>
    f === 'text'
      ? columns.answer
      : f === 'attachments'
        ? t('attachments')
        : (columns[f as 'numerator' | 'denominator' | 'value' | 'source'] ?? f);
  const diff = useQuery({ queryKey: reportKeys.diff(id), queryFn: () => getDiff(id) });
  const d = diff.data;
  if (!d) return null;
  return (
    <section>
      <h2>{t('diffTitle', { version: d.from.version })}</h2>
      {d.values.length + d.narrative.length === 0 ? <p className="muted">{t('noChanges')}</p> : null}
      <ul>
        {d.values.map((c) => (
          <li key={`${c.key}.${c.field}`}>
            {localize(itemName(report, c.key), i18n.language)} · {fieldLabel(c.field)}:{' '}
            {String(c.before ?? '—')} → {String(c.after ?? '—')}
          </li>
        ))}
        {d.narrative.map((c) => (
          <li key={c.section}>
            {reportTextsOf(i18n.language).narrative[c.section as 'plan']}: «{c.before || '—'}» → «{c.after}»
          </li>
        ))}
      </ul>
    </section>
  );
}

const itemName = (report: Report, key: string) =>
  report.values.find((v) => v.key === key)?.name ?? { en: key };
