import { booleanField, enVi, evaluatedSource, isTrue, percentDefaults } from '../indicators/definition-parts';
/**
 * KMC indicators (issue 16; facts §5.3, §12.2: the core KMC indicators of Guenther et al. 2017 and
 * DHIS2's RMNCAH "Newborns on KMC"). Source `kmc`: one row per live-born baby, with its episode when it
 * has one, counted from the records at each request (server/features/kmc/kmc-indicator-source.ts), so
 * that a start, a log or a discharge counts at the next query.
 *
 * Plain data, checked where it joins the library (`SOURCES` in sources.ts, `DEFINITIONS` in
 * definitions.ts): importing their types here would tie this file and the library in a circle.
 */
export const KMC_SOURCE_SPEC = evaluatedSource(true, {
  birth_date: { type: 'date' },
  /**
   * Eligible under the country's rule: the rule in force for a baby without an episode or in KMC, the
   * rule of the day for a closed episode (what it was judged under).
   */
  eligible: booleanField,
  /** Under the country's special-care thresholds (default 1,500 g or 32 weeks). */
  special_care: booleanField,
  started: booleanField,
  /** Within the first hour, without an incubator first. */
  immediate: booleanField,
  /** The days logged averaged at least 8 hours of skin-to-skin. */
  mean_hours_met: booleanField,
  logged: booleanField,
  closed: booleanField,
  discharged_in_kmc: booleanField,
  died: booleanField,
  /** Discharged in KMC and seen at least once at a KMC follow-up contact of the postnatal schedule. */
  followed_up: booleanField,
  /** Graduated from the KMC follow-up (the country's criterion met). */
  graduated: booleanField,
});

/**
 * Facility readiness for KMC (issue 16; facts §12.2, the core readiness indicator "facilities offering
 * KMC"): source `kmc_facility`, one row per facility and period (server/features/kmc/
 * kmc-facility-source.ts). Declares KMC: the facility's own declaration says it offers KMC since a day
 * on or before the period's end. Offers KMC: that declaration, or a KMC episode started there in the
 * period. Trained staff: someone working there at the period's end completed a KMC coaching course
 * (Module 2) by then.
 */
export const KMC_FACILITY_SOURCE_SPEC = evaluatedSource(false, {
  declares_kmc: booleanField,
  offers_kmc: booleanField,
  trained_staff: booleanField,
});

const t = enVi;
const is = isTrue;
const started = is('started');
const common = percentDefaults('kmc');

