import type { NarrativeSection, ReportSection } from './report-items';
import type { ReportState } from './report-workflow';

/**
 * The fixed texts of the report documents (PDF, Excel, chart), one catalogue per language: a Lao or
 * Khmer catalogue is one more entry of REPORT_TEXTS. Languages without one fall back to English.
 */
export type ReportTexts = {
  title: string;
  regionalTitle: string;
  biennium: string;
  version: string;
  state: string;
  computedAt: string;
  page: string;
  noData: string;
  columns: {
    item: string;
    numerator: string;
    denominator: string;
    value: string;
    source: string;
    review: string;
    country: string;
    answer: string;
  };
  sections: Record<ReportSection, string>;
  narrative: Record<NarrativeSection, string> & { heading: string };
  states: Record<ReportState, string>;
  reviews: Record<'pending' | 'validated' | 'not_validated', string>;
  chartTitle: string;
  regionalChartTitle: string;
  notValidated: string;
  target: string;
  headline: string;
  excluded: string;
  /** The province breakdown (report-breakdown.ts). */
  provinces: string;
  province: string;
  /** The regional summary's documents and trends. */
  total: string;
  regionalLegend: string;
  comparison: string;
  trends: string;
  trendsChartTitle: string;
  headlineColumns: { countries: string; facilities: string; healthWorkersCoached: string; newborns: string };
};

const en: ReportTexts = {
  title: 'EENC country progress report',
  regionalTitle: 'EENC regional summary',
  biennium: 'Biennium',
  version: 'Version',
  state: 'Status',
  computedAt: 'Computed from the register on',
  page: 'Page {n} of {total}',
  noData: 'no data',
  columns: {
    item: 'Indicator',
    numerator: 'Numerator',
    denominator: 'Denominator',
    value: 'Value',
    source: 'Source',
    review: 'Review',
    country: 'Country',
    answer: 'Answer',
  },
  sections: {
    scale_up: 'Scale-up',
    quality: 'Quality of care (birth register)',
    module3: 'Hospital self-assessment (Module 3)',
    coaching: 'Coaching',
    kmc: 'Kangaroo mother care',
    outcome: 'Outcomes',
    policy: 'Policy',
    commodities: 'Commodities',
    plans: 'Plans',
  },
  narrative: {
    heading: 'Narrative',
    achievements: 'Achievements',
    challenges: 'Challenges',
    plan: 'Plan for the next biennium',
  },
  states: {
    draft: 'Draft',
    submitted: 'Submitted',
    under_review: 'Under review',
    queried: 'Queried',
    responded: 'Responded',
    validated: 'Validated',
    published: 'Published',
  },
  reviews: { pending: 'Not reviewed', validated: 'Validated', not_validated: 'Not validated' },
  chartTitle: 'Quality of care (%)',
  regionalChartTitle: 'Birth facilities implementing EENC, validated (%)',
  notValidated: 'not validated',
  target: 'Target',
  headline:
    'EENC in {countries} countries: {workers} health workers coached in {facilities} facilities, {newborns} newborns.',
  excluded: '{count} values were left out because they were not validated.',
  provinces: 'Values by province',
  province: 'Province',
  total: 'Region (validated)',
  regionalLegend: '—: not validated, or no data.',
  comparison: 'Comparison across countries (validated values)',
  trends: 'Trends over bienniums (published reports)',
  trendsChartTitle: 'Birth facilities implementing EENC, region (%)',
  headlineColumns: {
    countries: 'Countries implementing EENC',
    facilities: 'Facilities',
    healthWorkersCoached: 'Health workers coached',
    newborns: 'Newborns in EENC facilities',
  },
};

const vi: ReportTexts = {
  title: 'Báo cáo tiến độ EENC quốc gia',
  regionalTitle: 'Tổng hợp EENC khu vực',
  biennium: 'Giai đoạn',
  version: 'Phiên bản',
  state: 'Trạng thái',
  computedAt: 'Tính từ sổ đẻ ngày',
  page: 'Trang {n}/{total}',
  noData: 'chưa có dữ liệu',
  columns: {
    item: 'Chỉ số',
    numerator: 'Tử số',
    denominator: 'Mẫu số',
    value: 'Giá trị',
    source: 'Nguồn',
    review: 'Thẩm định',
    country: 'Quốc gia',
    answer: 'Trả lời',
  },
  sections: {
    scale_up: 'Mở rộng triển khai',
    quality: 'Chất lượng chăm sóc (sổ đẻ)',
    module3: 'Tự đánh giá bệnh viện (Mô-đun 3)',
    coaching: 'Huấn luyện',
    kmc: 'Chăm sóc bà mẹ kangaroo',
    outcome: 'Kết quả',
    policy: 'Chính sách',
    commodities: 'Thuốc và trang thiết bị',
    plans: 'Kế hoạch',
  },
  narrative: {
    heading: 'Phần tường thuật',
    achievements: 'Thành tựu',
    challenges: 'Khó khăn',
    plan: 'Kế hoạch giai đoạn tới',
  },
  states: {
    draft: 'Bản nháp',
    submitted: 'Đã nộp',
    under_review: 'Đang thẩm định',
    queried: 'Có câu hỏi',
    responded: 'Đã trả lời',
    validated: 'Đã thẩm định',
    published: 'Đã công bố',
  },
  reviews: { pending: 'Chưa thẩm định', validated: 'Đạt', not_validated: 'Không đạt' },
  chartTitle: 'Chất lượng chăm sóc (%)',
  regionalChartTitle: 'Tỷ lệ cơ sở đỡ đẻ triển khai EENC, đã thẩm định (%)',
  notValidated: 'chưa thẩm định',
  target: 'Mục tiêu',
  headline:
    'EENC tại {countries} quốc gia: {workers} nhân viên y tế được huấn luyện tại {facilities} cơ sở, {newborns} trẻ sơ sinh.',
  excluded: '{count} giá trị không được tính vì chưa được thẩm định.',
  provinces: 'Giá trị theo tỉnh',
  province: 'Tỉnh',
  total: 'Khu vực (đã thẩm định)',
  regionalLegend: '—: chưa thẩm định hoặc chưa có dữ liệu.',
  comparison: 'So sánh giữa các quốc gia (giá trị đã thẩm định)',
  trends: 'Xu hướng qua các giai đoạn (báo cáo đã công bố)',
  trendsChartTitle: 'Tỷ lệ cơ sở đỡ đẻ triển khai EENC, khu vực (%)',
  headlineColumns: {
    countries: 'Quốc gia triển khai EENC',
    facilities: 'Cơ sở',
    healthWorkersCoached: 'Nhân viên y tế được huấn luyện',
    newborns: 'Trẻ sơ sinh tại cơ sở EENC',
  },
};

export const REPORT_TEXTS: Readonly<Record<string, ReportTexts>> = { en, vi };

export const reportTextsOf = (language: string): ReportTexts => REPORT_TEXTS[language] ?? en;

export const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));

/** Numbers as the report prints them: counts whole, rates with one decimal, in the language's style. */
export function formatNumber(n: number | null, unit: string, language: string, noData: string): string {
  if (n === null) return noData;
  const tag = language === 'vi' ? 'vi-VN' : 'en-GB';
  const digits = unit === 'count' ? 0 : 1;
  return new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    n,
  );
}
