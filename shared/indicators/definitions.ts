import { z } from 'zod';
import type { Issue } from '../errors';
import { DEFAULT_EENC_SETTINGS } from '../births/eenc-settings';
import { CALENDAR_GRAINS, type CalendarGrain } from './period';
import {
  DIED_DURING_RESUSCITATION_WHERE,
  DIED_IN_FACILITY_WHERE,
  LOW_BIRTH_WEIGHT_BANDS,
  PRETERM_BIRTH_BANDS,
} from '../births/birth-rules';
import { type LocalizedText, localizedTextSchema } from '../i18n/localized-text';
import { COACHING_CHECKLIST_INDICATORS } from '../coaching/checklist-indicators';
import { KMC_INDICATORS } from '../kmc/kmc-indicators';
import { SCREENING_INDICATORS } from '../screening/screening-indicators';
import { enVi, isTrue } from './definition-parts';
import { canonicalFilter, checkFilter, type Filter, FilterSchema, fieldsOf, usesPeriodEnd } from './filter';
import {
  DIMENSION_IDS,
  type DimensionId,
  EENC_STEPS,
  type EencStep,
  SOURCE_IDS,
  SOURCES,
  type SourceId,
  STORED_DIMENSIONS,
} from './sources';

export type IndicatorGroup = 'scale_up' | 'quality' | 'outcome' | 'postnatal' | 'kmc' | 'screening';
export type IndicatorUnit = 'percent' | 'per1000' | 'count';

/**
 * A numerator or denominator: its condition, and optionally the condition that replaces it when the
 * period is exactly a calendar quarter or year (`byGrain`). A rollup per month sums months, so a count
 * that does not add up over months (distinct health workers coached: a worker coached in January and in
 * March is one worker in the first quarter) takes its quarter and year from rows of their own, which the
 * source gives once per quarter or year (docs/decisions.md). A calendar month counts `where` from the
 * month rows; any other range counts `where` over the whole range from the source's range facts, whose
 * rows hold each thing once in the range (a worker coached in two of its months is one worker).
 */
export type MeasurePart = {
  label: LocalizedText;
  where: Filter;
  byGrain?: Partial<Record<CalendarGrain, Filter>>;
};

export type IndicatorDefinition = {
  /** Stable id: API, downloads, links. */
  id: string;
  group: IndicatorGroup;
  name: LocalizedText;
  /** How it is defined, in words (admin page, downloads). */
  definition: LocalizedText;
  source: SourceId;
  numerator: MeasurePart;
  /** Absent for counts. */
  denominator?: MeasurePart;
  unit: IndicatorUnit;
  /** Regional target where one exists (facts sheet §5.1, §5.2). */
  target?: { value: number; direction: 'atLeast' | 'atMost' };
  /** Which way is an improvement (for comparisons with the previous period). */
  better?: 'higher' | 'lower';
  disaggregations: readonly DimensionId[];
  /** Section of the EENC facts sheet the indicator comes from. */
  section: string;
  /** Part of the "core" set the benchmark and the /values default return. */
  core: boolean;
  /** Shown next to the value (e.g. no records exist yet). */
  note?: LocalizedText;
  /**
   * The numerator and denominator are states at the period's end (staff on the roster then), not
   * events in it: the source's rows are signed changes of a state (`signed`), counted from the start
   * of the records up to the period's last day. A quarter is its last month's state, units add up.
   */
  periodEnd?: boolean;
};

const t = enVi;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const live: Filter = { field: 'outcome', eq: 'live_birth' };
const notResuscitated: Filter = { field: 'resuscitated', eq: false };
const breathingLive: Filter = { all: [live, notResuscitated] };
/** Early clamping is excused only for a baby not breathing at birth (§2.6), not for one ventilated anyway. */
const liveNeedingNoResuscitation: Filter = {
  all: [live, { not: { field: 'breathing_at_birth', eq: false } }],
};
/** A baby who died during resuscitation could never be breastfed. */
const liveSurvivedResuscitation: Filter = { all: [live, { not: DIED_DURING_RESUSCITATION_WHERE }] };
const stillbirth28: Filter = {
  all: [
    { field: 'outcome', in: ['fresh_stillbirth', 'macerated_stillbirth'] },
    {
      any: [
        { field: 'weight_band', in: ['vlbw', 'lbw', 'normal'] },
        { field: 'preterm_band', in: ['very_preterm', 'moderate_late_preterm', 'term'] },
      ],
    },
  ],
};
const dischargedHome: Filter = { all: [live, { field: 'discharge_status', eq: 'alive' }] };
const notBreathing: Filter = { all: [live, { field: 'breathing_at_birth', eq: false }] };
const weighed: Filter = { all: [live, { field: 'birth_weight_grams', isNull: false }] };
const gaKnown: Filter = {
  all: [live, { field: 'preterm_band', in: [...PRETERM_BIRTH_BANDS, 'term'] }],
};
const everyRecord: Filter = { all: [] };
/** Coaching (docs/coaching.md): a worker's completed courses of a month, and a worker on the roster. */
const COACHED: Filter = { field: 'state', eq: 'coached' };
/** A worker coached in a quarter or a year: once, at the facility of their first completion in it. */
const COACHED_BY_GRAIN = {
  quarter: { field: 'state', eq: 'coached_quarter' },
  year: { field: 'state', eq: 'coached_year' },
} as const satisfies MeasurePart['byGrain'];
const withStandard = (f: Filter): Filter => ({ all: [f, isTrue('to_standard')] });
const ON_ROSTER: Filter = { field: 'state', eq: 'on_roster' };
const birthFacility: Filter = {
  all: [
    { field: 'provides_births', eq: true },
    { field: 'active', eq: true },
  ],
};
const reached = (step: EencStep): Filter => ({
  all: [birthFacility, { field: `facility_${step}_on`, reachedBy: 'periodEnd' }],
});

const ALL_DIMS = ['sex', 'weight_band', 'mode', 'ethnic_minority', 'facility_level'] as const;
const DELIVERY_DIMS = ['mode', 'ethnic_minority', 'facility_level'] as const;

