import { booleanField, enVi, evaluatedSource } from '../indicators/definition-parts';
import { findChecklist } from './checklists';

/**
 * Skills-checklist indicators of Module 2 coaching (issue 15, docs/coaching.md "Checklist indicators").
 * Source `coaching_checklist` (server/features/coaching/checklist-indicator-source.ts), rolled up per
 * facility and month from the recorded checklists, at the course's venue, by the checklist's date. The engine counts
 * rows, so a score is counted in points: besides one `checklist` row per checklist, each applicable
 * item gives its two points as two `point` rows, `earned` for those it scored (yes 2, partial 1, no 0).
 * A domain's score is then its earned points over its points, all checklists of the period together:
 * the mean of their domain percentages when the same items applied (a not-applicable item leaves both
 * out). `pair_point` rows are the points of a participant's last before- and last after-coaching
 * checklist of a course, dated by that after-coaching checklist: the before and after scores of those
 * pairs, whose difference is the change after coaching.
 *
 * Plain data, checked where it joins the library (`SOURCES` in sources.ts, `INDICATORS` in
 * definitions.ts), like shared/kmc/kmc-indicators.ts.
 */
export const CHECKLIST_ROW_KINDS = ['checklist', 'point', 'pair_point'] as const;

export const COACHING_CHECKLIST_SOURCE_SPEC = {
  ...evaluatedSource(true, {
    kind: { type: 'text', values: CHECKLIST_ROW_KINDS },
    /** The shipped checklist (a country's copy counts as the checklist it copies). */
    checklist: { type: 'text' },
    /** The domain of a point (null on checklist rows). */
    domain: { type: 'text' },
    moment: { type: 'text', values: ['before', 'after'] },
    /** A point the item scored. */
    earned: booleanField,
    /** The checklist is at or above the country's passing score (default 80 %; checklist rows). */
    passing: booleanField,
  }),
  rolledUp: true,
};

const t = enVi;
const common = {
  group: 'scale_up',
  source: 'coaching_checklist',
  unit: 'percent',
  better: 'higher',
  disaggregations: [],
  core: false,
  section: '§12.1',
} as const;
const kind = (k: (typeof CHECKLIST_ROW_KINDS)[number]) => ({ field: 'kind', eq: k }) as const;
const earned = { field: 'earned', eq: true } as const;

/** The breathing-baby checklist's domains: a score each (the core EENC checklist, facts §12.1). */
const BREATHING = findChecklist('eenc_breathing', 1)!;

const domainScore = (d: (typeof BREATHING.domains)[number]) => {
  const points = {
    all: [kind('point'), { field: 'checklist', eq: 'eenc_breathing' }, { field: 'domain', eq: d.code }],
  };
  return {
    ...common,
    id: `checklist_score_${d.code}`,
    name: t(`Checklist score: ${d.label.en.toLowerCase()}`, `Điểm bảng kiểm: ${d.label.vi.toLowerCase()}`),
    definition: t(
      `Breathing-baby skills checklists recorded in the period, domain "${d.label.en}": points scored (yes 2, partial 1, no 0) out of the points of the items that applied, all checklists together (before and after coaching).`,
      `Bảng kiểm kỹ năng trẻ tự thở ghi trong kỳ, phần "${d.label.vi}": số điểm đạt (có 2, một phần 1, không 0) trên tổng điểm của các mục áp dụng, tính chung mọi bảng kiểm (trước và sau huấn luyện).`,
    ),
    numerator: { label: t('Points scored', 'Điểm đạt'), where: { all: [...points.all, earned] } },
    denominator: { label: t('Points possible', 'Điểm tối đa'), where: points },
  };
};

const pairScore = (moment: 'before' | 'after') => {
  const points = { all: [kind('pair_point'), { field: 'moment', eq: moment }] };
  const when = moment === 'before' ? t('before', 'trước') : t('after', 'sau');
  return {
    ...common,
    id: `checklist_paired_${moment}`,
    name: t(`Checklist score ${when.en} coaching (pairs)`, `Điểm bảng kiểm ${when.vi} huấn luyện (theo cặp)`),
    definition: t(
      `Participants with a checklist before and after coaching in the same course, counted when the last after-coaching one is in the period: points scored on their last checklist ${when.en} coaching, out of its points. The change after coaching is the "after" score minus the "before" score.`,
      `Học viên có bảng kiểm trước và sau huấn luyện trong cùng khóa học, tính khi bảng kiểm sau huấn luyện cuối cùng nằm trong kỳ: điểm đạt của bảng kiểm cuối cùng ${when.vi} huấn luyện trên điểm tối đa. Mức thay đổi sau huấn luyện là điểm "sau" trừ điểm "trước".`,
    ),
    numerator: { label: t('Points scored', 'Điểm đạt'), where: { all: [...points.all, earned] } },
    denominator: { label: t('Points possible', 'Điểm tối đa'), where: points },
  };
};

export const COACHING_CHECKLIST_INDICATORS = [
  {
    ...common,
    id: 'checklists_passing',
    name: t('Skills checklists at the passing score', 'Bảng kiểm kỹ năng đạt điểm chuẩn'),
    definition: t(
      "Skills checklists recorded in the period (every checklist, before and after coaching) at or above the country's passing score (default 80 %), out of all checklists recorded in the period.",
      'Số bảng kiểm kỹ năng ghi trong kỳ (mọi bảng kiểm, trước và sau huấn luyện) đạt hoặc vượt điểm chuẩn của quốc gia (mặc định 80 %) trên tổng số bảng kiểm ghi trong kỳ.',
    ),
    numerator: {
      label: t('At the passing score', 'Đạt điểm chuẩn'),
      where: { all: [kind('checklist'), { field: 'passing', eq: true }] },
    },
    denominator: { label: t('Checklists', 'Bảng kiểm'), where: kind('checklist') },
  },
  ...BREATHING.domains.map(domainScore),
  pairScore('before'),
  pairScore('after'),
];

/** The pair of indicators whose difference the dashboard shows as the change after coaching. */
export const PAIRED_CHANGE = { before: 'checklist_paired_before', after: 'checklist_paired_after' } as const;
