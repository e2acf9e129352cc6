/**
 * The PNC indicators in SQL over `pnc_contact_facts`, as documented in docs/pnc.md (a test checks the
 * text there is this text, and that each query agrees with its pure function in
 * shared/pnc/pnc-indicators.ts). Every query returns one row `(numerator, denominator)`.
 *
 * Parameters: $1 first and $2 last birth date of the period (dates at the birth facility), $3 the
 * materialized path of the org unit (births at facilities under it), then as noted. The per-subject
 * queries leave out babies who died in the facility (`COHORT`); the per-contact one keeps their contacts.
 */
const BORN = `f.birth_date between $1::date and $2::date
           and f.facility_id in (select id from org_units where path like $3 || '%')`;
const COHORT = `not f.died_in_facility and ${BORN}`;

/**
 * PNC on time (RMNCAH_PPNBTV / RMNCAH_PPMTV). $4 = 'newborn' (÷ live births who did not die in the
 * facility) or 'mother' (÷ deliveries).
 */
export const PNC_ON_TIME_SQL = `select count(*) filter (where first_on_time)::int as numerator, count(*)::int as denominator
  from (select f.subject_id, bool_or(f.contact_number = 1 and f.on_time) as first_on_time
          from pnc_contact_facts f
         where f.subject = $4 and ${COHORT}
         group by f.subject_id) s`;

/** Any PNC (RMNCAH_PPNBV / RMNCAH_PPMV). $4 = 'newborn' or 'mother'. */
export const PNC_ANY_SQL = `select count(*) filter (where seen)::int as numerator, count(*)::int as denominator
  from (select f.subject_id, bool_or(f.done_at is not null) as seen
          from pnc_contact_facts f
         where f.subject = $4 and ${COHORT}
         group by f.subject_id) s`;

/** All four (core) contacts completed. $4 = 'newborn' or 'mother'; $5 = as-of instant (now). */
export const PNC_ALL_CORE_SQL = `select count(*) filter (where all_done)::int as numerator, count(*)::int as denominator
  from (select f.subject_id,
               bool_and(f.done_at is not null) filter (where f.core) as all_done,
               bool_and(f.expires_at <= $5::timestamptz) filter (where f.core) as over,
               bool_or(f.cancelled) as cancelled
          from pnc_contact_facts f
         where f.subject = $4 and ${COHORT}
         group by f.subject_id) s
 where over and not cancelled`;

/** Only breast milk at PNC (DAK PNC.IND.3): the baby's most recent contact. */
export const PNC_EXCLUSIVE_BF_SQL = `select count(*) filter (where ebf)::int as numerator, count(*)::int as denominator
  from (select distinct on (f.subject_id) f.subject_id, f.exclusive_bf_yesterday is true as ebf
          from pnc_contact_facts f
         where f.subject = 'newborn' and f.done_at is not null and ${COHORT}
         order by f.subject_id, f.done_at desc, f.contact_code desc) s`;

/** Danger signs found and referred, per contact. $4 = 'newborn', 'mother' or null for both. */
export const PNC_DANGER_REFERRED_SQL = `select count(*) filter (where f.referred is true)::int as numerator, count(*)::int as denominator
  from pnc_contact_facts f
 where f.done_at is not null and f.danger_signs_found and ($4::text is null or f.subject = $4) and ${BORN}`;

export const PNC_INDICATOR_SQL = {
  PNC_ON_TIME_SQL,
  PNC_ANY_SQL,
  PNC_ALL_CORE_SQL,
  PNC_EXCLUSIVE_BF_SQL,
  PNC_DANGER_REFERRED_SQL,
} as const;