const stepNames: Record<EencStep, ReturnType<typeof t>> = {
  introduced: t('EENC introduced', 'Đã triển khai EENC'),
  team_formed: t('EENC team formed', 'Đã thành lập nhóm EENC'),
  assessed: t('Assessed (Module 3)', 'Đã tự đánh giá (Mô-đun 3)'),
  meets_standards: t('Meets EENC standards', 'Đạt chuẩn EENC'),
};

const stepCount = (step: EencStep): IndicatorDefinition => ({
  id: `facilities_${step}`,
  group: 'scale_up',
  name: t(`Facilities: ${stepNames[step].en}`, `Số cơ sở: ${lowerFirst(stepNames[step].vi)}`),
  definition: t(
    `Facilities where births take place that had reached the step "${stepNames[step].en}" of the EENC status ladder by the end of the period.`,
    `Số cơ sở có đỡ đẻ đã đạt bước "${stepNames[step].vi}" của lộ trình EENC tính đến cuối kỳ.`,
  ),
  source: 'facility',
  numerator: { label: stepNames[step], where: reached(step) },
  unit: 'count',
  better: 'higher',
  disaggregations: ['facility_level'],
  section: '§5.3, §5.6',
  core: true,
});

/** The indicator library. Validated at load (`validateDefinitions`); evaluated by one engine. */
/**
 * Postnatal care (facts sheet §5.4, §5.5; docs/pnc.md): cohorts of births dated in the period at the
 * unit's facilities. Same numbers as the pure functions of shared/pnc/pnc-indicators.ts (a test checks).
 * Counted from the records at each request (no rollup yet), so not part of the `core` set whose
 * programme-scale latency targets the indicators benchmark proves (docs/indicators.md, Limits).
 */
const newbornSubject: Filter = { field: 'subject', eq: 'newborn' };
const motherSubject: Filter = { field: 'subject', eq: 'mother' };
const whom = {
  newborn: {
    filter: newbornSubject,
    // A baby who died in the facility is not followed up (the source leaves it out; issue 12).
    en: 'Live-born babies who did not die in the facility',
    vi: 'Trẻ đẻ sống không tử vong tại cơ sở',
    one: ['newborns', 'trẻ sơ sinh'],
    born: 'born in the period who did not die in the facility',
    bornVi: 'sinh trong kỳ không tử vong tại cơ sở',
  },
  mother: {
    filter: motherSubject,
    // Every delivery, stillbirths included: the mother is followed up whatever the baby's outcome.
    en: 'Mothers who gave birth (every delivery)',
    vi: 'Bà mẹ đã sinh (mọi ca đẻ)',
    one: ['mothers', 'bà mẹ'],
    born: 'who gave birth in the period',
    bornVi: 'sinh trong kỳ',
  },
} as const;
const followUpOver = (f: Filter): Filter => ({
  all: [f, { field: 'core_windows_over', eq: true }, { field: 'cancelled', eq: false }],
});
const pncFor = (kind: 'newborn' | 'mother', hmis: string): IndicatorDefinition[] => {
  const w = whom[kind];
  const [en, vi] = w.one;
  return [
    {
      id: `pnc_on_time_${kind}`,
      group: 'postnatal',
      name: t(`PNC on time for ${en}`, `Chăm sóc sau sinh đúng hạn cho ${vi}`),
      definition: t(
        `${w.en} whose first postnatal contact was made within its window (default: within 24 h of birth), out of all ${en} ${w.born} (${hmis}).`,
        `Số ${vi} được chăm sóc sau sinh lần đầu trong khung thời gian quy định (mặc định: trong 24 giờ sau sinh) trên tổng số ${vi} ${w.bornVi} (${hmis}).`,
      ),
      source: 'pnc_subject',
      numerator: {
        label: t('First contact on time', 'Lần chăm sóc đầu đúng hạn'),
        where: { all: [w.filter, { field: 'first_contact_on_time', eq: true }] },
      },
      denominator: { label: t(w.en, w.vi), where: w.filter },
      unit: 'percent',
      better: 'higher',
      disaggregations: [],
      section: '§5.4, §5.5',
      core: false,
    },
    {
      id: `any_pnc_${kind}`,
      group: 'postnatal',
      name: t(`Any PNC for ${en}`, `${vi.charAt(0).toUpperCase()}${vi.slice(1)} được chăm sóc sau sinh`),
      definition: t(
        `${w.en} with at least one postnatal contact recorded, out of all ${en} ${w.born}.`,
        `Số ${vi} có ít nhất một lần chăm sóc sau sinh được ghi nhận trên tổng số ${vi} ${w.bornVi}.`,
      ),
      source: 'pnc_subject',
      numerator: {
        label: t('At least one contact', 'Ít nhất một lần chăm sóc'),
        where: { all: [w.filter, { field: 'any_contact', eq: true }] },
      },
      denominator: { label: t(w.en, w.vi), where: w.filter },
      unit: 'percent',
      better: 'higher',
      disaggregations: [],
      section: '§5.4, §5.5',
      core: false,
    },
    {
      id: `all_pnc_${kind}`,
      group: 'postnatal',
      name: t(`All four PNC contacts for ${en}`, `Đủ bốn lần chăm sóc sau sinh cho ${vi}`),
      definition: t(
        `${w.en} who had every core postnatal contact (within 24 h, days 2–3, days 7–14, week 6), out of those whose follow-up is over (every window expired) and who are alive.`,
        `Số ${vi} được chăm sóc đủ các lần chính (trong 24 giờ, ngày 2–3, ngày 7–14, tuần 6) trên số ${vi} đã hết thời gian theo dõi và còn sống.`,
      ),
      source: 'pnc_subject',
      numerator: {
        label: t('All core contacts made', 'Đủ các lần chăm sóc chính'),
        where: { all: [followUpOver(w.filter), { field: 'core_contacts_done', eq: true }] },
      },
      denominator: { label: t('Follow-up over', 'Đã hết thời gian theo dõi'), where: followUpOver(w.filter) },
      unit: 'percent',
      better: 'higher',
      disaggregations: [],
      section: '§8',
      core: false,
    },
  ];
};
const PNC_INDICATORS: IndicatorDefinition[] = [
  ...pncFor('newborn', 'RMNCAH_PPNBTV, RMNCAH_PPNBV'),
  ...pncFor('mother', 'RMNCAH_PPMTV, RMNCAH_PPMV'),
  {
    id: 'pnc_exclusive_bf',
    group: 'postnatal',
    name: t('Only breast milk at PNC', 'Bú mẹ hoàn toàn khi chăm sóc sau sinh'),
    definition: t(
      'Babies fed only breast milk the day before their most recent postnatal contact, out of babies with any contact (PNC.IND.3).',
      'Số trẻ chỉ bú sữa mẹ trong ngày trước lần chăm sóc sau sinh gần nhất trên số trẻ có ít nhất một lần chăm sóc (PNC.IND.3).',
    ),
    source: 'pnc_subject',
    numerator: {
      label: t('Only breast milk', 'Chỉ bú sữa mẹ'),
      where: {
        all: [
          newbornSubject,
          { field: 'any_contact', eq: true },
          { field: 'last_contact_exclusive_bf', eq: true },
        ],
      },
    },
    denominator: {
      label: t('Babies with a contact', 'Trẻ có lần chăm sóc'),
      where: { all: [newbornSubject, { field: 'any_contact', eq: true }] },
    },
    unit: 'percent',
    better: 'higher',
    disaggregations: [],
    section: '§5.5',
    core: false,
  },
  {
    id: 'pnc_danger_referred',
    group: 'postnatal',
    name: t('Danger signs referred', 'Dấu hiệu nguy hiểm được chuyển tuyến'),
    definition: t(
      'Postnatal contacts (mother or baby) at which a danger sign was found and the person was referred, out of contacts at which a danger sign was found.',
      'Số lần chăm sóc sau sinh (mẹ hoặc con) phát hiện dấu hiệu nguy hiểm và được chuyển tuyến trên số lần phát hiện dấu hiệu nguy hiểm.',
    ),
    source: 'pnc_contact',
    numerator: {
      label: t('Referred', 'Được chuyển tuyến'),
      where: {
        all: [
          { field: 'danger_signs_found', eq: true },
          { field: 'referred', eq: true },
        ],
      },
    },
    denominator: {
      label: t('Danger sign found', 'Có dấu hiệu nguy hiểm'),
      where: { field: 'danger_signs_found', eq: true },
    },
    unit: 'percent',
    target: { value: 100, direction: 'atLeast' },
    better: 'higher',
    disaggregations: [],
    section: '§8',
    core: false,
  },
];