export const KMC_INDICATORS = [
  {
    ...common,
    id: 'kmc_coverage_eligible',
    name: t('KMC coverage of eligible babies', 'Độ bao phủ chăm sóc kangaroo ở trẻ đủ điều kiện'),
    definition: t(
      "Live-born babies eligible under the country's KMC rule on whom KMC was started, out of eligible live-born babies (denominator: eligible babies).",
      'Trẻ đẻ sống đủ điều kiện theo quy định quốc gia được bắt đầu chăm sóc kangaroo, trên tổng số trẻ đẻ sống đủ điều kiện (mẫu số: trẻ đủ điều kiện).',
    ),
    numerator: {
      label: t('Eligible, KMC started', 'Đủ điều kiện, đã bắt đầu'),
      where: { all: [is('eligible'), started] },
    },
    denominator: { label: t('Eligible babies', 'Trẻ đủ điều kiện'), where: is('eligible') },
    section: '§5.3, §12.2',
  },
  {
    ...common,
    id: 'kmc_coverage_live_births',
    name: t('Newborns on KMC, of all live births', 'Trẻ được chăm sóc kangaroo trên tổng số trẻ đẻ sống'),
    definition: t(
      'Live-born babies on whom KMC was started, out of all live births in the facility (denominator: all live births, as DHIS2 RMNCAH_NN_KMC "Newborns on KMC (%)").',
      'Trẻ đẻ sống được bắt đầu chăm sóc kangaroo, trên tổng số trẻ đẻ sống tại cơ sở (mẫu số: tất cả trẻ đẻ sống, như chỉ số DHIS2 RMNCAH_NN_KMC).',
    ),
    numerator: { label: t('KMC started', 'Đã bắt đầu chăm sóc kangaroo'), where: started },
    denominator: { label: t('All live births', 'Tất cả trẻ đẻ sống'), where: { all: [] } },
    section: '§5.3, §12.2',
  },
  {
    ...common,
    id: 'kmc_immediate',
    name: t('Immediate KMC', 'Chăm sóc kangaroo ngay sau sinh'),
    definition: t(
      'Babies whose KMC started within the first hour after birth without a period in an incubator, out of babies on whom KMC was started (WHO 2022).',
      'Trẻ được chăm sóc kangaroo trong giờ đầu sau sinh mà không nằm lồng ấp trước, trên số trẻ được bắt đầu chăm sóc kangaroo (WHO 2022).',
    ),
    numerator: { label: t('Immediate', 'Bắt đầu ngay'), where: { all: [started, is('immediate')] } },
    denominator: { label: t('KMC started', 'Đã bắt đầu chăm sóc kangaroo'), where: started },
    section: '§12.2',
  },
  {
    ...common,
    id: 'kmc_mean_8_hours',
    name: t('KMC at least 8 hours a day', 'Chăm sóc kangaroo ít nhất 8 giờ mỗi ngày'),
    definition: t(
      'Babies in KMC whose logged days average at least 8 hours of skin-to-skin, out of babies in KMC with at least one day logged.',
      'Trẻ được chăm sóc kangaroo có số giờ da kề da trung bình các ngày đã ghi từ 8 giờ trở lên, trên số trẻ có ít nhất một ngày được ghi.',
    ),
    numerator: {
      label: t('8 hours or more', 'Từ 8 giờ trở lên'),
      where: { all: [started, is('logged'), is('mean_hours_met')] },
    },
    denominator: {
      label: t('Days logged', 'Có ghi chép hằng ngày'),
      where: { all: [started, is('logged')] },
    },
    section: '§12.2',
  },
  {
    ...common,
    id: 'kmc_discharged_in_kmc',
    name: t('Discharged in KMC', 'Ra viện tiếp tục chăm sóc kangaroo'),
    definition: t(
      'Babies whose KMC episode closed with discharge in KMC, out of babies in KMC whose episode closed.',
      'Trẻ kết thúc đợt chăm sóc kangaroo với kết quả ra viện tiếp tục chăm sóc kangaroo, trên số trẻ đã kết thúc đợt chăm sóc.',
    ),
    numerator: {
      label: t('Discharged in KMC', 'Ra viện tiếp tục chăm sóc kangaroo'),
      where: { all: [started, is('discharged_in_kmc')] },
    },
    denominator: {
      label: t('Episodes closed', 'Đợt chăm sóc đã kết thúc'),
      where: { all: [started, is('closed')] },
    },
    section: '§12.2',
  },
  {
    ...common,
    id: 'kmc_deaths',
    name: t('Deaths among babies in KMC', 'Tử vong ở trẻ được chăm sóc kangaroo'),
    definition: t(
      'Babies in KMC whose episode closed with death, out of babies on whom KMC was started.',
      'Trẻ được chăm sóc kangaroo tử vong, trên số trẻ được bắt đầu chăm sóc kangaroo.',
    ),
    numerator: { label: t('Died', 'Tử vong'), where: { all: [started, is('died')] } },
    denominator: { label: t('KMC started', 'Đã bắt đầu chăm sóc kangaroo'), where: started },
    better: 'lower',
    section: '§12.2',
  },
  {
    ...common,
    id: 'kmc_follow_up_attended',
    name: t('KMC follow-up attended', 'Trẻ được khám theo dõi chăm sóc kangaroo sau ra viện'),
    definition: t(
      'Babies discharged in KMC seen at least once at a KMC follow-up contact of the postnatal schedule, out of babies discharged in KMC.',
      'Trẻ ra viện tiếp tục chăm sóc kangaroo được khám ít nhất một lần theo lịch theo dõi chăm sóc kangaroo, trên số trẻ ra viện tiếp tục chăm sóc kangaroo.',
    ),
    numerator: {
      label: t('Seen at a KMC follow-up', 'Đã được khám theo dõi'),
      where: { all: [is('discharged_in_kmc'), is('followed_up')] },
    },
    denominator: {
      label: t('Discharged in KMC', 'Ra viện tiếp tục chăm sóc kangaroo'),
      where: is('discharged_in_kmc'),
    },
    section: '§12.2',
  },
  {
    ...common,
    id: 'kmc_graduated',
    name: t('KMC follow-up completed: graduated', 'Hoàn thành theo dõi chăm sóc kangaroo'),
    definition: t(
      "Babies discharged in KMC followed until they graduated (the country's criterion: weight or post-menstrual age), out of babies discharged in KMC.",
      'Trẻ ra viện tiếp tục chăm sóc kangaroo được theo dõi đến khi đạt tiêu chuẩn kết thúc (cân nặng hoặc tuổi sau kỳ kinh cuối theo quy định quốc gia), trên số trẻ ra viện tiếp tục chăm sóc kangaroo.',
    ),
    numerator: {
      label: t('Graduated', 'Đã kết thúc chăm sóc kangaroo'),
      where: { all: [is('discharged_in_kmc'), is('graduated')] },
    },
    denominator: {
      label: t('Discharged in KMC', 'Ra viện tiếp tục chăm sóc kangaroo'),
      where: is('discharged_in_kmc'),
    },
    section: '§12.2',
  },
  {
    ...common,
    id: 'facilities_offering_kmc',
    source: 'kmc_facility',
    name: t('Facilities offering KMC', 'Cơ sở thực hiện chăm sóc kangaroo'),
    definition: t(
      'Facilities that declare they offer KMC (since a day on or before the end of the period) or where KMC was started for at least one baby in the period, out of all facilities.',
      'Cơ sở tự khai báo có thực hiện chăm sóc kangaroo (từ một ngày trước hoặc trong kỳ) hoặc có ít nhất một trẻ được bắt đầu chăm sóc kangaroo trong kỳ, trên tổng số cơ sở.',
    ),
    numerator: { label: t('Offering KMC', 'Có thực hiện'), where: is('offers_kmc') },
    denominator: { label: t('Facilities', 'Cơ sở'), where: { all: [] } },
    section: '§12.2',
  },
  {
    ...common,
    id: 'facilities_ready_for_kmc',
    source: 'kmc_facility',
    name: t('Facilities ready for KMC', 'Cơ sở sẵn sàng chăm sóc kangaroo'),
    definition: t(
      'Facilities offering KMC in the period (declared, or KMC started there) with at least one health worker there at the end of the period who completed a KMC coaching course (Module 2), out of all facilities.',
      'Cơ sở có thực hiện chăm sóc kangaroo trong kỳ và có ít nhất một nhân viên đang làm việc vào cuối kỳ đã hoàn thành khóa huấn luyện chăm sóc kangaroo (Mô-đun 2), trên tổng số cơ sở.',
    ),
    numerator: {
      label: t('Offering KMC, with KMC-trained staff', 'Có thực hiện và có nhân viên được huấn luyện'),
      where: { all: [is('offers_kmc'), is('trained_staff')] },
    },
    denominator: { label: t('Facilities', 'Cơ sở'), where: { all: [] } },
    section: '§12.2',
  },
] as const;
