import { DEFAULT_PASSING_PERCENT } from '../../../shared/coaching/checklist-scoring';

/** The points of a checklist `k`, one row per point of each domain (stored score: `domains` of the record). */
const POINTS = `jsonb_each(k.domains) d cross join generate_series(1, (d.value->>'max')::int) s(n)`;

/**
 * The indicator source `coaching_checklist` (registered in
 * server/features/indicators/indicator-source-registry.ts; fields and indicators in
 * shared/coaching/checklist-indicators.ts): the recorded skills checklists of the courses held at the
 * facility, counted at each request (a new or corrected checklist shows at the next query). Rows:
 * - `checklist`: one per checklist, dated by its date, passing at the worker's country's passing score;
 * - `point`: two per applicable item of each checklist (its two points, `earned` for those scored);
 * - `pair_point`: the points of a participant's last before- and last after-coaching checklist of a
 *   course, dated by that after-coaching checklist.
 * A country's copy of a checklist counts as the shipped checklist it copies (`checklist`).
 *
 * A plain value (no import of the indicator feature, which imports this file).
 */
export const COACHING_CHECKLIST_SOURCE = {
  kind: 'live' as const,
  id: 'coaching_checklist',
  facility: 'ck.facility_id',
  date: 'ck.counted_on',
  factTable: `lateral (
    with own as (
      select k.*, cc.venue_id,
             coalesce((select v.based_on_id from coaching_checklist_versions v
                        where v.checklist_id = k.checklist_id and v.version = k.checklist_version), k.checklist_id) as base
        from coaching_courses cc join coaching_checklists k on k.course_id = cc.id
       where cc.venue_id = o.id
    ),
    pairs as (
      -- A participant's last after-coaching checklist of a course in the period, and their last before one.
      select a.id as after_id, a.observed_on,
             (select b.id from own b where b.course_id = a.course_id and b.worker_id = a.worker_id and b.moment = 'before'
               order by b.observed_on desc, b.created_at desc, b.id desc limit 1) as before_id
        from own a
       where a.moment = 'after' and a.observed_on between c.d1 and c.d2
         and not exists (select 1 from own l where l.course_id = a.course_id and l.worker_id = a.worker_id
                           and l.moment = 'after' and (l.observed_on, l.created_at, l.id) > (a.observed_on, a.created_at, a.id))
    )
    select k.id, k.venue_id as facility_id, k.observed_on as counted_on, 'checklist' as kind, k.base as checklist,
           null::text as domain, k.moment, null::boolean as earned,
           k.percent >= coalesce((select cs.passing_percent from coaching_settings cs join health_workers w
                                    on w.country_id = cs.country_id where w.id = k.worker_id), ${DEFAULT_PASSING_PERCENT}) as passing
      from own k where k.observed_on between c.d1 and c.d2
    union all
    select k.id, k.venue_id, k.observed_on, 'point', k.base, d.key, k.moment, s.n <= (d.value->>'total')::int, null
      from own k cross join ${POINTS} where k.observed_on between c.d1 and c.d2
    union all
    select k.id, k.venue_id, p.observed_on, 'pair_point', k.base, d.key, k.moment, s.n <= (d.value->>'total')::int, null
      from pairs p join own k on k.id in (p.after_id, p.before_id) cross join ${POINTS}
     where p.before_id is not null
  ) ck`,
  birthJoin: '',
  unitsWithRecords:
    'select cc.venue_id from coaching_courses cc where exists (select 1 from coaching_checklists k where k.course_id = cc.id)',
  key: 'ck.id',
  fields: {
    kind: { sql: 'ck.kind' },
    checklist: { sql: 'ck.checklist' },
    domain: { sql: 'ck.domain' },
    moment: { sql: 'ck.moment' },
    earned: { sql: 'ck.earned' },
    passing: { sql: 'ck.passing' },
  },
  dimensions: {},
};