export const INDICATORS = [
  {
    id: 'facilities_with_births',
    group: 'scale_up',
    name: t('Facilities where births take place', 'Số cơ sở có đỡ đẻ'),
    definition: t(
      'Active facilities and commune health stations marked as places where births take place.',
      'Các cơ sở y tế và trạm y tế xã đang hoạt động có đỡ đẻ.',
    ),
    source: 'facility',
    numerator: { label: t('Facilities where births take place', 'Cơ sở có đỡ đẻ'), where: birthFacility },
    unit: 'count',
    disaggregations: ['facility_level'],
    section: '§5.1, §5.3',
    core: true,
  },
  ...EENC_STEPS.map(stepCount),
  {
    id: 'eenc_implementing',
    group: 'scale_up',
    name: t('Facilities implementing EENC', 'Tỷ lệ cơ sở triển khai EENC'),
    definition: t(
      `Facilities where births take place that are implementing EENC at the end of the period, out of all facilities where births take place. "Implementing" = the step of the EENC status ladder the country's EENC settings name (default: ${lowerFirst(stepNames[DEFAULT_EENC_SETTINGS.implementingStep].en)}).`,
      `Số cơ sở có đỡ đẻ đang triển khai EENC vào cuối kỳ trên tổng số cơ sở có đỡ đẻ. "Triển khai" = bước trong lộ trình EENC do thiết lập EENC của quốc gia quy định (mặc định: ${lowerFirst(stepNames[DEFAULT_EENC_SETTINGS.implementingStep].vi)}).`,
    ),
    source: 'facility',
    numerator: {
      label: t('Implementing EENC', 'Đang triển khai EENC'),
      where: { all: [birthFacility, { field: 'facility_implementing_on', reachedBy: 'periodEnd' }] },
    },
    denominator: { label: t('Facilities where births take place', 'Cơ sở có đỡ đẻ'), where: birthFacility },
    unit: 'percent',
    target: { value: 80, direction: 'atLeast' },
    better: 'higher',
    disaggregations: ['facility_level'],
    section: '§5.1',
    core: true,
  },
  {
    id: 'births_in_eenc_facilities',
    group: 'scale_up',
    name: t('Births in EENC facilities', 'Tỷ lệ ca đẻ tại cơ sở triển khai EENC'),
    definition: t(
      "Deliveries in facilities that were implementing EENC (the step the country's EENC settings name) on the day of the birth, out of all deliveries.",
      'Số ca đẻ tại cơ sở đã triển khai EENC (theo bước do thiết lập EENC của quốc gia quy định) vào ngày sinh trên tổng số ca đẻ.',
    ),
    source: 'delivery',
    numerator: {
      label: t('Deliveries in EENC facilities', 'Ca đẻ tại cơ sở EENC'),
      where: { field: 'facility_implementing_on', lteField: 'birth_date' },
    },
    denominator: { label: t('Deliveries', 'Ca đẻ'), where: everyRecord },
    unit: 'percent',
    better: 'higher',
    disaggregations: ['facility_level'],
    section: '§5.3',
    core: true,
  },
  {
    id: 'health_workers_coached',
    group: 'scale_up',
    name: t('Health workers coached', 'Số nhân viên y tế được huấn luyện'),
    definition: t(
      'Health workers who completed an EENC coaching course (Module 2) that ended in the period, each counted once in the period (a month, a quarter, a year or any range of days), at the facility where they worked on the last day of their first course in it.',
      'Số nhân viên y tế hoàn thành khóa huấn luyện EENC (Mô-đun 2) kết thúc trong kỳ, mỗi người tính một lần trong kỳ (một tháng, một quý, một năm hoặc một khoảng ngày bất kỳ), tại cơ sở nơi họ làm việc vào ngày cuối của khóa đầu tiên trong kỳ.',
    ),
    source: 'coaching',
    numerator: {
      label: t('Health workers coached', 'Nhân viên được huấn luyện'),
      where: COACHED,
      byGrain: COACHED_BY_GRAIN,
    },
    unit: 'count',
    better: 'higher',
    disaggregations: [],
    section: '§5.3, §5.6',
    core: true,
  },
  {
    id: 'health_workers_coached_to_standard',
    group: 'scale_up',
    name: t('Health workers coached to standard', 'Nhân viên y tế được huấn luyện đạt chuẩn'),
    definition: t(
      "Health workers who completed a coaching course that ended in the period with an after-coaching skills checklist at or above the country's passing score (default 80 %), out of health workers who completed a course in the period.",
      'Số nhân viên y tế hoàn thành khóa huấn luyện kết thúc trong kỳ có bảng kiểm kỹ năng sau huấn luyện đạt điểm chuẩn của quốc gia (mặc định 80 %) trên tổng số nhân viên hoàn thành khóa huấn luyện trong kỳ.',
    ),
    source: 'coaching',
    numerator: {
      label: t('Coached to standard', 'Đạt chuẩn'),
      where: withStandard(COACHED),
      byGrain: { quarter: withStandard(COACHED_BY_GRAIN.quarter), year: withStandard(COACHED_BY_GRAIN.year) },
    },
    denominator: {
      label: t('Health workers coached', 'Nhân viên được huấn luyện'),
      where: COACHED,
      byGrain: COACHED_BY_GRAIN,
    },
    unit: 'percent',
    better: 'higher',
    disaggregations: [],
    section: '§12.1',
    core: false,
  },
  {
    id: 'health_workers_coached_cumulative',
    group: 'scale_up',
    name: t('Health workers coached (cumulative)', 'Số nhân viên y tế đã được huấn luyện (cộng dồn)'),
    definition: t(
      'Health workers working at the facility at the end of the period who have ever completed an EENC coaching course.',
      'Số nhân viên y tế đang làm việc tại cơ sở vào cuối kỳ đã từng hoàn thành khóa huấn luyện EENC.',
    ),
    source: 'coaching',
    numerator: {
      label: t('Ever coached', 'Đã từng được huấn luyện'),
      where: { field: 'state', eq: 'ever_coached' },
    },
    periodEnd: true,
    unit: 'count',
    better: 'higher',
    disaggregations: [],
    section: '§5.6',
    core: false,
  },
  {
    id: 'delivery_staff_coached',
    group: 'scale_up',
    name: t('Delivery-room staff coached', 'Nhân viên phòng sinh được huấn luyện'),
    definition: t(
      'Delivery-room staff on the roster at the end of the period who completed an EENC coaching course in the last N years (N a country setting, default 3), out of all delivery-room staff on the roster then. A deactivated worker leaves the count from the date of deactivation.',
      'Số nhân viên phòng sinh có trong danh sách vào cuối kỳ đã hoàn thành khóa huấn luyện EENC trong N năm gần nhất (N do quốc gia thiết lập, mặc định 3) trên tổng số nhân viên phòng sinh trong danh sách lúc đó. Nhân viên ngừng công tác không còn được tính từ ngày ngừng.',
    ),
    source: 'coaching',
    numerator: {
      label: t('Coached in the last N years', 'Được huấn luyện trong N năm gần nhất'),
      where: { all: [{ field: 'state', eq: 'covered' }, isTrue('delivery_room')] },
    },
    denominator: {
      label: t('Delivery-room staff', 'Nhân viên phòng sinh'),
      where: { all: [ON_ROSTER, isTrue('delivery_room')] },
    },
    periodEnd: true,
    unit: 'percent',
    better: 'higher',
    disaggregations: [],
    section: '§5.6',
    core: true,
  },
  {
    id: 'eenc_facilitators',
    group: 'scale_up',
    name: t('EENC facilitators', 'Số giảng viên EENC'),
    definition: t(
      'Health workers certified as national or provincial EENC facilitators, working at the end of the period.',
      'Số nhân viên y tế được chứng nhận là giảng viên EENC cấp quốc gia hoặc cấp tỉnh, đang làm việc vào cuối kỳ.',
    ),
    source: 'coaching',
    numerator: {
      label: t('Facilitators', 'Giảng viên'),
      where: { all: [ON_ROSTER, { field: 'facilitator', in: ['national', 'provincial'] }] },
    },
    periodEnd: true,
    unit: 'count',
    better: 'higher',
    disaggregations: [],
    section: '§12.1',
    core: false,
  },
  {
    id: 'deliveries',
    group: 'outcome',
    name: t('Deliveries', 'Số ca đẻ'),
    definition: t('Deliveries recorded in the birth register.', 'Số ca đẻ được ghi trong sổ đẻ.'),
    source: 'delivery',
    numerator: { label: t('Deliveries', 'Ca đẻ'), where: everyRecord },
    unit: 'count',
    disaggregations: DELIVERY_DIMS,
    section: '§5.4',
    core: true,
  },
  {
    id: 'live_births',
    group: 'outcome',
    name: t('Live births', 'Số trẻ đẻ sống'),
    definition: t('Babies born alive.', 'Số trẻ sinh ra sống.'),
    source: 'newborn',
    numerator: { label: t('Live births', 'Trẻ đẻ sống'), where: live },
    unit: 'count',
    disaggregations: ALL_DIMS,
    section: '§5.4',
    core: true,
  },
  {
    id: 'immediate_ssc',
    group: 'quality',
    name: t('Immediate skin-to-skin contact', 'Tiếp xúc da kề da ngay sau sinh'),
    definition: t(
      'Breathing live-born babies put skin-to-skin within 1 minute of a vaginal birth or 3 minutes of a caesarean (country thresholds), out of breathing live-born babies (not resuscitated). Not recorded counts as not done.',
      'Trẻ sống tự thở được tiếp xúc da kề da trong 1 phút (đẻ thường) hoặc 3 phút (mổ) sau sinh, trên tổng số trẻ sống tự thở (không cần hồi sức). Không ghi nhận được tính là không thực hiện.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Immediate skin-to-skin', 'Da kề da ngay'),
      where: { all: [breathingLive, { field: 'immediate_ssc', eq: true }] },
    },
    denominator: { label: t('Breathing live births', 'Trẻ sống tự thở'), where: breathingLive },
    unit: 'percent',
    target: { value: 100, direction: 'atLeast' },
    better: 'higher',
    disaggregations: ALL_DIMS,
    section: '§5.2',
    core: true,
  },
  {
    id: 'ssc_90_no_separation',
    group: 'quality',
    name: t('Skin-to-skin ≥ 90 min without separation', 'Da kề da ≥ 90 phút không tách mẹ con'),
    definition: t(
      'Breathing live-born babies with immediate, uninterrupted skin-to-skin contact of at least 90 minutes and not separated before the first breastfeed, out of breathing live-born babies.',
      'Trẻ sống tự thở được da kề da ngay, liên tục ít nhất 90 phút và không bị tách khỏi mẹ trước bữa bú đầu, trên tổng số trẻ sống tự thở.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Full skin-to-skin', 'Da kề da đủ'),
      where: { all: [breathingLive, { field: 'ssc_full_no_separation', eq: true }] },
    },
    denominator: { label: t('Breathing live births', 'Trẻ sống tự thở'), where: breathingLive },
    unit: 'percent',
    target: { value: 100, direction: 'atLeast' },
    better: 'higher',
    disaggregations: ALL_DIMS,
    section: '§5.2',
    core: true,
  },
  {
    id: 'delayed_cord_clamping',
    group: 'quality',
    name: t('Delayed cord clamping', 'Kẹp dây rốn muộn'),
    definition: t(
      'Live-born babies whose cord was clamped at least 1 minute after birth, out of live-born babies who were breathing at birth (early clamping is right only for a baby who needs resuscitation; ventilating a breathing baby does not excuse it).',
      'Trẻ sống được kẹp dây rốn sau ít nhất 1 phút, trên tổng số trẻ sống tự thở khi sinh (kẹp sớm chỉ đúng với trẻ cần hồi sức; bóp bóng cho trẻ đang tự thở không phải lý do để kẹp sớm).',
    ),
    source: 'newborn',
    numerator: {
      label: t('Cord clamped ≥ 1 min', 'Kẹp rốn ≥ 1 phút'),
      where: { all: [liveNeedingNoResuscitation, { field: 'delayed_cord_clamping', eq: true }] },
    },
    denominator: {
      label: t('Live births breathing at birth', 'Trẻ sống tự thở khi sinh'),
      where: liveNeedingNoResuscitation,
    },
    unit: 'percent',
    better: 'higher',
    disaggregations: ALL_DIMS,
    section: '§5.2',
    core: true,
  },
  {
    id: 'early_breastfeeding',
    group: 'quality',
    name: t('Early breastfeeding initiation', 'Bú mẹ sớm'),
    definition: t(
      'Live-born babies whose first breastfeed started within the country window (default 60 minutes), out of live births, leaving out babies who died during resuscitation.',
      'Trẻ sống được bú mẹ lần đầu trong khoảng thời gian quy định (mặc định 60 phút), trên tổng số trẻ đẻ sống, trừ trẻ tử vong khi hồi sức.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Breastfed early', 'Bú sớm'),
      where: { all: [liveSurvivedResuscitation, { field: 'early_breastfeeding', eq: true }] },
    },
    denominator: {
      label: t('Live births surviving resuscitation', 'Trẻ đẻ sống không tử vong khi hồi sức'),
      where: liveSurvivedResuscitation,
    },
    unit: 'percent',
    better: 'higher',
    disaggregations: ALL_DIMS,
    section: '§5.2, §5.5',
    core: true,
  },
  {
    id: 'exclusive_bf_discharge',
    group: 'quality',
    name: t('Only breast milk before discharge', 'Bú mẹ hoàn toàn đến khi ra viện'),
    definition: t(
      'Babies discharged home alive who had only breast milk since birth, out of babies discharged home alive. Babies still in hospital, referred or who died are left out.',
      'Trẻ ra viện về nhà chỉ được bú sữa mẹ từ khi sinh, trên tổng số trẻ ra viện về nhà. Không tính trẻ còn nằm viện, chuyển viện hoặc tử vong.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Only breast milk', 'Chỉ bú mẹ'),
      where: { all: [dischargedHome, { field: 'discharge_exclusive_bf', eq: true }] },
    },
    denominator: { label: t('Discharged home', 'Ra viện về nhà'), where: dischargedHome },
    unit: 'percent',
    target: { value: 100, direction: 'atLeast' },
    better: 'higher',
    disaggregations: ALL_DIMS,
    section: '§5.2',
    core: true,
  },
  {
    id: 'bag_mask_within_1_min',
    group: 'quality',
    name: t('Bag and mask within 1 minute', 'Bóp bóng qua mặt nạ trong phút đầu'),
    definition: t(
      'Live-born babies not breathing at birth who were ventilated with bag and mask within the golden minute, out of live-born babies not breathing at birth.',
      'Trẻ sống không tự thở được bóp bóng qua mặt nạ trong phút vàng, trên tổng số trẻ sống không tự thở khi sinh.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Ventilated within 1 min', 'Bóp bóng trong 1 phút'),
      where: { all: [notBreathing, { field: 'bag_mask_within_target', eq: true }] },
    },
    denominator: { label: t('Not breathing at birth', 'Không tự thở khi sinh'), where: notBreathing },
    unit: 'percent',
    better: 'higher',
    disaggregations: ALL_DIMS,
    section: '§2.6, §5.4',
    core: true,
  },
  {
    id: 'uterotonic_within_1_min',
    group: 'quality',
    name: t('Uterotonic within 1 minute', 'Thuốc co hồi tử cung trong phút đầu'),
    definition: t(
      'Deliveries where the mother was given a uterotonic within the country limit (default 1 minute) with the time recorded, out of all deliveries.',
      'Ca đẻ được tiêm thuốc co hồi tử cung trong giới hạn quy định (mặc định 1 phút) có ghi thời gian, trên tổng số ca đẻ.',
    ),
    source: 'delivery',
    numerator: {
      label: t('Uterotonic in time', 'Tiêm thuốc đúng lúc'),
      where: {
        all: [
          { field: 'uterotonic_given', eq: true },
          { field: 'uterotonic_minutes', isNull: false },
          { not: { field: 'flags', has: 'uterotonic_late' } },
        ],
      },
    },
    denominator: { label: t('Deliveries', 'Ca đẻ'), where: everyRecord },
    unit: 'percent',
    better: 'higher',
    disaggregations: DELIVERY_DIMS,
    section: '§2.8, §5.4',
    core: true,
  },
  {
    id: 'documented_birth_weight',
    group: 'quality',
    name: t('Documented birth weight', 'Có ghi cân nặng khi sinh'),
    definition: t(
      'Live births with a recorded birth weight, out of live births.',
      'Trẻ đẻ sống có ghi cân nặng, trên tổng số trẻ đẻ sống.',
    ),
    source: 'newborn',
    numerator: { label: t('Weighed', 'Có cân nặng'), where: weighed },
    denominator: { label: t('Live births', 'Trẻ đẻ sống'), where: live },
    unit: 'percent',
    better: 'higher',
    disaggregations: ['sex', 'mode', 'ethnic_minority', 'facility_level'],
    section: '§5.4',
    core: true,
  },
  {
    id: 'kmc_eligible_initiated',
    group: 'quality',
    name: t('Kangaroo mother care among eligible babies', 'Chăm sóc bà mẹ kangaroo ở trẻ đủ điều kiện'),
    definition: t(
      'Live-born babies eligible for KMC (country rule: < 2000 g, or < 2500 g or < 37 weeks) on whom KMC was initiated, out of eligible babies.',
      'Trẻ đủ điều kiện KMC (theo quy định quốc gia: < 2000 g, hoặc < 2500 g hay < 37 tuần) được bắt đầu KMC, trên tổng số trẻ đủ điều kiện.',
    ),
    source: 'newborn',
    numerator: {
      label: t('KMC initiated', 'Đã bắt đầu KMC'),
      where: {
        all: [
          { field: 'kmc_eligible', eq: true },
          { field: 'kmc_initiated', eq: true },
        ],
      },
    },
    denominator: {
      label: t('Eligible for KMC', 'Đủ điều kiện KMC'),
      where: { field: 'kmc_eligible', eq: true },
    },
    unit: 'percent',
    better: 'higher',
    disaggregations: ALL_DIMS,
    section: '§2.7, §5.3',
    core: true,
  },
  {
    id: 'preterm_rate',
    group: 'outcome',
    name: t('Preterm births', 'Tỷ lệ đẻ non'),
    definition: t(
      'Live births before 37 completed weeks, out of live births with a recorded gestational age.',
      'Trẻ đẻ sống dưới 37 tuần tròn, trên tổng số trẻ đẻ sống có ghi tuổi thai.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Preterm live births', 'Trẻ sống đẻ non'),
      where: {
        all: [live, { field: 'preterm_band', in: PRETERM_BIRTH_BANDS }],
      },
    },
    denominator: { label: t('Live births with gestational age', 'Trẻ sống có tuổi thai'), where: gaKnown },
    unit: 'percent',
    better: 'lower',
    disaggregations: ['sex', 'weight_band', 'mode', 'ethnic_minority', 'facility_level'],
    section: '§5.4, §9.3',
    core: true,
  },
  {
    id: 'low_birth_weight_rate',
    group: 'outcome',
    name: t('Low birth weight', 'Tỷ lệ trẻ nhẹ cân'),
    definition: t(
      'Live births under 2500 g, out of live births with a recorded weight.',
      'Trẻ đẻ sống dưới 2500 g, trên tổng số trẻ đẻ sống có ghi cân nặng.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Low-birth-weight live births', 'Trẻ sống nhẹ cân'),
      where: { all: [weighed, { field: 'weight_band', in: LOW_BIRTH_WEIGHT_BANDS }] },
    },
    denominator: { label: t('Live births weighed', 'Trẻ sống có cân nặng'), where: weighed },
    unit: 'percent',
    better: 'lower',
    disaggregations: ['sex', 'mode', 'ethnic_minority', 'facility_level'],
    section: '§9.3',
    core: true,
  },
  {
    id: 'stillbirth_rate',
    group: 'outcome',
    name: t('Stillbirth rate', 'Tỷ suất thai chết lưu'),
    definition: t(
      'Fresh and macerated stillbirths of at least 1000 g or 28 weeks, per 1,000 total births (live births plus those stillbirths): the international-comparison definition.',
      'Thai chết lưu (tươi và đã ngâm mục) từ 1000 g hoặc 28 tuần trở lên trên 1.000 ca sinh (trẻ đẻ sống cộng các trường hợp chết lưu đó): định nghĩa so sánh quốc tế.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Stillbirths (≥ 1000 g or ≥ 28 weeks)', 'Thai chết lưu (≥ 1000 g hoặc ≥ 28 tuần)'),
      where: stillbirth28,
    },
    denominator: { label: t('Total births', 'Tổng số ca sinh'), where: { any: [live, stillbirth28] } },
    unit: 'per1000',
    better: 'lower',
    disaggregations: ALL_DIMS,
    section: '§5.4, §9.3',
    core: true,
  },
  {
    id: 'facility_neonatal_deaths',
    group: 'outcome',
    name: t('Facility neonatal deaths', 'Tử vong sơ sinh tại cơ sở'),
    definition: t(
      'Live-born babies who died before discharge (including during resuscitation, with or without a discharge entry), per 1,000 live births.',
      'Trẻ đẻ sống tử vong trước khi ra viện (kể cả tử vong khi hồi sức, dù có hay không ghi nhận ra viện), trên 1.000 trẻ đẻ sống.',
    ),
    source: 'newborn',
    numerator: {
      label: t('Died before discharge', 'Tử vong trước ra viện'),
      where: DIED_IN_FACILITY_WHERE,
    },
    denominator: { label: t('Live births', 'Trẻ đẻ sống'), where: live },
    unit: 'per1000',
    better: 'lower',
    disaggregations: ALL_DIMS,
    section: '§5.4',
    core: true,
  },
  {
    id: 'caesarean_rate',
    group: 'outcome',
    name: t('Caesarean births', 'Tỷ lệ mổ lấy thai'),
    definition: t(
      'Deliveries by caesarean section, out of all deliveries.',
      'Số ca mổ lấy thai trên tổng số ca đẻ.',
    ),
    source: 'delivery',
    numerator: {
      label: t('Caesarean deliveries', 'Ca mổ lấy thai'),
      where: { field: 'mode', eq: 'caesarean' },
    },
    denominator: { label: t('Deliveries', 'Ca đẻ'), where: everyRecord },
    unit: 'percent',
    disaggregations: ['ethnic_minority', 'facility_level'],
    section: '§5.4',
    core: false,
  },
  ...PNC_INDICATORS,
  ...KMC_INDICATORS,
  ...SCREENING_INDICATORS,
  ...COACHING_CHECKLIST_INDICATORS,
] as const satisfies readonly IndicatorDefinition[];

