import type { Db } from '../../db/db';

/** A facility of the synthetic programme, as the coaching generator needs it. */
export type ProgrammeFacility = { id: string; countryId: string; workers: number; introduced: string | null };

/**
 * Rosters and courses of the synthetic programme (`npm run seed -- --scale programme`), set-based like its
 * births: each facility gets its share of the health workers (three in four in the delivery room), and
 * each facility that introduced EENC a course a year from a month after its introduction, each coaching a
 * third of its delivery-room staff (85 % complete), so coverage rises over the first three years after
 * introduction. Deterministic (ids and choices are hashes of the facility and worker numbers).
 */
export async function generateCoachingProgramme(
  db: Db,
  facilities: readonly ProgrammeFacility[],
  dataEnd: string,
): Promise<{ workers: number; courses: number; participants: number }> {
  const f = {
    ids: facilities.map((x) => x.id),
    countries: facilities.map((x) => x.countryId),
    workers: facilities.map((x) => x.workers),
    introduced: facilities.map((x) => x.introduced),
  };
  const facilityRel = `unnest($1::uuid[], $2::uuid[], $3::int[], $4::date[]) as f(id, country_id, n, introduced)`;
  const params = [f.ids, f.countries, f.workers, f.introduced];
  return db.transaction(async (tx) => {
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
    };
  });
}
