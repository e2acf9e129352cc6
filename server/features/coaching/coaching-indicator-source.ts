import { DEFAULT_PASSING_PERCENT } from '../../../shared/coaching/checklist-scoring';

/**
 * The indicator source `coaching` (registered in server/features/indicators/indicator-source-registry.ts):
 * one row per health worker who worked at the facility during the period, counted where they worked last
 * in it (where they work at the period's end when still there). Counted live from the roster and the
 * courses at each request, so a course, a completion or a move shows at the next query. Coverage follows
 * shared/coaching/coverage.ts: covered at the period's end when a completed course ended in the last N
 * years (N per country, coaching_settings, default 3). Coached to standard: a course completed in the
 * period with an after-coaching skills checklist at the country's passing score (default 80 %).
 *
 * A plain value (no import of the indicator feature, which imports this file): the registry checks it
 * against `LiveSource`.
 */
export const COACHING_SOURCE = {
  kind: 'live' as const,
  id: 'coaching',
  facility: 'hw.facility_id',
  date: 'hw.period_end',
  factTable: `lateral (
    select w.id, p.facility_id, c.d2 as period_end, w.facilitator_level,
           p.ward = 'delivery_room' as delivery_room,
           (p.ended_on is null or p.ended_on > c.d2) as active_at_end,
           exists (select 1 from coaching_participants cp join coaching_courses cc on cc.id = cp.course_id
                    where cp.worker_id = w.id and cp.completed and cc.ends_on between c.d1 and c.d2) as coached_in_period,
           exists (select 1 from coaching_participants cp join coaching_courses cc on cc.id = cp.course_id
                    where cp.worker_id = w.id and cp.completed and cc.ends_on <= c.d2) as ever_coached,
           exists (select 1 from coaching_participants cp join coaching_courses cc on cc.id = cp.course_id
                    where cp.worker_id = w.id and cp.completed and cc.ends_on between c.d1 and c.d2
                      and exists (select 1 from coaching_checklists ck
                                   where ck.course_id = cp.course_id and ck.worker_id = cp.worker_id
                                     and ck.moment = 'after'
                                     and ck.percent >= coalesce((select cs.passing_percent from coaching_settings cs
                                                                  where cs.country_id = w.country_id), ${DEFAULT_PASSING_PERCENT}))
                   ) as coached_to_standard,
           exists (select 1 from coaching_participants cp join coaching_courses cc on cc.id = cp.course_id
                    where cp.worker_id = w.id and cp.completed and cc.ends_on <= c.d2
                      and cc.ends_on >= c.d2 - make_interval(years => coalesce(
                        (select cs.coverage_years from coaching_settings cs where cs.country_id = w.country_id), 3))
                   ) as covered
      from health_worker_postings p join health_workers w on w.id = p.worker_id
     where p.facility_id = o.id and p.active_from <= c.d2 and (p.ended_on is null or p.ended_on > c.d1)
       -- the worker's last posting that overlaps the period (a later one would start inside it)
       and not exists (select 1 from health_worker_postings p2
                        where p2.worker_id = p.worker_id and p2.active_from > p.active_from and p2.active_from <= c.d2)
  ) hw`,
  birthJoin: '',
  unitsWithRecords: 'select facility_id from health_worker_postings',
  key: 'hw.id',
  fields: {
    delivery_room: { sql: 'hw.delivery_room' },
    active_at_end: { sql: 'hw.active_at_end' },
    coached_in_period: { sql: 'hw.coached_in_period' },
    ever_coached: { sql: 'hw.ever_coached' },
    covered: { sql: 'hw.covered' },
    coached_to_standard: { sql: 'hw.coached_to_standard' },
    facilitator: { sql: "coalesce(hw.facilitator_level, 'none')" },
  },
  dimensions: {},
};
