import { dayNumberSql } from '../../db/day-number';

/**
 * The days KMC was started at the facilities asked about, from their stored lists (migration 0130: one row
 * per facility, kept by triggers on `kmc_episodes`): one primary-key lookup per facility, where the index
 * of migration 0110 scanned each facility's range of episodes and grouped it into text (the region's
 * 2,522 facilities: the SQL left of the heaviest KMC view). A
 * facility's whole list is sent when its first to last start overlaps the request's days (the list is
 * sorted: two array reads; some 30 days per facility over a decade at 4 million births): keeping only the
 * request's days (`unnest` per row) cost 3-4 times the rest of the read (BENCHMARKS.md).
 */
export const START_DAYS_STORED = `select s.facility_id, array_to_string(s.days, ',') as v
                from kmc_facility_start_days s
               where s.facility_id in ($facilities)
                 and s.days[1] <= ${dayNumberSql('$to::date')} and s.days[cardinality(s.days)] >= ${dayNumberSql('$from::date')}`;

/**
 * The server half of the indicator source `kmc_facility` (shared/kmc/kmc-indicators.ts): one row per
 * facility for the period, counted live. Declares KMC: the facility's own declaration (migration 0097)
 * says it offers KMC since a day on or before the period's last day. Offers KMC: that declaration, or an
 * episode started there in the period (by the UTC date of the start, as the list's dates are read), so a
 * facility that treats small babies without having declared it still counts. Trained staff: a worker
 * whose posting there covers the period's last day completed a KMC coaching course (Module 2) that ended
 * by then. Registered in server/features/indicators/indicator-source-registry.ts (a plain value, as the
 * other live sources).
 */
export const KMC_FACILITY_SOURCE = {
  kind: 'live' as const,
  id: 'kmc_facility',
  facility: 'kf.facility_id',
  date: 'kf.period_end',
  factTable: `lateral (
    select o.id as facility_id, c.d2 as period_end, d.declares_kmc,
           d.declares_kmc
             or exists (select 1 from kmc_episodes e
                         where e.facility_id = o.id and e.started_at >= c.d1 and e.started_at < c.d2 + 1) as offers_kmc,
           exists (select 1 from health_worker_postings p
                     join coaching_participants cp on cp.worker_id = p.worker_id and cp.completed
                     join coaching_courses cc on cc.id = cp.course_id and cc.module = 'kmc' and cc.ends_on <= c.d2
                    where p.facility_id = o.id and p.active_from <= c.d2
                      and (p.ended_on is null or p.ended_on > c.d2)) as trained_staff
      from (select exists (select 1 from kmc_facility_readiness r
                            where r.facility_id = o.id and r.offers_kmc and r.offered_since <= c.d2) as declares_kmc) d
     where o.kind = 'facility') kf`,
  birthJoin: '',
  key: 'kf.facility_id',
  fields: {
    declares_kmc: { sql: 'kf.declares_kmc' },
    offers_kmc: { sql: 'kf.offers_kmc' },
    trained_staff: { sql: 'kf.trained_staff' },
  },
  dimensions: {},
  /**
   * The same facts from each facility's timeline (indicator-sources.ts, `FacilityTimeline`): the
   * declaration as a span from its day on; the KMC-trained postings as spans from the later of the
   * posting's first day and the course's last day until the posting ended; the days KMC was started
   * there (UTC dates, as the comparison with the period's dates above reads them on the server's UTC
   * sessions), from each facility's stored list (`START_DAYS_STORED`).
   */
  timeline: {
    where: `o.kind = 'facility'`,
    spans: {
      declared: `select r.facility_id, json_build_array(json_build_array(r.offered_since, null)) as v
                   from kmc_facility_readiness r
                  where r.facility_id in ($facilities) and r.offers_kmc and r.offered_since is not null`,
      trained: `select p.facility_id, json_agg(json_build_array(greatest(p.active_from, cc.ends_on), p.ended_on)) as v
                  from health_worker_postings p
                  join coaching_participants cp on cp.worker_id = p.worker_id and cp.completed
                  join coaching_courses cc on cc.id = cp.course_id and cc.module = 'kmc'
                 where p.facility_id in ($facilities)
                   and (p.ended_on is null or p.ended_on > greatest(p.active_from, cc.ends_on))
                 group by p.facility_id`,
    },
    days: { started: START_DAYS_STORED },
    fields: {
      declares_kmc: { spans: ['declared'] },
      offers_kmc: { spans: ['declared'], days: ['started'] },
      trained_staff: { spans: ['trained'] },
    },
  },
};
