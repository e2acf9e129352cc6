import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import { kmcRuleSnapshot } from '../../../shared/kmc/kmc-rule';
import type { Queryable } from '../../db/db';
import { sqlLiteral } from '../../db/sql-literals';

/** A stable number in [0, 1) per baby and draw, the same on both engines. */
const rand = (id: string, k: number, seed: number) =>
  `(('x' || substr(md5(${id}::text || ':${k}:${seed}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;

/**
 * KMC of the synthetic programme (issue 16): every eligible live-born baby of the generated facilities
 * may get an episode, uptake rising over the years generated (30 % of eligible babies at the start to
 * 90 % at the end), a quarter of starts immediate, the stay 5–19 days, up to a week of daily logs, and
 * a discharge once the stay ends before `dataEnd`. Set-based SQL, like the births it follows; episode
 * ids are md5-based with the version and variant digits of a UUID v4 (the API checks UUIDs).
 */
export async function generateKmc(
  q: Queryable,
  o: { facilityIds: string[]; from: string; to: string; dataEnd: string; seed: number },
): Promise<number> {
  const rule = sqlLiteral(kmcRuleSnapshot(DEFAULT_EENC_SETTINGS));
  const [row] = await q.query<{ n: number }>(
    `with x as (
       select n.id, n.facility_id, n.birth_date, n.birth_weight_grams, b.born_at,
              ${rand('n.id', 1, o.seed)} < 0.3 + 0.6 * ((n.birth_date - $2::date)::numeric / greatest($3::date - $2::date, 1)) as started,
              ${rand('n.id', 2, o.seed)} as r2, ${rand('n.id', 3, o.seed)} as r3, 5 + floor(${rand('n.id', 4, o.seed)} * 15)::int as stay
         from newborns n join births b on b.id = n.birth_id
        where n.facility_id = any($1::uuid[]) and n.kmc_eligible and n.outcome = 'live_birth'
          and n.birth_date between $2::date and $3::date
     ), ins as (
       insert into kmc_episodes (id, newborn_id, facility_id, started_at, incubator_first, place, provider,
                                 not_started_reason, discharged_on, outcome, discharge_weight_grams, closed_rule,
                                 closed_eligible, created_at, updated_at)
       select overlay(overlay(md5('kmc:' || x.id::text) placing '4' from 13) placing '8' from 17)::uuid, x.id, x.facility_id,
              case when started then x.born_at + (case when r2 < 0.25 then 30 else 90 + floor(r3 * 600) end) * interval '1 minute' end,
              case when started then r2 >= 0.25 and r3 < 0.4 end,
              case when started then case when x.birth_weight_grams < 1500 then 'nicu' when r3 < 0.7 then 'kmc_ward' else 'postnatal_ward' end end,
              case when started then case when r3 < 0.08 then 'father' else 'mother' end end,
              case when not started then (array['baby_unstable', 'mother_unwell', 'no_space_or_staff', 'declined'])[1 + floor(r3 * 4)::int] end,
              case when started and x.birth_date + stay < $4::date then x.birth_date + stay end,
              case when started and x.birth_date + stay < $4::date then
                case when r2 < 0.04 then 'died' when r2 < 0.08 then 'referred' when r2 < 0.11 then 'left_against_advice'
                     when r2 < 0.15 then 'stopped' else 'discharged_in_kmc' end end,
              case when started and x.birth_date + stay < $4::date then coalesce(x.birth_weight_grams, 1800) + stay * 15 end,
              case when started and x.birth_date + stay < $4::date then ${rule}::jsonb end,
              case when started and x.birth_date + stay < $4::date then true end,
              x.born_at, x.born_at
         from x
       returning id, newborn_id, started_at
     ), logs as (
       insert into kmc_daily_logs (episode_id, log_date, ssc_hours, feeding, weight_grams, created_at, updated_at)
       select i.id, x.birth_date + d, 4 + floor(${rand('i.id', 5, o.seed)} * 40) / 2,
              case when x.r3 < 0.8 then 'exclusive_breast_milk' else 'tube_or_cup' end,
              coalesce(x.birth_weight_grams, 1800) - 15 * least(d, 3) + 20 * greatest(d - 3, 0), x.born_at, x.born_at
         from ins i join x on x.id = i.newborn_id cross join generate_series(0, 6) d
        where i.started_at is not null and d <= x.stay and x.birth_date + d <= $4::date
       returning 1
     )
     select (select count(*) from ins)::int as n, (select count(*) from logs)::int as logs`,
    [o.facilityIds, o.from, o.to, o.dataEnd],
  );
  return row?.n ?? 0;
}
