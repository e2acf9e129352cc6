import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { reportTextsOf } from '../../../shared/reports/report-texts';
import { formatDate } from '../../lib/format';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { PageHeader } from '../../ui/PageHeader';
import { useCan, useMe } from '../auth/session';
import { BienniumField } from './BienniumField';
import { currentBiennium } from './biennium';
import { ExchangePage } from './ExchangePage';
import { RegionalPage } from './RegionalPage';
import { ReportPage } from './ReportPage';
import { createReport, listReports, reportKeys } from './reports.api';
import './reports.css';

/** Everything under /reports: the list (and creation), one report, the regional summary. */
export default function ReportsRoutes() {
  return (
    <Routes>
      <Route index element={<ReportsList />} />
      <Route path="regional" element={<RegionalPage />} />
      <Route path="exchange" element={<ExchangePage />} />
      <Route path=":id" element={<ReportPage />} />
    </Routes>
  );
}

function ReportsList() {
  const { t, i18n } = useTranslation('reports');
  const texts = reportTextsOf(i18n.language);
  const me = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [biennium, setBiennium] = useState(currentBiennium());
  const list = useQuery({ queryKey: reportKeys.list(biennium), queryFn: () => listReports(biennium) });
  const countries = me.user.scopes.filter((s) => s.kind === 'country' && can('report.write', s.path));
  const [country, setCountry] = useState(countries[0]?.id ?? '');
  const create = useMutation({
    mutationFn: () => createReport(country, biennium),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: reportKeys.all });
      void navigate(r.id);
    },
  });
  return (
    <div className="reports">
      <PageHeader title={t('title')} intro={t('intro')}>
        <Link className="btn btn--ghost" to="regional">
          {t('navRegional')}
        </Link>
        {can('report.coordinate') || countries.length ? (
          <Link className="btn btn--ghost" to="exchange">
            {t('navExchange')}
          </Link>
        ) : null}
      </PageHeader>
      <div className="filters card">
        <BienniumField value={biennium} onChange={setBiennium} />
        {countries.length ? (
          <>
            <SelectField
              label={t('country')}
              value={country}
              onChange={(e) => setCountry(e.target.value)}
              options={countries.map((s) => ({ value: s.id, label: s.name }))}
            />
            <button
              type="button"
              className="btn btn--primary"
              disabled={create.isPending || !country}
              onClick={() => create.mutate()}
            >
              {create.isPending ? t('creating') : t('create')}
            </button>
          </>
        ) : null}
      </div>
      <ErrorMessage error={create.error} />
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.data && list.data.length === 0 ? <p className="muted">{t('empty')}</p> : null}
      <ul className="reports__list">
        {list.data?.map((r) => (
          <li key={r.id} className="card">
            <strong>
              {r.countryName} · {r.biennium} · {t('version', { version: r.version })}
            </strong>
            <span className={`badge report-state report-state--${r.state}`}>{texts.states[r.state]}</span>
            {r.publishedAt ? (
              <span className="muted small">
                {t('published', { date: formatDate(r.publishedAt, i18n.language) })}
              </span>
            ) : null}
            <Link className="btn btn--small" to={r.id}>
              {t('open')}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
