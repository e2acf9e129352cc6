import { findChecklist } from '../../../shared/coaching/checklists';
import type { Db, Queryable } from '../../db/db';

/** A facility of the synthetic programme, as the coaching generator needs it. */
export type ProgrammeFacility = { id: string; countryId: string; workers: number; introduced: string | null };

/**
 * Rosters and courses of the synthetic programme (`npm run seed -- --scale programme`), set-based like its
 * births: each facility gets its share of the health workers (three in four in the delivery room), and
 * each facility that introduced EENC a course a year from a month after its introduction, each coaching a
 * third of its delivery-room staff (85 % complete), so coverage rises over the first three years after
 * introduction. Deterministic (ids and choices are hashes of the facility and worker numbers).
 * Each participant has a skills checklist before the course and, when completed, one after it
 * (`generateChecklists`).
 */
export async function generateCoachingProgramme(
  db: Db,
  facilities: readonly ProgrammeFacility[],
  dataEnd: string,
  /** `off`: without rollup upkeep, for a generation whose full rebuild follows (programme.ts). */
  rollups: 'live' | 'off' = 'live',
): Promise<{ workers: number; courses: number; participants: number; checklists: number }> {
  const f = {
    ids: facilities.map((x) => x.id),
    countries: facilities.map((x) => x.countryId),
    workers: facilities.map((x) => x.workers),
    introduced: facilities.map((x) => x.introduced),
  };
  const facilityRel = `unnest($1::uuid[], $2::uuid[], $3::int[], $4::date[]) as f(id, country_id, n, introduced)`;
  const params = [f.ids, f.countries, f.workers, f.introduced];
  return db.transaction(async (tx) => {
    if (rollups === 'off') await tx.query("select set_config('openeenc.rollups', 'off', true)");
    await tx.query(
      `insert into health_workers (id, country_id, name, cadre)
       select md5('hw:' || f.id || ':' || g)::uuid, f.country_id, 'Synthetic worker ' || g,
              (array['midwife', 'midwife', 'nurse', 'nurse', 'obstetrician', 'general_doctor'])[1 + g % 6]
         from ${facilityRel} cross join generate_series(1, f.n) g`,
      params,
    );
    await tx.query(
      `insert into health_worker_postings (id, worker_id, facility_id, ward, active_from)
       select md5('hwp:' || f.id || ':' || g)::uuid, md5('hw:' || f.id || ':' || g)::uuid, f.id,
              case when g % 4 = 0 then 'postnatal_ward' else 'delivery_room' end, date '2010-01-01'
         from ${facilityRel} cross join generate_series(1, f.n) g`,
      params,
    );
    const courses = await tx.query<{ id: string }>(
      `insert into coaching_courses (id, venue_id, module, starts_on, ends_on, days)
       select md5('course:' || f.id || ':' || k)::uuid, f.id, 'eenc_routine', e - 2, e, 3
         from ${facilityRel}
         cross join lateral generate_series(0, 30) k
         cross join lateral (select f.introduced + 30 + k * 365 as e) d
        where f.introduced is not null and d.e <= $5::date
       returning id`,
      [...params, dataEnd],
    );
    // Course k coaches the delivery-room workers whose number is k modulo 3.
    const participants = await tx.query<{ course_id: string }>(
      `insert into coaching_participants (course_id, worker_id, days_attended, completed)
       select md5('course:' || f.id || ':' || k)::uuid, md5('hw:' || f.id || ':' || g)::uuid, 3,
              abs(hashtext(f.id || ':' || g || ':' || k)) % 100 < 85
         from ${facilityRel}
         cross join lateral generate_series(0, 30) k
         cross join generate_series(1, f.n) g
        where f.introduced is not null and f.introduced + 30 + k * 365 <= $5::date
          and g % 4 <> 0 and g % 3 = k % 3
       returning course_id`,
      [...params, dataEnd],
    );
    return {
      workers: f.workers.reduce((a, b) => a + b, 0),
      courses: courses.length,
      participants: participants.length,
      checklists: await generateChecklists(tx, f.ids),
    };
  });
}

/**
 * The breathing-baby checklist for every participant of the facilities' courses: before coaching on the
 * course's first day (an item yes with probability 0.4, partly 0.35, else no) and, for those who
 * completed it, after coaching on its last day (yes 0.8, partly 0.12), each item's answer a hash of the
 * course, worker, moment and item. Scored in SQL as shared/coaching/checklist-scoring.ts does (yes 2,
 * partial 1, no 0; percentages to one decimal), so the records are as if recorded through the API.
 */
async function generateChecklists(tx: Queryable, facilityIds: string[]): Promise<number> {
  const def = findChecklist('eenc_breathing', 1)!;
  const items = def.domains.flatMap((d) => d.items.map((i) => [i.code, d.code] as const));
  const pct = (t: string, m: string) => `(round(1000.0 * ${t} / ${m}) / 10)::float8`;
  const [row] = await tx.query<{ n: number }>(
    `with m as (
       select cp.course_id, cp.worker_id, mo.moment,
              case mo.moment when 'before' then c.starts_on else c.ends_on end as observed_on
         from coaching_courses c join coaching_participants cp on cp.course_id = c.id
        cross join (values ('before'), ('after')) mo(moment)
        where c.venue_id = any($1::uuid[]) and c.module = 'eenc_routine' and (mo.moment = 'before' or cp.completed)
     ),
     a as (
       select m.*, it.code, it.domain,
              case when h < (case m.moment when 'before' then 40 else 80 end) then 'yes'
                   when h < (case m.moment when 'before' then 75 else 92 end) then 'partial' else 'no' end as answer
         from m cross join unnest($2::text[], $3::text[]) it(code, domain)
        cross join lateral (select abs(hashtext(m.course_id || ':' || m.worker_id || ':' || m.moment || ':' || it.code)) % 100 as h) x
     ),
     d as (
       select course_id, worker_id, moment, observed_on, domain,
              sum(case answer when 'yes' then 2 when 'partial' then 1 else 0 end)::int as t, 2 * count(*)::int as mx
         from a group by course_id, worker_id, moment, observed_on, domain
     ),
     dd as (
       select course_id, worker_id, moment, observed_on, sum(t)::int as t, sum(mx)::int as mx,
              jsonb_object_agg(domain, jsonb_build_object('total', t, 'max', mx, 'percent', ${pct('t', 'mx')})) as domains
         from d group by course_id, worker_id, moment, observed_on
     ),
     ans as (select course_id, worker_id, moment, jsonb_object_agg(code, answer) as answers from a group by 1, 2, 3),
     ins as (
       insert into coaching_checklists (id, course_id, worker_id, checklist_id, checklist_version, moment, method,
         observed_on, answers, total, max_total, percent, domains, created_at)
       select md5('ck:' || dd.course_id || ':' || dd.worker_id || ':' || dd.moment)::uuid, dd.course_id, dd.worker_id,
              $4, $5, dd.moment, 'mannequin', dd.observed_on, ans.answers, dd.t, dd.mx, ${pct('dd.t', 'dd.mx')},
              dd.domains, dd.observed_on::timestamptz
         from dd join ans using (course_id, worker_id, moment)
       returning 1
     )
     select count(*)::int as n from ins`,
    [facilityIds, items.map((i) => i[0]), items.map((i) => i[1]), def.id, def.version],
  );
  return row!.n;
}
