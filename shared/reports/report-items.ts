import type { LocalizedText } from '../i18n/localized-text';

/**
 * What a country report holds, section by section. Computed items name an indicator of the library
 * (shared/indicators/definitions.ts) and are assembled by the indicator engine; an id the library does
 * not hold yet (a module still being built) is reported as "no data" (null), never as 0, and fills in by
 * itself once the indicator lands. Manual items are typed in by the country with a required source.
 */
export const REPORT_SECTIONS = [
  'scale_up',
  'quality',
  'module3',
  'coaching',
  'kmc',
  'outcome',
  'policy',
  'commodities',
  'plans',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export type ComputedItem = { section: ReportSection; indicator: string };

export const COMPUTED_ITEMS: readonly ComputedItem[] = [
  { section: 'scale_up', indicator: 'facilities_with_births' },
  { section: 'scale_up', indicator: 'facilities_introduced' },
  { section: 'scale_up', indicator: 'facilities_team_formed' },
  { section: 'scale_up', indicator: 'eenc_implementing' },
  { section: 'scale_up', indicator: 'births_in_eenc_facilities' },
  { section: 'scale_up', indicator: 'deliveries' },
  { section: 'scale_up', indicator: 'live_births' },
  { section: 'quality', indicator: 'immediate_ssc' },
  { section: 'quality', indicator: 'ssc_90_no_separation' },
  { section: 'quality', indicator: 'delayed_cord_clamping' },
  { section: 'quality', indicator: 'early_breastfeeding' },
  { section: 'quality', indicator: 'exclusive_bf_discharge' },
  { section: 'quality', indicator: 'bag_mask_within_1_min' },
  { section: 'quality', indicator: 'uterotonic_within_1_min' },
  { section: 'quality', indicator: 'documented_birth_weight' },
  { section: 'module3', indicator: 'facilities_assessed' },
  { section: 'module3', indicator: 'facilities_meets_standards' },
  // Module 3 standard scores are not an indicator yet: "no data" until they are.
  { section: 'module3', indicator: 'module3_standards_score' },
  { section: 'coaching', indicator: 'health_workers_coached' },
  { section: 'coaching', indicator: 'health_workers_coached_cumulative' },
  { section: 'coaching', indicator: 'delivery_staff_coached' },
  { section: 'coaching', indicator: 'eenc_facilitators' },
  // Skills checklists (issue 15) are not built yet.
  { section: 'coaching', indicator: 'coaching_skills_passed' },
  { section: 'kmc', indicator: 'kmc_eligible_initiated' },
  { section: 'kmc', indicator: 'kmc_coverage_eligible' },
  { section: 'kmc', indicator: 'kmc_immediate' },
  { section: 'kmc', indicator: 'kmc_mean_8_hours' },
  { section: 'kmc', indicator: 'kmc_discharged_in_kmc' },
  { section: 'kmc', indicator: 'kmc_deaths' },
  // Follow-up to graduation (issue 16) is not built yet.
  { section: 'kmc', indicator: 'kmc_graduated' },
  { section: 'outcome', indicator: 'stillbirth_rate' },
  { section: 'outcome', indicator: 'facility_neonatal_deaths' },
  { section: 'outcome', indicator: 'preterm_rate' },
  { section: 'outcome', indicator: 'low_birth_weight_rate' },
  { section: 'outcome', indicator: 'caesarean_rate' },
];

/** Names of the computed items the library does not hold yet. */
export const PENDING_ITEM_NAMES: Record<string, LocalizedText> = {
  module3_standards_score: {
    en: 'Module 3: mean share of standards met',
    vi: 'Mô-đun 3: tỷ lệ trung bình tiêu chuẩn đạt',
  },
  coaching_skills_passed: {
    en: 'Coached workers passing the skills checklist',
    vi: 'Nhân viên được huấn luyện đạt bảng kiểm kỹ năng',
  },
  kmc_graduated: {
    en: 'KMC babies followed up to graduation',
    vi: 'Trẻ KMC được theo dõi đến khi ra chương trình',
  },
};

export type ManualItem = { section: 'policy' | 'commodities' | 'plans'; key: string; name: LocalizedText };

export const MANUAL_ITEMS: readonly ManualItem[] = [
  {
    section: 'policy',
    key: 'policy_national_guideline',
    name: { en: 'National EENC guideline adopted', vi: 'Hướng dẫn quốc gia về EENC đã ban hành' },
  },
  {
    section: 'policy',
    key: 'policy_kmc_guideline',
    name: { en: 'KMC guideline adopted', vi: 'Hướng dẫn chăm sóc kangaroo đã ban hành' },
  },
  {
    section: 'policy',
    key: 'policy_eenc_in_curricula',
    name: { en: 'EENC in pre-service curricula', vi: 'EENC trong chương trình đào tạo trước khi hành nghề' },
  },
  // KMC readiness at country level, from the consensus list of core KMC indicators (facts §12.2 [V: S68]):
  // the national guideline is the item above; the facilities offering KMC are computed (issue 16).
  {
    section: 'policy',
    key: 'policy_kmc_in_hmis',
    name: {
      en: 'KMC indicators in the national health information system',
      vi: 'Chỉ số chăm sóc kangaroo trong hệ thống thông tin y tế quốc gia',
    },
  },
  {
    section: 'commodities',
    key: 'commodities_bag_mask',
    name: { en: 'Bag and mask in every delivery room', vi: 'Bóng và mặt nạ ở mọi phòng đẻ' },
  },
  {
    section: 'commodities',
    key: 'commodities_oxytocin',
    name: { en: 'Oxytocin on the essential medicines list', vi: 'Oxytocin trong danh mục thuốc thiết yếu' },
  },
  {
    section: 'plans',
    key: 'plans_costed_action_plan',
    name: { en: 'Costed national EENC action plan', vi: 'Kế hoạch hành động EENC quốc gia có dự toán' },
  },
  {
    section: 'plans',
    key: 'plans_costed_kmc_plan',
    name: {
      en: 'Costed national plan for KMC scale-up',
      vi: 'Kế hoạch quốc gia có dự toán để mở rộng chăm sóc kangaroo',
    },
  },
];

export const NARRATIVE_SECTIONS = ['achievements', 'challenges', 'plan'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

/**
 * The headline line of the regional meeting ("EENC in 16 countries, more than 30,000 health workers
 * coached in 2,522 facilities, about 4 million newborns"): which validated value each figure sums.
 */
export const HEADLINE_ITEMS = {
  facilities: { indicator: 'facilities_introduced', part: 'numerator' },
  healthWorkersCoached: { indicator: 'health_workers_coached_cumulative', part: 'numerator' },
  newborns: { indicator: 'births_in_eenc_facilities', part: 'numerator' },
} as const;