export type IndicatorId = (typeof INDICATORS)[number]['id'];

/**
 * Additive relations between counts (total = sum of parts), which a reader can combine with published
 * counts: the partner attacker test solves them. Parts name an indicator and which of its counts.
 */
export type MeasureRef = { indicator: string; part: 'numerator' | 'denominator' };
export const MEASURE_RELATIONS: ReadonlyArray<{ total: MeasureRef; parts: readonly MeasureRef[] }> = [
  {
    total: { indicator: 'stillbirth_rate', part: 'denominator' },
    parts: [
      { indicator: 'live_births', part: 'numerator' },
      { indicator: 'stillbirth_rate', part: 'numerator' },
    ],
  },
];

const LocalizedTextSchema = localizedTextSchema(z.string().min(1));
const MeasurePartSchema = z.strictObject({
  label: LocalizedTextSchema,
  where: FilterSchema,
  byGrain: z.partialRecord(z.enum(CALENDAR_GRAINS), FilterSchema).optional(),
});
export const IndicatorDefinitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  group: z.enum(['scale_up', 'quality', 'outcome', 'postnatal', 'kmc', 'screening']),
  name: LocalizedTextSchema,
  definition: LocalizedTextSchema,
  source: z.enum(SOURCE_IDS),
  numerator: MeasurePartSchema,
  denominator: MeasurePartSchema.optional(),
  unit: z.enum(['percent', 'per1000', 'count']),
  target: z.strictObject({ value: z.number(), direction: z.enum(['atLeast', 'atMost']) }).optional(),
  better: z.enum(['higher', 'lower']).optional(),
  disaggregations: z.array(z.enum(DIMENSION_IDS)),
  section: z.string().min(1),
  core: z.boolean(),
  note: LocalizedTextSchema.optional(),
  periodEnd: z.boolean().optional(),
});

