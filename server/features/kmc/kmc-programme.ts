import { DEFAULT_EENC_SETTINGS } from '../../../shared/births/eenc-settings';
import { kmcRuleSnapshot } from '../../../shared/kmc/kmc-rule';
import { KMC_FOLLOW_UP_CONTACTS } from '../../../shared/pnc/pnc-settings';
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
  // Most facilities giving KMC declare it (facility readiness), from the day of their first start.
  await q.query(
    `insert into kmc_facility_readiness (facility_id, offers_kmc, offered_since, places, created_at, updated_at)
     select e.facility_id, true, min(e.started_at)::date, array['kmc_ward', 'postnatal_ward'],
            min(e.started_at), min(e.started_at)
       from kmc_episodes e
      where e.facility_id = any($1::uuid[]) and e.started_at is not null and ${rand('e.facility_id', 9, o.seed)} < 0.7
      group by e.facility_id
     on conflict (facility_id) do nothing`,
    [o.facilityIds],
  );
  return row?.n ?? 0;
}

/** A UUID v4-shaped id from an md5 (the API checks UUIDs). */
const md5Uuid = (text: string) =>
  `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;

export type KmcFollowUpSummary = { graduated: number; inFollowUp: number; contacts: number };

/**
 * The follow-up of the programme's babies discharged in KMC (docs/kmc.md): graduation 3 to 10 weeks
 * after the discharge when that falls before `dataEnd` (at the default 2,500 g), the `kmc_follow_up`
 * marker on the others (the KMC service's discharge sets it, graduation clears it), and the weekly KMC
 * contacts of the default schedule recorded at home inside their windows, counted from the discharge,
 * until graduation or `dataEnd`; attendance rising from 50 % to 90 % of the weeks over the years, as
 * uptake does. Deterministic from the seed. Contacts are written as a visit would write them (one
 * visit, one newborn contact), and the subjects' `done_codes` refreshed as the PNC service does.
 */
export async function generateKmcFollowUp(
  q: Queryable,
  o: { facilityIds: string[]; from: string; to: string; dataEnd: string; seed: number },
): Promise<KmcFollowUpSummary> {
  const [g] = await q.query<{ n: number }>(
    `with x as (
       update kmc_episodes e
          set graduated_on = e.discharged_on + 21 + floor(${rand('e.id', 11, o.seed)} * 50)::int,
              graduation_weight_grams = 2500
        where e.facility_id = any($1::uuid[]) and e.outcome = 'discharged_in_kmc'
          and e.discharged_on between $2::date and $3::date
          and e.discharged_on + 21 + floor(${rand('e.id', 11, o.seed)} * 50)::int <= $4::date
       returning 1)
     select count(*)::int as n from x`,
    [o.facilityIds, o.from, o.to, o.dataEnd],
  );
  const [f] = await q.query<{ n: number }>(
    `with x as (
       update newborns n set kmc_follow_up = true
         from kmc_episodes e
        where e.newborn_id = n.id and e.facility_id = any($1::uuid[]) and e.outcome = 'discharged_in_kmc'
          and e.graduated_on is null and e.discharged_on between $2::date and $3::date and not n.kmc_follow_up
       returning 1)
     select count(*)::int as n from x`,
    [o.facilityIds, o.from, o.to],
  );
  const weeks = KMC_FOLLOW_UP_CONTACTS;
  const contacts = await q.query(
    `with w as (
       select * from unnest($5::text[], $6::int[], $7::int[]) as w (code, due_days, until_days)
     ), due as (
       select e.id as episode_id, e.newborn_id, n.birth_id, w.code,
              ((e.discharged_on + w.due_days + floor(${rand('e.id || w.code', 12, o.seed)} * (w.until_days - w.due_days))::int)::timestamp
                + (8 + floor(${rand('e.id || w.code', 13, o.seed)} * 9)::int) * interval '1 hour') at time zone f.timezone as done_at,
              coalesce(e.discharge_weight_grams, 1800) + 150 * (w.due_days / 7) as weight
         from kmc_episodes e
         join newborns n on n.id = e.newborn_id
         join org_units f on f.id = e.facility_id
        cross join w
        where e.facility_id = any($1::uuid[]) and e.outcome = 'discharged_in_kmc'
          and e.discharged_on between $2::date and $3::date
          and e.discharged_on + w.until_days <= least(coalesce(e.graduated_on, $4::date), $4::date)
          and ${rand('e.id || w.code', 14, o.seed)}
              < 0.5 + 0.4 * ((e.discharged_on - $2::date)::numeric / greatest($3::date - $2::date, 1))
     ), v as (
       insert into pnc_visits (id, birth_id, contact_code, visited_at, place, seen_by, created_at, updated_at)
       select ${md5Uuid("'kmcv:' || d.episode_id::text || d.code")}, d.birth_id, d.code, d.done_at, 'home',
              'CHW', d.done_at, d.done_at
         from due d
       returning id
     )
     insert into pnc_contacts (id, visit_id, subject_id, birth_id, kind, contact_code, done_at, place, observations,
                               exclusive_bf_yesterday, created_at, updated_at)
     select ${md5Uuid("'kmcc:' || d.episode_id::text || d.code")}, ${md5Uuid("'kmcv:' || d.episode_id::text || d.code")},
            d.newborn_id, d.birth_id, 'newborn', d.code, d.done_at, 'home',
            jsonb_build_object('weightGrams', d.weight, 'kmcHoursYesterday', 8 + floor(${rand('d.episode_id || d.code', 15, o.seed)} * 12),
                               'exclusiveBreastfeedingYesterday', true),
            true, d.done_at, d.done_at
       from due d
     returning 1`,
    [
      o.facilityIds,
      o.from,
      o.to,
      o.dataEnd,
      weeks.map((k) => k.code),
      weeks.map((k) => k.dueFrom.value),
      weeks.map((k) => k.dueUntil.value),
    ],
  );
  // The subjects' summary of their contacts (pnc.repo.ts refreshSubjects), for the babies just visited.
  await q.query(
    `update pnc_subjects s
        set done_codes = coalesce((select array_agg(c.contact_code order by c.contact_code)
                                     from pnc_contacts c where c.subject_id = s.id), '{}'),
            updated_at = now()
      where s.id in (select e.newborn_id from kmc_episodes e
                      where e.facility_id = any($1::uuid[]) and e.outcome = 'discharged_in_kmc'
                        and e.discharged_on between $2::date and $3::date)`,
    [o.facilityIds, o.from, o.to],
  );
  return { graduated: g?.n ?? 0, inFollowUp: f?.n ?? 0, contacts: contacts.length };
}
