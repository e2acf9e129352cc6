import { booleanField, enVi, evaluatedSource } from '../indicators/definition-parts';
import { CHECKLISTS, type ChecklistDefinition, type ChecklistDomain } from './checklists';

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
 * pairs, whose difference is the pooled change after coaching. `change_pair` and `change` rows are the
 * mean change (`checklist_mean_change`): per participant, course and checklist version, their last before-
 * and last after-coaching checklist on that version; a `change_pair` row weighs `CHANGE_SCALE.pair` and a
 * `change` row weighs the after percentage minus the before one in tenths of a point, so the indicator's
 * percent (100 × numerator ÷ denominator) is the mean change in percentage points (docs/coaching.md).
 *
 * Plain data, checked where it joins the library (`SOURCES` in sources.ts, `INDICATORS` in
 * definitions.ts), like shared/kmc/kmc-indicators.ts.
 */
export const CHECKLIST_ROW_KINDS = ['checklist', 'point', 'pair_point', 'change_pair', 'change'] as const;

/**
 * Row weights of the mean change: a `change_pair` row weighs 1,000, a `change` row the pair's change in
 * tenths of a percentage point (after − before, each stored to one decimal, so an exact integer). Then
 * 100 × Σ change ÷ Σ pair = the mean change in percentage points. The engine counts sums of row weights
 * (`weight` of the source, as the roster's signed changes); the numerator and denominator are therefore
 * in those units, not counts of people (the dashboard shows the pairs as denominator ÷ 1,000).
 */
export const CHANGE_SCALE = { pair: 1000, tenthsPerPoint: 10 } as const;

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

/**
 * An indicator id prefix per shipped checklist: the breathing baby's domains keep the ids they had
 * (`checklist_score_dry`), the others are prefixed, since domain codes repeat across checklists.
 */
const DOMAIN_ID_PREFIX: Record<string, string> = {
  eenc_breathing: '',
  eenc_not_breathing: 'nb_',
  kmc: 'kmc_',
};

/**
 * The domains scored per shipped checklist: each domain of any of its versions, in order, with the
 * latest version's label (a country's copy keeps the shipped domains, docs/coaching.md), and the
 * indicator that scores it. The dashboard reads this to show one table per checklist.
 */
export const CHECKLIST_DOMAIN_SCORES = [...new Set(CHECKLISTS.map((c) => c.id))].map((id) => {
  const versions = CHECKLISTS.filter((c) => c.id === id).sort((a, b) => b.version - a.version);
  const domains = new Map<string, ChecklistDomain>();
  for (const v of versions) for (const d of v.domains) if (!domains.has(d.code)) domains.set(d.code, d);
  return {
    checklist: versions[0]!,
    domains: [...domains.values()].map((d) => ({
      domain: d,
      indicator: `checklist_score_${DOMAIN_ID_PREFIX[id] ?? `${id}_`}${d.code}`,
    })),
  };
});

const domainScore = (c: ChecklistDefinition, d: ChecklistDomain, id: string) => {
  const points = {
    all: [kind('point'), { field: 'checklist', eq: c.id }, { field: 'domain', eq: d.code }],
  };
  return {
    ...common,
    id,
    name: t(
      `Checklist score, ${c.name.en}: ${d.label.en.toLowerCase()}`,
      `Điểm bảng kiểm, ${c.name.vi}: ${d.label.vi.toLowerCase()}`,
    ),
    definition: t(
      `Skills checklists "${c.name.en}" recorded in the period (any version, a country's copy included), domain "${d.label.en}": points scored (yes 2, partial 1, no 0) out of the points of the items that applied, all checklists together (before and after coaching).`,
      `Bảng kiểm kỹ năng "${c.name.vi}" ghi trong kỳ (mọi phiên bản, kể cả bản của quốc gia), phần "${d.label.vi}": số điểm đạt (có 2, một phần 1, không 0) trên tổng điểm của các mục áp dụng, tính chung mọi bảng kiểm (trước và sau huấn luyện).`,
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

/** The indicator of the mean change after coaching: shown signed, in percentage points. */
export const MEAN_CHANGE = 'checklist_mean_change';

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
  ...CHECKLIST_DOMAIN_SCORES.flatMap((s) =>
    s.domains.map((d) => domainScore(s.checklist, d.domain, d.indicator)),
  ),
  pairScore('before'),
  pairScore('after'),
  {
    ...common,
    id: MEAN_CHANGE,
    name: t(
      'Mean change after coaching (per participant)',
      'Mức thay đổi trung bình sau huấn luyện (theo học viên)',
    ),
    definition: t(
      "For each participant of a course and each checklist version they were scored on, their last before-coaching and last after-coaching checklist on that version (both with at least one item applicable) make a pair, counted at the course's venue when the after checklist is in the period. The indicator is the mean, over the pairs, of the after percentage minus the before percentage, in percentage points (negative when scores fell). Numerator: the changes summed, in tenths of a point; denominator: the pairs × 1,000.",
      'Với mỗi học viên của một khóa học và mỗi phiên bản bảng kiểm đã chấm cho họ, bảng kiểm trước huấn luyện cuối cùng và bảng kiểm sau huấn luyện cuối cùng trên phiên bản đó (mỗi bảng có ít nhất một mục áp dụng) tạo thành một cặp, tính tại cơ sở tổ chức khóa học khi bảng kiểm sau nằm trong kỳ. Chỉ số là trung bình, trên các cặp, của tỷ lệ % sau trừ tỷ lệ % trước, tính bằng điểm phần trăm (âm khi điểm giảm). Tử số: tổng các mức thay đổi, tính bằng phần mười điểm; mẫu số: số cặp × 1.000.',
    ),
    numerator: {
      label: t('Changes summed (0.1 point)', 'Tổng mức thay đổi (0,1 điểm)'),
      where: kind('change'),
    },
    denominator: { label: t('Pairs × 1,000', 'Số cặp × 1.000'), where: kind('change_pair') },
  },
];