/**
 * Every problem of a set of definitions, collected (not just the first): shape, duplicate ids, fields
 * and values against the source, disaggregations the source cannot give, denominators of rates,
 * relations naming unknown counts.
 */
export function validateDefinitions(
  defs: readonly unknown[],
  relations: typeof MEASURE_RELATIONS = MEASURE_RELATIONS,
): Issue[] {
  const issues: Issue[] = [];
  const ids = new Set<string>();
  const parsed: IndicatorDefinition[] = [];
  defs.forEach((raw, i) => {
    const r = IndicatorDefinitionSchema.safeParse(raw);
    if (!r.success) {
      for (const iss of r.error.issues)
        issues.push({ path: [i, ...iss.path].join('.'), message: iss.message });
      return;
    }
    const d = r.data as IndicatorDefinition;
    parsed.push(d);
    if (ids.has(d.id))
      issues.push({ path: `${i}.id`, message: 'indicators.def.duplicateId', params: { id: d.id } });
    ids.add(d.id);
    const source = SOURCES[d.source];
    for (const [name, part] of partsOf(d)) {
      issues.push(...checkFilter(part.where, source.fields, `${i}.${name}.where`));
      for (const [grain, where] of Object.entries(part.byGrain ?? {}))
        issues.push(...checkFilter(where, source.fields, `${i}.${name}.byGrain.${grain}`));
      // A grain's own rows are events counted from a rollup; a state at the period's end needs none.
      if (part.byGrain && (!source.rolledUp || d.periodEnd))
        issues.push({ path: `${i}.${name}.byGrain`, message: 'indicators.def.grainNeedsRollup' });
    }
    if (d.unit !== 'count' && !d.denominator)
      issues.push({ path: `${i}.denominator`, message: 'indicators.def.rateNeedsDenominator' });
    if (d.unit === 'count' && d.denominator)
      issues.push({ path: `${i}.denominator`, message: 'indicators.def.countHasDenominator' });
    for (const dim of d.disaggregations) {
      if (!source.dimensions.includes(dim))
        issues.push({
          path: `${i}.disaggregations`,
          message: 'indicators.def.dimensionNotInSource',
          params: { dimension: dim, source: d.source },
        });
    }
    const filters = [d.numerator.where, ...(d.denominator ? [d.denominator.where] : [])];
    const usesFacility = filters.some((f) =>
      fieldsOf(f).some((name) => source.fields[name]?.facilityAttribute),
    );
    if (source.rolledUp && usesFacility && d.disaggregations.some((dim) => STORED_DIMENSIONS.includes(dim)))
      issues.push({ path: `${i}.disaggregations`, message: 'indicators.def.facilityFieldNotStored' });
    if (source.rolledUp && filters.some(usesPeriodEnd))
      issues.push({ path: `${i}`, message: 'indicators.def.periodEndInRollup' });
    // A state at the period's end is the running sum of a rolled-up source's signed changes.
    if (d.periodEnd && (!source.signed || d.disaggregations.length > 0))
      issues.push({ path: `${i}.periodEnd`, message: 'indicators.def.stateNeedsSignedSource' });
  });
  relations.forEach((rel, i) => {
    for (const [j, ref] of [rel.total, ...rel.parts].entries()) {
      const d = parsed.find((x) => x.id === ref.indicator);
      if (!d || (ref.part === 'denominator' && !d.denominator))
        issues.push({
          path: `relations.${i}.${j}`,
          message: 'indicators.def.unknownMeasure',
          params: { indicator: ref.indicator },
        });
    }
  });
  return issues;
}

