import { LOW_BIRTH_WEIGHT_BANDS, PRETERM_BIRTH_BANDS } from '../../../shared/births/birth-rules';
import { REGISTER_MEASURES, type RegisterMeasure } from '../../../shared/assessments/checklist.schema';
import type { Queryable } from '../../db/db';

/**
 * Counts of the birth register for one facility and period (facility-local birth dates, inclusive).
 * A count is null when the register holds no data for it: no births at all, or none with the field
 * recorded (e.g. no discharge recorded yet), so that "0" always means "none", never "unknown".
 */
export async function computeRegisterMeasures(
  q: Queryable,
  facilityId: string,
  from: string,
  to: string,
): Promise<Record<RegisterMeasure, number | null>> {
  const [b] = await q.query<{ deliveries: number; caesareans: number }>(
    `select count(*) as deliveries, count(*) filter (where mode = 'caesarean') as caesareans
       from births where facility_id = $1 and birth_date between $2::date and $3::date`,
    [facilityId, from, to],
  );
  const [n] = await q.query<Record<string, number>>(
    `select
        count(*) as newborns,
        count(*) filter (where live) as live_births,
        count(*) filter (where not live) as stillbirths,
        count(*) filter (where live and weight_band = any($4::text[])) as low_birth_weight,
        count(*) filter (where live and weight_band <> 'unknown') as low_birth_weight_known,
        count(*) filter (where live and preterm_band = any($5::text[])) as preterm,
        count(*) filter (where live and preterm_band <> 'unknown') as preterm_known,
        count(*) filter (where live and bag_mask_started_seconds is not null) as bag_mask,
        count(*) filter (where live and (breathing_at_birth is not null or bag_mask_started_seconds is not null)) as bag_mask_known,
        count(*) filter (where immediate_ssc) as immediate_ssc,
        count(*) filter (where immediate_ssc is not null) as immediate_ssc_known,
        count(*) filter (where ssc_full_no_separation) as ssc_full_no_separation,
        count(*) filter (where ssc_full_no_separation is not null) as ssc_full_no_separation_known,
        count(*) filter (where delayed_cord_clamping) as delayed_cord_clamping,
        count(*) filter (where delayed_cord_clamping is not null) as delayed_cord_clamping_known,
        count(*) filter (where early_breastfeeding) as early_breastfeeding,
        count(*) filter (where early_breastfeeding is not null) as early_breastfeeding_known,
        count(*) filter (where live and kmc_initiated) as kmc_initiated,
        count(*) filter (where live and kmc_initiated is not null) as kmc_initiated_known,
        count(*) filter (where live and discharge_status = 'alive') as discharged_alive,
        count(*) filter (where live and discharge_status = 'alive' and discharge_exclusive_bf) as exclusive_bf_at_discharge,
        count(*) filter (where live and discharge_status = 'alive' and discharge_exclusive_bf is not null) as exclusive_bf_at_discharge_known,
        count(*) filter (where live and discharge_status = 'died') as died_before_discharge,
        count(*) filter (where live and discharge_status = 'referred') as referred,
        count(*) filter (where live and discharge_status is not null) as discharge_known
       from (select *, outcome = 'live_birth' as live from newborns
              where facility_id = $1 and birth_date between $2::date and $3::date) x`,
    // The bands of the rule that stored them (shared/births/birth-rules.ts), not a copy of them.
    [facilityId, from, to, LOW_BIRTH_WEIGHT_BANDS, PRETERM_BIRTH_BANDS],
  );
  const deliveries = Number(b?.deliveries ?? 0);
  const v = (key: string) => Number(n?.[key] ?? 0);
  const known = (key: string, knownKey: string) => (v(knownKey) > 0 ? v(key) : null);
  if (deliveries === 0) {
    return Object.fromEntries(REGISTER_MEASURES.map((k) => [k, null])) as Record<
      RegisterMeasure,
      number | null
    >;
  }
  return {
    deliveries,
    caesareans: Number(b?.caesareans ?? 0),
    live_births: v('live_births'),
    stillbirths: v('stillbirths'),
    low_birth_weight: known('low_birth_weight', 'low_birth_weight_known'),
    preterm: known('preterm', 'preterm_known'),
    bag_mask: known('bag_mask', 'bag_mask_known'),
    immediate_ssc: known('immediate_ssc', 'immediate_ssc_known'),
    ssc_full_no_separation: known('ssc_full_no_separation', 'ssc_full_no_separation_known'),
    delayed_cord_clamping: known('delayed_cord_clamping', 'delayed_cord_clamping_known'),
    early_breastfeeding: known('early_breastfeeding', 'early_breastfeeding_known'),
    kmc_initiated: known('kmc_initiated', 'kmc_initiated_known'),
    discharged_alive: known('discharged_alive', 'discharge_known'),
    exclusive_bf_at_discharge: known('exclusive_bf_at_discharge', 'exclusive_bf_at_discharge_known'),
    died_before_discharge: known('died_before_discharge', 'discharge_known'),
    referred: known('referred', 'discharge_known'),
  };
}
