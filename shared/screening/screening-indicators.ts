import { booleanField, enVi, evaluatedSource, isTrue, percentDefaults } from '../indicators/definition-parts';
/**
 * Cervical screening indicators (issue 22; facts §12.4: WHO 2021 and the 90–70–90 elimination targets,
 * coverage at 35 and at 45, positives treated), from two sources:
 *
 * - `screening`: a woman's states at the end of the period (her age, her screens up to then), rolled up
 *   per unit and month as signed changes (+1 on the day a combination of states starts, −1 on the day
 *   it ends), so the coverage indicators are counted at the period's end (`periodEnd`) from the rollup
 *   (server/features/screening/screening-indicator-source.ts, docs/screening.md "Indicators");
 * - `screening_result`: her latest screen of the period and what followed it, counted from the records
 *   at each request (a latest screen per period is not a sum of months; the follow-up target is the
 *   country's setting, read at each request).
 *
 * Plain data, checked where it joins the library (`SOURCES` in sources.ts, `DEFINITIONS` in
 * definitions.ts), as the KMC indicators are.
 */
export const SCREENING_SOURCE_SPEC = {
  countsPeople: true,
  rolledUp: true,
  signed: true,
  dimensions: [],
  fields: {
    /** Aged 30–49 (completed years): from her 30th birthday to the day before her 50th. */
    age_30_49: booleanField,
    age_35: booleanField,
    age_45: booleanField,
    /** A sample taken on or before the day. */
    ever_screened: booleanField,
    /** A sample taken in the 5 years before the day. */
    screened_5y: booleanField,
    /** Two samples or more by the day ("screened by 35 and again by 45"). */
    screened_twice: booleanField,
  },
} as const;

export const SCREENING_RESULT_SOURCE_SPEC = evaluatedSource(true, {
  /** Her latest screen of the period has a result (negative, positive or suspected cancer). */
  result_in_period: booleanField,
  /** That result is positive or suspected cancer. */
  positive_in_period: booleanField,
  /** Triaged, treated or referred within the target time after the positive result. */
  followed_in_target: booleanField,
  /** Positive, and nothing recorded three target times after the result (as of the end of the period). */
  lost_to_follow_up: booleanField,
});

const t = enVi;
const is = isTrue;
const common = { ...percentDefaults('screening'), section: '§12.4' } as const;
/** The coverage indicators: states at the period's end. */
const coverage = { ...common, periodEnd: true } as const;
/** The indicators of the period's latest screen. */
const results = { ...common, source: 'screening_result' } as const;