const partsOf = (d: IndicatorDefinition): Array<['numerator' | 'denominator', MeasurePart]> =>
  d.denominator
    ? [
        ['numerator', d.numerator],
        ['denominator', d.denominator],
      ]
    : [['numerator', d.numerator]];

/** One count kept per (org unit, month): the numerator or denominator condition of one or more indicators. */
export type Measure = {
  /** Column name in the rollup: the first indicator and part that use the condition. */
  id: string;
  source: SourceId;
  where: Filter;
  key: string;
  /** Also kept per disaggregation value (province level and above). */
  stored: boolean;
  /** A state at the period's end: the source's signed changes counted up to the period's last day. */
  periodEnd?: boolean;
  /**
   * The measures counted instead of this one for a period that is exactly a calendar quarter or year
   * (`byGrain` of the definition): rollup columns of their own; the engine reports them under this id.
   */
  grains?: Partial<Record<CalendarGrain, Measure>>;
  /**
   * Set by the engine on a measure with `grains` asked over a range that is no calendar month, quarter or
   * year: counted over each cell's whole range from its source's range facts (`rangeFactTable`).
   */
  overRange?: boolean;
};

export type MeasureRegistry = {
  /** The indicators' measures (each with its calendar grains' variants, `grains`). */
  measures: Measure[];
  /** Every count a source's rollup keeps: its measures and their grains' variants (the rollup's columns). */
  bySource: Partial<Record<SourceId, Measure[]>>;
  /** Indicator id → its numerator and denominator measure ids. */
  parts: Record<string, { numerator: string; denominator: string | null }>;
  byRef(ref: MeasureRef): string;
};

