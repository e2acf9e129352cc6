import { KMC_WEEKLY_WHERE } from '../../../shared/kmc/kmc-follow-up-weight';
import { DEFAULT_PNC_SETTINGS } from '../../../shared/pnc/pnc-settings';
import { compileFilter } from '../indicators/indicator-sources';
import { kmcFollowUpEntrySql } from '../kmc/kmc-rule.sql';

/**
 * `kmc_follow_up_refresh(newborn ids)`: keeps, for each baby given, `newborns.kmc_follow_up_grams` (the
 * weight known to the follow-up: the weight of the latest KMC follow-up contact that has one, else the
 * weight at the discharge in KMC) and `newborns.kmc_follow_up_weekly` (`isKmcWeekly`,
 * shared/kmc/kmc-follow-up-weight.ts, compiled here, with the country's `kmcWeeklyBelowGrams`). The
 * newborn triggers then re-derive the baby's markers, so the worklists, reminders and indicators read
 * the weekly contacts through the one "applies" rule. Called by the triggers of migration 0142
 * (contacts, KMC episodes) and when a country's schedule is saved. Generated after migrations
 * (pnc-schema.ts); writes only rows whose values change.
 */
export function kmcFollowUpRefreshFunction(): string {
  const weekly = compileFilter(
    { id: 'kmc_follow_up_refresh', fields: { grams_over_threshold: { sql: '(w.grams - w.below)' } } },
    KMC_WEEKLY_WHERE,
  );
  return `create or replace function kmc_follow_up_refresh(p_newborn_ids uuid[]) returns void language sql as $$
  with w as (
    select n.id,
           coalesce(
             (select (c.observations ->> 'weightGrams')::int from pnc_contacts c
               where c.subject_id = n.id and c.observations ? 'weightGrams'
                 and c.contact_code in (select e.code from pnc_schedule_entries e
                                         where e.country_id = s.country_id and ${kmcFollowUpEntrySql('e.only_for_markers')})
               order by c.done_at desc, c.id desc limit 1),
             (select k.discharge_weight_grams from kmc_episodes k
               where k.newborn_id = n.id and k.outcome = 'discharged_in_kmc')) as grams,
           coalesce((pnc_settings_of(s.country_id) ->> 'kmcWeeklyBelowGrams')::int,
                    ${DEFAULT_PNC_SETTINGS.kmcWeeklyBelowGrams}) as below
      from newborns n join pnc_subjects s on s.id = n.id
     where n.id = any(p_newborn_ids)
  )
  update newborns n set kmc_follow_up_grams = w.grams, kmc_follow_up_weekly = ${weekly}
    from w
   where n.id = w.id
     and (n.kmc_follow_up_grams, n.kmc_follow_up_weekly) is distinct from (w.grams, ${weekly})
$$`;
}
