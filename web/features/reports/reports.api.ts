import type { ExchangeToken, RegionLink, ReportExchange } from '../../../shared/reports/exchange.schema';
import type {
  Narrative,
  RegionalSummary,
  Report,
  ReportDiff,
  ReportSummary,
} from '../../../shared/reports/report.schema';
import type { RegionalTrends } from '../../../shared/reports/regional-trends';
import type { ReportAction } from '../../../shared/reports/report-workflow';
import { api, upload, withQuery } from '../../lib/api-client';

export const listReports = async (biennium?: string) =>
  (await api.get<{ items: ReportSummary[] }>(withQuery('/api/reports', { biennium }))).items;
export const getReport = (id: string) => api.get<Report>(`/api/reports/${id}`);
export const createReport = (countryId: string, biennium: string) =>
  api.post<Report>('/api/reports', { countryId, biennium });
export const updateReport = (
  id: string,
  input: {
    rowVersion: number;
    narrative?: Partial<Narrative>;
    manual?: Record<string, { text: string; source: string }>;
  },
) => api.patch<Report>(`/api/reports/${id}`, input);

/** The route of each workflow button (query and respond happen in the threads). */
const ACTION_PATHS: Partial<Record<ReportAction, string>> = {
  submit: 'submit',
  start_review: 'start-review',
  validate: 'validate',
  publish: 'publish',
  reopen: 'reopen',
};
export const BUTTON_ACTIONS = Object.keys(ACTION_PATHS) as ReportAction[];
export const runAction = (id: string, action: ReportAction) =>
  api.post<Report>(`/api/reports/${id}/${ACTION_PATHS[action]}`);

export const reviewValue = (
  id: string,
  key: string,
  review: 'validated' | 'not_validated',
  comment?: string,
) => api.put<Report>(`/api/reports/${id}/values/${key}/review`, { review, ...(comment ? { comment } : {}) });
export const openQuery = (id: string, valueKey: string, body: string) =>
  api.post<Report>(`/api/reports/${id}/queries`, { valueKey, body });
export const postMessage = (
  id: string,
  queryId: string,
  side: 'author' | 'reviewer',
  body: string,
  close = false,
) =>
  api.post<Report>(`/api/reports/${id}/queries/${queryId}/${side === 'author' ? 'answer' : 'reply'}`, {
    body,
    ...(side === 'reviewer' ? { close } : {}),
  });
export const assignPair = (countryId: string, reviewerIds: string[]) =>
  api.put<{ countryId: string }>(`/api/reports/reviewers/${countryId}`, { reviewerIds });
export const getDiff = (id: string) => api.get<ReportDiff>(`/api/reports/${id}/diff`);
export const getRegional = (biennium: string) =>
  api.get<RegionalSummary>(withQuery('/api/reports/regional', { biennium }));

/** The file's bytes as the body; the server reads the type from them (application/octet-stream here). */
export const uploadAttachment = (id: string, key: string, file: File) =>
  upload(withQuery(`/api/reports/${id}/values/${key}/attachments`, { filename: file.name }), file, {
    contentType: 'application/octet-stream',
  });
export const removeAttachment = (id: string, attachmentId: string) =>
  api.delete<null>(`/api/reports/${id}/attachments/${attachmentId}`);

export const getRegionalTrends = () => api.get<RegionalTrends>('/api/reports/regional/trends');

export const reportKeys = {
  all: ['reports'] as const,
  list: (biennium: string) => ['reports', 'list', biennium] as const,
  one: (id: string) => ['reports', 'one', id] as const,
  diff: (id: string) => ['reports', 'diff', id] as const,
  regional: (biennium: string) => ['reports', 'regional', biennium] as const,
  trends: ['reports', 'trends'] as const,
};

// The exchange between instances (docs/reports.md, "Across instances").
export const listExchangeTokens = async () =>
  (await api.get<{ items: ExchangeToken[] }>('/api/reports/exchange/tokens')).items;
export const createExchangeToken = (countryId: string) =>
  api.post<ExchangeToken & { token: string }>('/api/reports/exchange/tokens', { countryId });
export const revokeExchangeToken = (id: string) =>
  api.post<ExchangeToken>(`/api/reports/exchange/tokens/${id}/revoke`);
export const getRegionLink = (countryId: string) =>
  api.get<RegionLink>(`/api/reports/region-link/${countryId}`);
export const putRegionLink = (countryId: string, input: { url: string; token?: string }) =>
  api.put<RegionLink>(`/api/reports/region-link/${countryId}`, input);
export const getReportExchange = (id: string) => api.get<ReportExchange>(`/api/reports/${id}/region`);
export const runExchange = (id: string, what: 'send' | 'sync') =>
  api.post<ReportExchange>(`/api/reports/${id}/region/${what}`);
export const exchangeKeys = {
  tokens: ['reports', 'exchange', 'tokens'] as const,
  link: (countryId: string) => ['reports', 'exchange', 'link', countryId] as const,
  report: (id: string) => ['reports', 'exchange', 'report', id] as const,
};