/**
 * The distinct conditions of a set of definitions: equal conditions of one source share a measure, so
 * a rollup row holds each count once. Deterministic (definition order), so the rollup layout is stable.
 */
export function buildMeasureRegistry(defs: readonly IndicatorDefinition[]): MeasureRegistry {
  const byKey = new Map<string, Measure>();
  const parts: MeasureRegistry['parts'] = {};
  const variants = new Map<string, Measure>();
  const measureFor = (d: IndicatorDefinition, part: 'num' | 'den', p: MeasurePart) => {
    const grains = Object.entries(p.byGrain ?? {}) as Array<[CalendarGrain, Filter]>;
    const key = `${d.source}:${d.periodEnd ? 'end:' : ''}${canonicalFilter(p.where)}${grains
      .map(([g, where]) => `|${g}:${canonicalFilter(where)}`)
      .join('')}`;
    const stored = d.disaggregations.some((dim) => STORED_DIMENSIONS.includes(dim));
    let m = byKey.get(key);
    if (!m) {
      m = { id: `${d.id}_${part}`.slice(0, 60), source: d.source, where: p.where, key, stored };
      if (d.periodEnd) m.periodEnd = true;
      for (const [g, where] of grains) {
        // Equal conditions of a grain share a column, like the measures themselves.
        const gKey = `${d.source}:${g}:${canonicalFilter(where)}`;
        const v = variants.get(gKey) ?? {
          id: `${m.id.slice(0, 50)}_${g}`,
          source: d.source,
          where,
          key: gKey,
          stored,
        };
        v.stored ||= stored;
        variants.set(gKey, v);
        (m.grains ??= {})[g] = v;
      }
      byKey.set(key, m);
    } else if (stored) m.stored = true;
    return m.id;
  };
  for (const d of defs) {
    parts[d.id] = {
      numerator: measureFor(d, 'num', d.numerator),
      denominator: d.denominator ? measureFor(d, 'den', d.denominator) : null,
    };
  }
  const measures = [...byKey.values()];
  const bySource: MeasureRegistry['bySource'] = {};
  for (const m of [...measures, ...variants.values()]) (bySource[m.source] ??= []).push(m);
  return {
    measures,
    bySource,
    parts,
    byRef(ref) {
      const p = parts[ref.indicator];
      const id = ref.part === 'numerator' ? p?.numerator : p?.denominator;
      if (!id) throw new Error(`Unknown measure ${ref.indicator}.${ref.part}`);
      return id;
    },
  };
}

/** The library, checked at load: a broken definition stops the server and the tests with every problem listed. */
export function loadIndicators(defs: readonly IndicatorDefinition[] = INDICATORS): {
  definitions: readonly IndicatorDefinition[];
  registry: MeasureRegistry;
} {
  const issues = validateDefinitions(defs);
  if (issues.length)
    throw new Error(
      `Invalid indicator definitions:\n${issues.map((i) => `  ${i.path}: ${i.message}${i.params ? ` ${JSON.stringify(i.params)}` : ''}`).join('\n')}`,
    );
  return { definitions: defs, registry: buildMeasureRegistry(defs) };
}

export const EENC_STEP_NAMES = stepNames;