export const SCREENING_INDICATORS = [
  {
    ...coverage,
    id: 'screening_coverage_ever_30_49',
    name: t('Women 30–49 ever screened', 'Phụ nữ 30–49 tuổi đã từng được sàng lọc'),
    definition: t(
      'Women aged 30–49 followed by the unit with a cervical screening sample ever taken, out of women aged 30–49 followed (status at the end of the period).',
      'Phụ nữ 30–49 tuổi được theo dõi đã từng được lấy mẫu sàng lọc ung thư cổ tử cung, trên tổng số phụ nữ 30–49 tuổi được theo dõi (tình trạng cuối kỳ).',
    ),
    numerator: {
      label: t('Ever screened', 'Đã từng sàng lọc'),
      where: { all: [is('age_30_49'), is('ever_screened')] },
    },
    denominator: { label: t('Women 30–49', 'Phụ nữ 30–49 tuổi'), where: is('age_30_49') },
  },
  {
    ...coverage,
    id: 'screening_coverage_5y_30_49',
    name: t('Women 30–49 screened in the last 5 years', 'Phụ nữ 30–49 tuổi được sàng lọc trong 5 năm qua'),
    definition: t(
      'Women aged 30–49 with a screening sample taken in the 5 years before the end of the period, out of women aged 30–49 followed.',
      'Phụ nữ 30–49 tuổi được lấy mẫu sàng lọc trong 5 năm trước cuối kỳ, trên tổng số phụ nữ 30–49 tuổi được theo dõi.',
    ),
    numerator: {
      label: t('Screened in 5 years', 'Sàng lọc trong 5 năm'),
      where: { all: [is('age_30_49'), is('screened_5y')] },
    },
    denominator: { label: t('Women 30–49', 'Phụ nữ 30–49 tuổi'), where: is('age_30_49') },
  },
  {
    ...coverage,
    id: 'screening_coverage_35',
    name: t('Screened by 35', 'Được sàng lọc trước 35 tuổi'),
    definition: t(
      'Women aged 35 who have been screened at least once, out of women aged 35 followed (WHO elimination target: 70 %).',
      'Phụ nữ 35 tuổi đã được sàng lọc ít nhất một lần, trên tổng số phụ nữ 35 tuổi được theo dõi (mục tiêu loại trừ của WHO: 70 %).',
    ),
    numerator: { label: t('Screened', 'Đã sàng lọc'), where: { all: [is('age_35'), is('ever_screened')] } },
    denominator: { label: t('Women aged 35', 'Phụ nữ 35 tuổi'), where: is('age_35') },
  },
  {
    ...coverage,
    id: 'screening_coverage_45',
    name: t('Screened twice by 45', 'Được sàng lọc hai lần trước 45 tuổi'),
    definition: t(
      'Women aged 45 who have been screened at least twice, out of women aged 45 followed (WHO elimination target: 70 % screened by 35 and again by 45).',
      'Phụ nữ 45 tuổi đã được sàng lọc ít nhất hai lần, trên tổng số phụ nữ 45 tuổi được theo dõi (mục tiêu WHO: 70 % sàng lọc trước 35 tuổi và lần nữa trước 45 tuổi).',
    ),
    numerator: {
      label: t('Screened twice', 'Sàng lọc hai lần'),
      where: { all: [is('age_45'), is('screened_twice')] },
    },
    denominator: { label: t('Women aged 45', 'Phụ nữ 45 tuổi'), where: is('age_45') },
  },
  {
    ...results,
    id: 'screening_positivity',
    name: t('Screen positivity', 'Tỷ lệ sàng lọc dương tính'),
    definition: t(
      'Women whose latest screen of the period was positive or suspected cancer, out of women screened in the period with a result.',
      'Phụ nữ có kết quả sàng lọc gần nhất trong kỳ dương tính hoặc nghi ung thư, trên số phụ nữ được sàng lọc trong kỳ có kết quả.',
    ),
    numerator: { label: t('Positive', 'Dương tính'), where: is('positive_in_period') },
    denominator: { label: t('Screened with a result', 'Sàng lọc có kết quả'), where: is('result_in_period') },
    better: 'lower',
  },
  {
    ...results,
    id: 'screening_positives_treated_in_target',
    name: t('Positives treated within the target time', 'Ca dương tính được xử trí đúng hạn'),
    definition: t(
      'Women screened positive in the period who were triaged, treated or referred within the target time (country setting, 4 weeks by default), out of women screened positive (WHO target: 90 % treated).',
      'Phụ nữ sàng lọc dương tính trong kỳ được phân loại, điều trị hoặc chuyển tuyến trong thời hạn (cài đặt quốc gia, mặc định 4 tuần), trên số phụ nữ dương tính (mục tiêu WHO: 90 % được điều trị).',
    ),
    numerator: {
      label: t('Within target', 'Đúng hạn'),
      where: { all: [is('positive_in_period'), is('followed_in_target')] },
    },
    denominator: { label: t('Screened positive', 'Sàng lọc dương tính'), where: is('positive_in_period') },
  },
  {
    ...results,
    id: 'screening_lost_to_follow_up',
    name: t('Positives lost to follow-up', 'Ca dương tính mất theo dõi'),
    definition: t(
      'Women screened positive in the period with no triage, treatment or referral recorded three target times after the result, out of women screened positive.',
      'Phụ nữ sàng lọc dương tính trong kỳ chưa được ghi nhận phân loại, điều trị hay chuyển tuyến sau ba lần thời hạn kể từ khi có kết quả, trên số phụ nữ dương tính.',
    ),
    numerator: {
      label: t('Lost to follow-up', 'Mất theo dõi'),
      where: { all: [is('positive_in_period'), is('lost_to_follow_up')] },
    },
    denominator: { label: t('Screened positive', 'Sàng lọc dương tính'), where: is('positive_in_period') },
    better: 'lower',
  },
] as const;
